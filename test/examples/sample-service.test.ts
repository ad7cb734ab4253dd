/**
 * The sample service (examples/sample-service) against the platform's contracts: its metrics are the ones the SLO
 * rules and service dashboards query, its log lines take the JSON branch of the Logstash pipeline, its Dockerfile
 * builds on the pinned image of config/images.ts. Its own node:test suites run here too, so `npm test` gates it.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageRef } from '../../config/images.js';
import { containerLogsPipeline } from '../../cdk8s/logging/container-logs-pipeline.js';
import type { Condition, Statement } from '../../cdk8s/logging/pipeline.js';
import { ENV_DEFAULTS, loadConfig } from '../../examples/sample-service/src/config.js';
import { Logger } from '../../examples/sample-service/src/log.js';
import { METRIC_NAMES } from '../../examples/sample-service/src/metrics.js';
import { type RunningService, startService } from '../../examples/sample-service/src/server.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { REPO_ROOT } from '../support/repo.js';

const SERVICE_DIR = join(REPO_ROOT, 'examples', 'sample-service');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string>>;

describe('the sample service against the platform contracts', () => {
  const lines: string[] = [];
  let service: RunningService;
  const url = (path: string) => `http://127.0.0.1:${service.port}${path}`;

  beforeAll(async () => {
    const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', SHUTDOWN_DELAY_SECONDS: '0' });
    service = await startService(config, { logger: new Logger('info', { write: (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)) }) });
  });
  afterAll(async () => {
    await service.shutdown();
  });

  it('exposes the request counter and latency histogram every shipped environment queries, with a code label', async () => {
    await fetch(url('/api/items/1')).then((r) => r.arrayBuffer());
    await fetch(`http://127.0.0.1:${service.metricsPort}/admin/fault`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 1 }),
    }).then((r) => r.arrayBuffer());
    expect((await fetch(url('/api/items'))).status).toBe(500);
    const text = await fetch(`http://127.0.0.1:${service.metricsPort}/metrics`).then((r) => r.text());
    expect(ENVIRONMENTS.length).toBeGreaterThan(0);
    for (const env of ENVIRONMENTS) {
      const queries = env.metrics.queries;
      expect(env.alerting.slo.requestsMetric, env.name).toBe(METRIC_NAMES.requests);
      expect(queries.serviceRequests, env.name).toBe(METRIC_NAMES.requests);
      expect(queries.serviceLatencyBuckets, env.name).toBe(`${METRIC_NAMES.duration}_bucket`);
      // The error matchers select on the code label, which carries the status code.
      expect(env.alerting.slo.errorMatcher, env.name).toBe('code=~"5.."');
      expect(queries.serviceErrors, env.name).toBe('code=~"5.."');
    }
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/api\/items\/:id",code="200"\} 1$/m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/api\/items",code="500"\} 1$/m);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/api\/items",code="500"\} 1$/m);
    // The dashboard's saturation and memory panels.
    for (const name of ['process_cpu_seconds_total', 'process_open_fds', 'process_max_fds', 'process_resident_memory_bytes']) {
      expect(text).toMatch(new RegExp(`^${name} \\d`, 'm'));
    }
  });

  it('writes log lines that take the JSON branch of the Logstash pipeline and carry the field it copies to log.level', () => {
    const pipeline = containerLogsPipeline({ beatsPort: 5044, elasticsearchEnvPrefix: 'LOGGING' });
    const jsonBranch = findJsonBranch(pipeline.filter ?? []);
    expect(jsonBranch, 'the pipeline has a branch guarded by a regex on [message] that runs the json filter').toBeDefined();
    const { regex, target, copied } = jsonBranch!;
    expect(copied.flat()).toEqual(expect.arrayContaining(['level', '@timestamp']));
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(line).toMatch(new RegExp(regex));
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['@timestamp', 'message']));
      for (const alternatives of copied) expect(alternatives.some((f) => f in parsed), `${line} carries one of ${alternatives.join(', ')}`).toBe(true);
    }
    expect(target).toBe('json');
    const request = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.route === '/api/items' && l.status === 500);
    expect(request).toMatchObject({ level: 'error', method: 'GET', path: '/api/items' });
    expect(request).toHaveProperty('duration_ms');
    expect(request).toHaveProperty('request_id');
    expect(request).toHaveProperty('trace_id');
  });
});

interface JsonBranch {
  readonly regex: string;
  readonly target: string;
  /**
   * Fields of the parsed JSON the pipeline copies, one list per conditional: a line must carry one field of each list
   * (an `if … else if …` chain reads its first present alternative, e.g. `@timestamp`, else `time`).
   */
  readonly copied: string[][];
}

/** The branch `if [message] =~ /…/ { json { target => … } … }` of the pipeline, with the json fields it tests for. */
function findJsonBranch(statements: readonly Statement[]): JsonBranch | undefined {
  for (const statement of statements) {
    if (!('branches' in statement)) continue;
    for (const { when, then } of statement.branches) {
      const json = then.find((s) => 'plugin' in s && s.plugin === 'json');
      if ('matches' in when && when.matches.field.join('.') === 'message' && json && 'plugin' in json) {
        const target = String(json.settings?.target ?? '');
        const copied = then.flatMap((s) => ('branches' in s ? [s.branches.flatMap((b) => jsonFieldsTested(b.when, target))] : [])).filter((fields) => fields.length > 0);
        return { regex: when.regex, target, copied };
      }
    }
  }
  return undefined;
}

function jsonFieldsTested(condition: Condition, target: string): string[] {
  if ('exists' in condition && condition.exists.field[0] === target && condition.exists.field.length === 2) return [condition.exists.field[1] ?? ''];
  return [];
}

describe('the sample service image (examples/sample-service/Dockerfile)', () => {
  const dockerfile = DockerfileParser.parse(readFileSync(join(SERVICE_DIR, 'Dockerfile'), 'utf8'));
  const froms = dockerfile.getFROMs();
  const instructions = dockerfile.getInstructions();
  const finalFrom = froms.at(-1)!;
  const finalStage = instructions.filter((i) => i.getRange().start.line > finalFrom.getRange().start.line);
  const stageOf = (i: Instruction) => froms.filter((f) => f.getRange().start.line < i.getRange().start.line).at(-1)?.getBuildStage();

  it('builds every stage on the pinned Node.js runtime image of config/images.ts', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from.getImage()).toBe(imageRef('nodeRuntime'));
  });

  it('is multi-stage: the runtime stage copies compiled JavaScript and production-only dependencies', () => {
    const copies = dockerfile
      .getCOPYs()
      .filter((c) => c.getRange().start.line > finalFrom.getRange().start.line)
      .map((c) => `--from=${c.getFromFlag()?.getValue() ?? ''} ${c.getArgumentsContent() ?? ''}`);
    expect(copies).toContain('--from=build /app/dist ./dist');
    expect(copies).toContain('--from=deps /app/node_modules ./node_modules');
    const depsInstall = instructions.filter((i) => i.getKeyword() === 'RUN' && stageOf(i) === 'deps').map((i) => i.getArgumentsContent() ?? '');
    expect(depsInstall).toEqual([expect.stringMatching(/^npm ci --omit=dev\b/)]);
    expect(finalStage.filter((i) => i.getKeyword() === 'RUN')).toEqual([]);
  });

  it('runs as a numeric non-root user, with an exec-form entry point and both ports exposed', () => {
    const user = finalStage.filter((i) => i.getKeyword() === 'USER').at(-1)?.getArgumentsContent() ?? '';
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(user.split(':').map(Number).every((id) => id > 0)).toBe(true);
    const entrypoint = finalStage.filter((i) => i.getKeyword() === 'ENTRYPOINT' || i.getKeyword() === 'CMD');
    expect(entrypoint.map((i) => JSON.parse(i.getArgumentsContent() ?? '') as unknown)).toEqual([['node', 'dist/main.js']]);
    const exposed = finalStage.filter((i) => i.getKeyword() === 'EXPOSE').flatMap((i) => (i.getArgumentsContent() ?? '').split(/\s+/));
    expect(exposed).toEqual([ENV_DEFAULTS.PORT, ENV_DEFAULTS.METRICS_PORT]);
  });

  it('fetches nothing with ADD', () => {
    expect(instructions.filter((i) => i.getKeyword() === 'ADD')).toEqual([]);
  });
});

describe("the sample service's package", () => {
  const pkg = readJson(join(SERVICE_DIR, 'package.json'));
  const root = readJson(join(REPO_ROOT, 'package.json'));

  it('pins exact versions that match the root devDependencies, so a root-only npm ci resolves the same modules', () => {
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(root.devDependencies?.[name] ?? root.dependencies?.[name], name).toBe(version);
    }
    const lock = JSON.parse(readFileSync(join(SERVICE_DIR, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    expect(lock.packages['node_modules/prom-client']?.version).toBe(pkg.dependencies?.['prom-client']);
  });

  it("passes its own node:test suites (npm test in examples/sample-service)", async () => {
    const files = readdirSync(join(SERVICE_DIR, 'test')).filter((f) => f.endsWith('.test.ts')).map((f) => join('test', f));
    expect(files.length).toBeGreaterThanOrEqual(5);
    // Every test case ran and passed: none skipped, none lost.
    const cases = files.reduce((n, f) => n + (readFileSync(join(SERVICE_DIR, f), 'utf8').match(/^\s*it\(/gm) ?? []).length, 0);
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...files], {
      cwd: SERVICE_DIR,
      env: { PATH: process.env.PATH ?? '' },
      timeout: 100_000,
    }).catch((error: { stdout?: string; stderr?: string; code?: unknown }) => {
      throw new Error(`the sample service's tests failed (exit ${String(error.code)}):\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
    expect(run.stdout).toMatch(/^# fail 0$/m);
    const passed = Number(/^# pass (\d+)$/m.exec(run.stdout)?.[1]);
    expect(passed).toBe(cases);
    expect(run.stdout).toMatch(/^# skipped 0$/m);
  });
});
