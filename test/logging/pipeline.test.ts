import { describe, expect, it } from 'vitest';
import { containerLogsPipeline, DATA_STREAM, EVENT_TIME, PLUGIN_IDS } from '../../cdk8s/logging/container-logs-pipeline.js';
import { field, quote, renderCondition, renderPipeline, type Pipeline } from '../../cdk8s/logging/pipeline.js';
import {
  allPlugins,
  attribute,
  type LsBranch,
  type LsPlugin,
  LogstashSyntaxError,
  parseLogstashConfig,
} from '../support/logstash-parser.js';
import { filterEvent } from '../support/logstash-events.js';

const rendered = renderPipeline(containerLogsPipeline({ beatsPort: 5044, elasticsearchEnvPrefix: 'LOGGING' }));
const parsed = parseLogstashConfig(rendered);
const section = (type: 'input' | 'filter' | 'output') => {
  const found = parsed.sections.find((s) => s.type === type);
  if (!found) throw new Error(`no ${type} section`);
  return found;
};
const str = (p: LsPlugin, name: string) => {
  const v = attribute(p, name);
  return v?.type === 'string' ? v.value : undefined;
};

describe('the container logs pipeline (parsed from its rendered config)', () => {
  it('has exactly an input, a filter and an output section, in that order', () => {
    expect(parsed.sections.map((s) => s.type)).toEqual(['input', 'filter', 'output']);
  });

  it('reads the Beats protocol on port 5044 and nothing else', () => {
    const inputs = allPlugins(section('input').body);
    expect(inputs.map((p) => p.name)).toEqual(['beats']);
    expect(attribute(inputs[0]!, 'port')).toEqual({ type: 'number', value: 5044 });
    expect(str(inputs[0]!, 'id')).toBe(PLUGIN_IDS.beats);
  });

  it('parses JSON lines with the json filter, guarded by a match on a leading "{"', () => {
    const first = section('filter').body[0] as LsBranch;
    expect(first.kind).toBe('branch');
    expect(first.clauses[0]!.condition).toEqual({ type: 'regex', op: '=~', left: { type: 'selector', path: ['message'] }, pattern: '^\\s*\\{' });
    const json = first.clauses[0]!.body[0] as LsPlugin;
    expect(json.name).toBe('json');
    expect(str(json, 'source')).toBe('message');
    expect(str(json, 'target')).toBe('json');
    expect(attribute(json, 'skip_on_invalid_json')).toEqual({ type: 'bareword', value: 'true' });
  });

  it('handles plain lines in the else branch with grok, without tagging lines that carry no level', () => {
    const first = section('filter').body[0] as LsBranch;
    const otherwise = first.clauses.at(-1)!;
    expect(otherwise.condition).toBeNull();
    const grok = otherwise.body[0] as LsPlugin;
    expect(grok.name).toBe('grok');
    const match = attribute(grok, 'match');
    expect(match?.type === 'hash' && match.entries[0]?.key).toBe('message');
    expect(attribute(grok, 'tag_on_failure')).toEqual({ type: 'array', items: [] });
  });

  it('names data streams logs-<service>-<namespace> from Kubernetes metadata, which it keeps', () => {
    const filters = allPlugins(section('filter').body);
    const added = filters.flatMap((p) => {
      const v = attribute(p, 'add_field');
      return v?.type === 'hash' ? v.entries.map((e) => [e.key, e.value.type === 'string' ? e.value.value : '']) : [];
    });
    expect(added).toContainEqual(['[data_stream][type]', 'logs']);
    expect(added).toContainEqual(['[data_stream][dataset]', '%{[kubernetes][labels][app_kubernetes_io/name]}']);
    expect(added).toContainEqual(['[data_stream][dataset]', '%{[kubernetes][container][name]}']);
    expect(added).toContainEqual(['[data_stream][dataset]', DATA_STREAM.fallbackDataset]);
    expect(added).toContainEqual(['[data_stream][namespace]', '%{[kubernetes][namespace]}']);
    // Nothing removes or renames the kubernetes.* fields.
    for (const p of filters) {
      for (const a of p.attributes) expect(['remove_field', 'rename', 'prune']).not.toContain(a.name);
    }
  });

  it('folds characters data stream names forbid into "_" after lowercasing', () => {
    const mutates = allPlugins(section('filter').body).filter((p) => p.name === 'mutate');
    const lower = mutates.findIndex((p) => attribute(p, 'lowercase'));
    const gsub = mutates.findIndex((p) => attribute(p, 'gsub'));
    expect(lower).toBeGreaterThanOrEqual(0);
    expect(gsub).toBeGreaterThan(lower);
    const g = attribute(mutates[gsub]!, 'gsub');
    expect(g?.type === 'array' && g.items.map((i) => (i.type === 'string' ? i.value : ''))).toEqual([
      '[data_stream][dataset]',
      '[^a-z0-9_.]',
      '_',
      '[data_stream][namespace]',
      '[^a-z0-9_]',
      '_',
    ]);
  });

  it('writes to Elasticsearch data streams over TLS with the credentials ECK injects', () => {
    const outputs = allPlugins(section('output').body);
    expect(outputs.map((p) => p.name)).toEqual(['elasticsearch']);
    const es = outputs[0]!;
    expect(attribute(es, 'hosts')).toEqual({ type: 'array', items: [{ type: 'string', value: '${LOGGING_ES_HOSTS}' }] });
    expect(str(es, 'user')).toBe('${LOGGING_ES_USER}');
    expect(str(es, 'password')).toBe('${LOGGING_ES_PASSWORD}');
    expect(attribute(es, 'ssl_enabled')).toEqual({ type: 'bareword', value: 'true' });
    expect(attribute(es, 'ssl_certificate_authorities')).toEqual({
      type: 'array',
      items: [{ type: 'string', value: '${LOGGING_ES_SSL_CERTIFICATE_AUTHORITY}' }],
    });
    expect(str(es, 'data_stream')).toBe('true');
    expect(str(es, 'id')).toBe(PLUGIN_IDS.elasticsearch);
  });

  it('contains no credential, only references to environment variables', () => {
    expect(rendered).not.toMatch(/password => "(?!\$\{)/);
  });
});

describe('the pipeline renderer', () => {
  const minimal: Pipeline = { input: [{ plugin: 'stdin' }], output: [{ plugin: 'stdout', settings: { codec: { plugin: 'rubydebug' } } }] };

  it('renders nested plugins (codecs), hashes, lists and conditionals that the parser reads back', () => {
    const p: Pipeline = {
      input: [{ plugin: 'generator', settings: { count: 1, lines: ['a', 'b'], codec: { plugin: 'json' } } }],
      filter: [
        {
          branches: [
            { when: { all: [{ exists: field('a') }, { not: { exists: field('b', 'c') } }] }, then: [{ plugin: 'drop' }] },
            { when: { compare: '>=', left: field('n'), right: 3 }, then: [{ plugin: 'mutate', settings: { add_tag: ['big'] } }] },
            { when: { in: field('level'), list: ['error', 'warn'] }, then: [{ plugin: 'mutate', settings: { add_tag: ['bad'] } }] },
          ],
          otherwise: [{ plugin: 'mutate', settings: { add_field: { hash: { x: 'y' } } } }],
        },
      ],
      output: [{ plugin: 'stdout' }],
    };
    const tree = parseLogstashConfig(renderPipeline(p));
    const branch = tree.sections[1]!.body[0] as LsBranch;
    expect(branch.clauses).toHaveLength(4);
    expect(branch.clauses[0]!.condition).toEqual({
      type: 'bool',
      op: 'and',
      left: { type: 'selector', path: ['a'] },
      right: { type: 'not', operand: { type: 'selector', path: ['b', 'c'] } },
    });
    expect(branch.clauses[1]!.condition).toEqual({ type: 'compare', op: '>=', left: { type: 'selector', path: ['n'] }, right: { type: 'number', value: 3 } });
    expect(branch.clauses[2]!.condition).toMatchObject({ type: 'in', negate: false });
    const codec = attribute(tree.sections[0]!.body[0] as LsPlugin, 'codec');
    expect(codec?.type === 'plugin' && codec.plugin.name).toBe('json');
  });

  it('leaves out the filter section when there are no filters', () => {
    expect(parseLogstashConfig(renderPipeline(minimal)).sections.map((s) => s.type)).toEqual(['input', 'output']);
  });

  it('uses single quotes for strings with double quotes, and throws when a string has both', () => {
    expect(quote('say "hi"')).toBe(`'say "hi"'`);
    expect(() => quote(`it's "x"`)).toThrow(/contains both quote characters/);
  });

  it('throws if a pipeline has no input or no output', () => {
    expect(() => renderPipeline({ input: [], output: [{ plugin: 'stdout' }] })).toThrow(/at least one input/);
    expect(() => renderPipeline({ input: [{ plugin: 'stdin' }], output: [] })).toThrow(/at least one output/);
  });

  it('throws on a plugin or setting name that is not a bareword, and on an empty condition block', () => {
    expect(() => renderPipeline({ input: [{ plugin: 'my-input' }], output: [{ plugin: 'stdout' }] })).toThrow(/plugin name "my-input"/);
    expect(() => renderPipeline({ input: [{ plugin: 'stdin', settings: { 'a.b': 1 } }], output: [{ plugin: 'stdout' }] })).toThrow(/setting name "a.b"/);
    expect(() => renderCondition({ any: [] })).toThrow(/empty "any" condition/);
    expect(() =>
      renderPipeline({ input: [{ plugin: 'stdin' }], filter: [{ branches: [{ when: { exists: field('a') }, then: [] }] }], output: [{ plugin: 'stdout' }] }),
    ).toThrow(/conditional block is empty/);
  });

  it('throws on field references that Logstash cannot express', () => {
    expect(() => field('a]b')).toThrow(/field path segment "a]b"/);
    expect(() => field()).toThrow(/at least one path segment/);
  });

  it('throws on a regex containing "/" (it would end the regexp literal)', () => {
    expect(() => renderCondition({ matches: field('path'), regex: '^/var' })).toThrow(/contains "\/"/);
  });
});

describe('the Logstash config parser', () => {
  it('accepts comments, quoted plugin names and else-if chains', () => {
    const tree = parseLogstashConfig(`# comment
input { "stdin" { } }
filter { if [a] == 1 { drop {} } else if "x" in [tags] { drop {} } else { mutate { add_tag => ["z"] } } }
output { stdout { codec => rubydebug } }`);
    expect(tree.sections).toHaveLength(3);
    expect((tree.sections[1]!.body[0] as LsBranch).clauses).toHaveLength(3);
  });

  it.each([
    ['an unknown section', 'inputs { stdin {} }', /expected "input", "filter" or "output"/],
    ['an unclosed section', 'input { stdin {} ', /unexpected end of input/],
    ['an attribute without =>', 'input { beats { port 5044 } }', /expected "=>"/],
    ['an attribute without a value', 'input { beats { port => } }', /expected a value/],
    ['an unterminated string', 'output { stdout { codec => "json } }', /unterminated string/],
    ['a list without commas', 'filter { mutate { add_tag => ["a" "b"] } }', /expected ","/],
    ['an if without a condition', 'filter { if { drop {} } }', /expected a field reference/],
    ['an if without a block', 'filter { if [a] drop {} }', /expected "{"/],
    ['a comma inside a field reference', 'filter { if [a,b] { drop {} } }', /expected a value/],
    ['an empty document', '   # only a comment\n', /expected a plugin section/],
    ['text after the last section', 'input { stdin {} } garbage', /expected "input", "filter" or "output"/],
    ['an else without an if', 'filter { else { drop {} } }', /expected "=>"/],
  ])('rejects %s', (_what, text, message) => {
    expect(() => parseLogstashConfig(text)).toThrow(LogstashSyntaxError);
    expect(() => parseLogstashConfig(text)).toThrow(message);
  });
});

describe('events through the container logs pipeline (its parsed filter section, simulated)', () => {
  const readAt = new Date('2026-03-01T09:00:00.000Z');
  const line = (json: Record<string, unknown>) => ({
    message: JSON.stringify(json),
    kubernetes: { namespace: 'shop', container: { name: 'checkout' }, labels: { 'app_kubernetes_io/name': 'checkout' } },
  });

  it("indexes a JSON line at the application's own @timestamp, not at the time Filebeat read it", () => {
    const event = filterEvent(parsed, line({ '@timestamp': '2026-01-01T12:00:00.123Z', level: 'info', message: 'hi' }), readAt);
    expect(event['@timestamp']).toBe('2026-01-01T12:00:00.123Z');
    expect(event.tags).toBeUndefined();
    expect(event.log).toEqual({ level: 'info' });
    expect(event.data_stream).toEqual({ type: 'logs', dataset: 'checkout', namespace: 'shop' });
  });

  it('honours the offset of the time and reads a "time" field when there is no @timestamp', () => {
    expect(filterEvent(parsed, line({ '@timestamp': '2026-01-01T13:00:00.5+01:00' }), readAt)['@timestamp']).toBe('2026-01-01T12:00:00.500Z');
    expect(filterEvent(parsed, line({ time: '2026-01-01T12:00:00Z', msg: 'from slog' }), readAt)['@timestamp']).toBe('2026-01-01T12:00:00.000Z');
  });

  it('keeps and tags (never drops) an event whose time is not a timestamp, at its read time', () => {
    for (const bad of ['yesterday', '2026-13-01T00:00:00Z']) {
      const event = filterEvent(parsed, line({ '@timestamp': bad, message: 'still wanted' }), readAt);
      expect(event['@timestamp'], String(bad)).toBe(readAt.toISOString());
      expect(event.tags, String(bad)).toEqual([EVENT_TIME.failureTag]);
      // still routed to its data stream, with its content parsed
      expect(event.data_stream).toEqual({ type: 'logs', dataset: 'checkout', namespace: 'shop' });
      expect(event.json).toMatchObject({ message: 'still wanted' });
    }
  });

  it('keeps the read time, untagged, for a JSON line without a time of its own', () => {
    const event = filterEvent(parsed, line({ level: 'warn', message: 'no time' }), readAt);
    expect(event['@timestamp']).toBe(readAt.toISOString());
    expect(event.tags).toBeUndefined();
  });

  it('would have caught the defect: a pipeline without the date filter indexes at read time', () => {
    const withoutDate = renderPipeline({
      input: [{ plugin: 'beats', settings: { port: 5044 } }],
      filter: [{ plugin: 'json', settings: { source: 'message', target: 'json', skip_on_invalid_json: true } }],
      output: [{ plugin: 'stdout' }],
    });
    const event = filterEvent(parseLogstashConfig(withoutDate), line({ '@timestamp': '2026-01-01T12:00:00.000Z' }), readAt);
    expect(event['@timestamp']).toBe(readAt.toISOString());
  });

  it('gives each date filter a stable plugin id', () => {
    const ids = allPlugins(section('filter').body).filter((p) => p.name === 'date').map((p) => str(p, 'id'));
    expect(ids).toEqual([PLUGIN_IDS.eventTimestamp, PLUGIN_IDS.eventTime]);
  });

  it('refuses to simulate what it does not model, instead of skipping it', () => {
    const grokOnly = renderPipeline({ input: [{ plugin: 'beats', settings: { port: 5044 } }], filter: [{ plugin: 'grok', settings: { match: { hash: { message: 'x' } } } }], output: [{ plugin: 'stdout' }] });
    expect(() => filterEvent(parseLogstashConfig(grokOnly), { message: 'plain' }, readAt)).toThrow(/filter plugin grok is not simulated/);
  });
});
