/**
 * Malformed and hostile environment files: synth must exit non-zero, name the file and the exact field path (or the
 * line, for YAML-level problems), print no stack trace, and write nothing. Every case mutates a shipped environment
 * (dev or prod) structurally, so the table keeps working when the shipped values change.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Document, parseDocument } from 'yaml';
import { runSynthCli } from '../../scripts/lib/cli.js';
import { REPO_ROOT, scratchRoot, tempDir, treeContents } from '../support/repo.js';
import { ENVIRONMENT_NAMES } from '../support/envs.js';

type Mutation = (text: string) => string;
type EnvName = 'dev' | 'prod';

/** Structured edit of a shipped environment file. */
const edit = (change: (doc: Document) => void): Mutation => (text) => {
  const doc = parseDocument(text);
  change(doc);
  return doc.toString();
};
const setIn = (path: readonly (string | number)[], value: unknown) => edit((d) => d.setIn(path, value));

/** Credential-shaped values, built at run time so this file itself never holds one (the repository is scanned). */
const alnum = (n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567') =>
  [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
const mixed = (n: number) => alnum(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
const FAKE = {
  awsAccessKeyId: ['AK', 'IA', alnum(16)].join(''),
  awsSessionKeyId: ['AS', 'IA', alnum(16)].join(''),
  awsSecretKey: `${mixed(18)}A1a${mixed(19)}`,
  githubToken: ['gh', 'p_', mixed(36)].join(''),
  gitlabToken: ['gl', 'pat-', mixed(20)].join(''),
  slackToken: ['xo', 'xb-', alnum(12, '0123456789'), '-', mixed(24)].join(''),
  slackWebhook: ['https://hooks.', 'slack.com/services/', `T${alnum(8)}/B${alnum(8)}/${mixed(24)}`].join(''),
  pagerDutyKey: alnum(32, '0123456789abcdef'),
  urlWithPassword: ['https://writer', ':', mixed(12), '@aps.example.com/api/v1/remote_write'].join(''),
  privateKey: ['-----BEGIN ', 'RSA PRIVATE KEY-----\n', mixed(64), '\n-----END ', 'RSA PRIVATE KEY-----\n'].join(''),
};

interface Case {
  readonly name: string;
  /** Shipped environment mutated. @default 'dev' */
  readonly env?: EnvName;
  readonly mutate: Mutation;
  /** Every field path (or `line N`) that must be reported, after `<file>: `. */
  readonly paths: readonly string[];
  readonly message: RegExp;
  /** Text that must not appear (raw validator wording, a leaked value). */
  readonly never?: RegExp;
}

const BOMB = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((n, i) => `${n}: &${n} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');

const yamlCases: Case[] = [
  { name: 'a YAML syntax error', mutate: (t) => `${t}\nmetrics: [unclosed\n`, paths: ['line '], message: /YAML syntax error/ },
  { name: 'a duplicate YAML key', mutate: (t) => `${t}\nname: dev\n`, paths: ['line '], message: /YAML syntax error.*[Uu]nique/ },
  { name: 'an alias to an undefined anchor', mutate: (t) => t.replace(/^tier: .*$/m, 'tier: *nowhere'), paths: ['line '], message: /YAML/ },
  { name: 'an alias bomb', mutate: () => `${BOMB}\n`, paths: ['line 2'], message: /alias bomb/ },
  { name: 'an alias bomb inside a valid file', mutate: (t) => `${t}\nx-bomb:\n${BOMB.split('\n').map((l) => `  ${l}`).join('\n')}\n`, paths: ['line '], message: /alias bomb/ },
  { name: 'a !!js/function tag', mutate: (t) => t.replace(/^(\s+owner:) (.*)$/m, '$1 !!js/function "function () { return 1 }"'), paths: ['line '], message: /tag "!!js\/function" is not allowed/ },
  { name: 'a !!binary tag', mutate: (t) => t.replace(/^(\s+owner:) (.*)$/m, '$1 !!binary aGVsbG8='), paths: ['line '], message: /tag "!!binary" is not allowed/ },
  { name: 'a local !tag', mutate: (t) => t.replace(/^(\s+owner:) (.*)$/m, '$1 !vault secret/owner'), paths: ['line '], message: /tag "!vault" is not allowed/ },
  { name: 'a !!set tag on a mapping', mutate: (t) => `${t}\nextra: !!set { a, b }\n`, paths: ['line '], message: /tag "!!set" is not allowed/ },
  { name: 'two YAML documents', mutate: (t) => `${t}\n---\nname: dev\n`, paths: ['line '], message: /2 YAML documents/ },
  { name: 'an empty file', mutate: () => '', paths: ['(root)'], message: /empty/ },
  { name: 'a list instead of a mapping', mutate: () => '- name: dev\n', paths: ['(root)'], message: /mapping/ },
  { name: 'a bare scalar', mutate: () => 'hello\n', paths: ['(root)'], message: /mapping/ },
];

const typeCases: Case[] = [
  { name: 'an unknown top-level key', mutate: setIn(['extras'], 1), paths: ['extras'], message: /unknown key/ },
  { name: 'a misspelt nested key', mutate: setIn(['metrics', 'retension'], '15d'), paths: ['metrics.retension'], message: /unknown key/ },
  { name: 'a number where a duration goes', mutate: setIn(['metrics', 'retention'], 15), paths: ['metrics.retention'], message: /expected string, got number 15/, never: /required/ },
  { name: 'a word where a replica count goes', mutate: setIn(['metrics', 'prometheus', 'replicas'], 'two'), paths: ['metrics.prometheus.replicas'], message: /expected number, got string "two"/, never: /required/ },
  { name: 'a string where a boolean goes', mutate: setIn(['network', 'highAvailability'], 'yes'), paths: ['network.highAvailability'], message: /expected boolean, got string "yes"/ },
  { name: 'null for a whole section', mutate: setIn(['aws'], null), paths: ['aws'], message: /expected a mapping, got null/, never: /required/ },
  { name: 'a mapping where a list goes', mutate: setIn(['services'], { checkout: 1 }), paths: ['services'], message: /expected a list, got a mapping/ },
  { name: 'services that is a string', mutate: setIn(['services'], 'checkout'), paths: ['services'], message: /expected a list, got string "checkout"/ },
  { name: 'an unquoted account id', mutate: setIn(['aws', 'accountId'], 111111111111), paths: ['aws.accountId'], message: /expected string, got number 111111111111/ },
  { name: 'a missing required section', mutate: edit((d) => d.delete('aws')), paths: ['aws'], message: /is required/ },
  { name: 'a missing required service field', mutate: edit((d) => d.deleteIn(['services', 0, 'team'])), paths: ['services[0].team'], message: /is required/ },
  { name: 'a missing tier', mutate: edit((d) => d.delete('tier')), paths: ['tier'], message: /is required/ },
  { name: 'an unknown tier', mutate: setIn(['tier'], 'prod'), paths: ['tier'], message: /must be production or non-production/ },
  { name: 'an unknown deployment tier', mutate: setIn(['deploymentTier'], 'prod'), paths: ['deploymentTier'], message: /must be development, testing, staging or production/ },
  {
    name: 'a production deployment tier without the production policy',
    mutate: setIn(['deploymentTier'], 'production'),
    paths: ['tier'],
    message: /is non-production but deploymentTier is production; a production deployment must meet tier: production/,
  },
  { name: 'an over-large number with a custom message', mutate: setIn(['gateway', 'rateLimit', 'requestsPerClient'], 1e300), paths: ['gateway.rateLimit.requestsPerClient'], message: /far too large/, never: /Too big|<=/ },
  { name: 'an over-large whole number', mutate: setIn(['registry', 'untaggedExpiryDays'], 2 ** 60), paths: ['registry.untaggedExpiryDays'], message: /far too large/, never: /Too big|<=|expected int/ },
  { name: 'a replica count above the maximum', mutate: setIn(['alerting', 'alertmanager', 'replicas'], 8), paths: ['alerting.alertmanager.replicas'], message: /must be at most 7 \(got 8\)/, never: /Too big/ },
  { name: 'a replica count of zero', mutate: setIn(['alerting', 'alertmanager', 'replicas'], 0), paths: ['alerting.alertmanager.replicas'], message: /must be at least 1 \(got 0\)/, never: /Too small/ },
  { name: 'an empty list of instance types', mutate: setIn(['cluster', 'nodeGroup', 'instanceTypes'], []), paths: ['cluster.nodeGroup.instanceTypes'], message: /at least one instance type/ },
  { name: 'an invalid e-mail address', mutate: setIn(['alerting', 'receivers', 2, 'to'], 'nobody'), paths: ['alerting.receivers[2].to'], message: /e-mail address/ },
  { name: 'a receiver of an unknown type', mutate: setIn(['alerting', 'receivers', 0, 'type'], 'pager'), paths: ['alerting.receivers[0]'], message: /type pagerduty, slack, email or webhook/ },
  { name: 'a duplicate service name', mutate: setIn(['services', 1, 'name'], 'checkout'), paths: ['services[1].name'], message: /duplicate/ },
  { name: 'an invalid DNS label', mutate: setIn(['services', 0, 'namespace'], 'Shop_NS'), paths: ['services[0].namespace'], message: /DNS label/ },
  { name: 'a numeric port instead of a port name', mutate: setIn(['services', 0, 'port'], '8080'), paths: ['services[0].port'], message: /letter/ },
  { name: 'an SLO of 100%', mutate: setIn(['services', 0, 'slo', 'availability'], 100), paths: ['services[0].slo.availability'], message: /less than 100/ },
  { name: 'an SLO of 0%', mutate: setIn(['services', 0, 'slo', 'availability'], 0), paths: ['services[0].slo.availability'], message: /greater than 0/ },
  { name: 'a name that differs from the file name', mutate: setIn(['name'], 'develop'), paths: ['name'], message: /file name/ },
];

const durationCases: Case[] = [
  { name: 'a duration with units out of order', mutate: setIn(['metrics', 'retention'], '30s1m'), paths: ['metrics.retention'], message: /units must be in descending order.*\(got "30s1m"\)/ },
  { name: 'a duration with a unit twice', mutate: setIn(['metrics', 'scrapeInterval'], '1m1m'), paths: ['metrics.scrapeInterval'], message: /each at most once/ },
  { name: 'an alerting duration out of order', mutate: setIn(['alerting', 'routing', 'groupWait'], '5s1m'), paths: ['alerting.routing.groupWait'], message: /descending order/ },
  { name: 'an Envoy timeout out of order', mutate: setIn(['gateway', 'timeouts', 'request'], '30s1m'), paths: ['gateway.timeouts.request'], message: /descending order \(h, m, s, ms\)/ },
  { name: 'an Envoy timeout in days', mutate: setIn(['gateway', 'timeouts', 'clientIdle'], '1d'), paths: ['gateway.timeouts.clientIdle'], message: /Envoy duration.*no days/ },
  { name: 'a negative duration', mutate: setIn(['metrics', 'retention'], '-5d'), paths: ['metrics.retention'], message: /must be a duration/ },
  { name: 'an unparsable duration', mutate: setIn(['metrics', 'retention'], '15 days'), paths: ['metrics.retention'], message: /must be a duration/, never: /greater than zero/ },
  { name: 'a zero duration', mutate: setIn(['metrics', 'retention'], '0d'), paths: ['metrics.retention'], message: /greater than zero/ },
];

const networkCases: Case[] = [
  { name: 'a VPC CIDR with host bits set', env: 'prod', mutate: setIn(['network', 'vpcCidr'], '10.30.7.0/16'), paths: ['network.vpcCidr'], message: /host bits set.*use the network address 10\.30\.0\.0\/16/ },
  { name: 'a VPC CIDR with an octet above 255', mutate: setIn(['network', 'vpcCidr'], '300.0.0.0/16'), paths: ['network.vpcCidr'], message: /octet 1 is 300/ },
  { name: 'a prefix longer than /32', mutate: setIn(['network', 'vpcCidr'], '10.0.0.0/33'), paths: ['network.vpcCidr'], message: /prefix \/33/, never: /AWS VPC limits/ },
  { name: 'a source CIDR of 300.0.0.0/8', mutate: setIn(['gateway', 'allowedSourceCidrs'], ['300.0.0.0/8']), paths: ['gateway.allowedSourceCidrs[0]'], message: /octet 1 is 300/ },
  { name: 'a source CIDR with host bits set', mutate: setIn(['gateway', 'allowedSourceCidrs'], ['203.0.113.7/24']), paths: ['gateway.allowedSourceCidrs[0]'], message: /use the network address 203\.0\.113\.0\/24/ },
  { name: 'overlapping source CIDRs', mutate: setIn(['gateway', 'allowedSourceCidrs'], ['10.0.0.0/8', '10.1.0.0/16']), paths: ['gateway.allowedSourceCidrs[1]'], message: /overlaps 10\.0\.0\.0\/8/ },
  { name: 'an API access CIDR with a bad octet', mutate: setIn(['cluster', 'publicAccessCidrs'], ['203.0.113.0/24', '198.51.256.0/24']), paths: ['cluster.publicAccessCidrs[1]'], message: /octet 3 is 256/ },
  { name: 'overlapping API access CIDRs', mutate: setIn(['cluster', 'publicAccessCidrs'], ['203.0.113.0/24', '203.0.113.0/24']), paths: ['cluster.publicAccessCidrs[1]'], message: /overlaps 203\.0\.113\.0\/24/ },
  { name: 'a service CIDR that overlaps the VPC', mutate: edit((d) => d.setIn(['cluster', 'serviceIpv4Cidr'], String(d.getIn(['network', 'vpcCidr'])).replace(/\/\d+$/, '/20'))), paths: ['cluster.serviceIpv4Cidr'], message: /overlaps the VPC .* \(network\.vpcCidr\)/ },
  { name: 'a service CIDR with host bits set', mutate: setIn(['cluster', 'serviceIpv4Cidr'], '172.20.1.0/16'), paths: ['cluster.serviceIpv4Cidr'], message: /host bits/ },
  { name: 'an availability zone of another region', mutate: edit((d) => d.setIn(['network', 'availabilityZones', 1], 'us-east-1b')), paths: ['network.availabilityZones[1]'], message: /is not in region .* \(aws\.region\).*\(got "us-east-1b"\)/ },
  { name: 'a region that none of the zones is in', mutate: setIn(['aws', 'region'], 'us-east-2'), paths: ['network.availabilityZones[0]', 'network.availabilityZones[1]'], message: /is not in region us-east-2/ },
  { name: 'a zone check alongside an unrelated error', mutate: (t) => setIn(['metrics', 'retention'], 'soon')(setIn(['network', 'availabilityZones', 0], 'us-west-2a')(t)), paths: ['network.availabilityZones[0]', 'metrics.retention'], message: /is not in region/ },
];

/** Index of the route or service of `team` in the file being mutated. */
const teamIndex = (d: Document, team: string) => (d.toJS() as { alerting: { routing: { teams: { team: string }[] } } }).alerting.routing.teams.findIndex((t) => t.team === team);

const catalogCases: Case[] = [
  { name: 'a catalog service in the platform\'s own team', mutate: setIn(['services', 0, 'team'], 'platform'), paths: ['services[0].team'], message: /team "platform" is the label of the platform's own alerts/ },
  { name: 'a service whose team has no route', mutate: setIn(['services', 0, 'team'], 'paymnets'), paths: ['services[0].team'], message: /team "paymnets" has no route under alerting\.routing\.teams/ },
  { name: 'services when no team has a route', mutate: setIn(['alerting', 'routing', 'teams'], []), paths: ['services[0].team'], message: /no team has a route yet/ },
  { name: 'a team route for a team that owns no service', mutate: edit((d) => d.addIn(['alerting', 'routing', 'teams'], d.createNode({ team: 'search', critical: 'platform-pager', warning: 'platform-chat' }))), paths: ['alerting.routing.teams[2].team'], message: /team "search" owns no service/ },
  { name: 'a route left behind by a renamed team', env: 'prod', mutate: edit((d) => d.setIn(['alerting', 'routing', 'teams', teamIndex(d, 'storefront'), 'team'], 'store-front')), paths: ['services[1].team', 'alerting.routing.teams[1].team'], message: /owns no service/ },
  { name: 'a catalog service named like a platform component in its namespace', mutate: edit((d) => { d.setIn(['services', 0, 'name'], 'grafana'); d.setIn(['services', 0, 'namespace'], 'monitoring'); }), paths: ['services[0].name', 'services[0].namespace'], message: /"grafana" is a platform component \(monitoring\/grafana\)/ },
  { name: 'a catalog service named prometheus elsewhere', mutate: setIn(['services', 0, 'name'], 'prometheus'), paths: ['services[0].name'], message: /platform component/ },
  { name: 'a catalog service named node-exporter', mutate: setIn(['services', 1, 'name'], 'node-exporter'), paths: ['services[1].name'], message: /node-collectors\/node-exporter/ },
  { name: 'a catalog service in the logging namespace', mutate: setIn(['services', 0, 'namespace'], 'logging'), paths: ['services[0].namespace'], message: /"logging" is a platform namespace/ },
  { name: 'a catalog service in kube-system', mutate: setIn(['services', 0, 'namespace'], 'kube-system'), paths: ['services[0].namespace'], message: /platform namespace/ },
  { name: 'a catalog service in an operator namespace', mutate: setIn(['services', 0, 'namespace'], 'external-secrets'), paths: ['services[0].namespace'], message: /platform namespace/ },
  // The deployment spec of catalog services (dev: services[0] checkout, [1] catalog, [2] sample-api; prod: monitoring only).
  { name: 'a service secret that is not in the secret catalog', mutate: setIn(['services', 0, 'secrets', 0], 'checkout-db'), paths: ['services[0].secrets[0]'], message: /secret "checkout-db" is not in the secret catalog \(known: checkout-payment-provider; add \{ name: checkout-db/ },
  { name: 'a service mounting a platform credential', mutate: setIn(['services', 1, 'secrets'], ['grafana-admin']), paths: ['services[1].secrets[0]'], message: /it is a platform secret; platform credentials are not for application services/ },
  { name: 'an application secret named like a platform one', mutate: setIn(['secrets', 0, 'name'], 'gateway-tls'), paths: ['secrets[0].name'], message: /"gateway-tls" is a platform secret name/ },
  { name: 'a route host outside the gateway domain', mutate: setIn(['services', 2, 'route', 'host'], 'api.example.org'), paths: ['services[2].route.host'], message: /must be one label under the gateway domain obs\.dev\.example\.com \(gateway\.domain\).*\(got "api\.example\.org"\)/ },
  { name: 'a route host two labels under the gateway domain', mutate: setIn(['services', 2, 'route', 'host'], 'a.b.obs.dev.example.com'), paths: ['services[2].route.host'], message: /certificate covers only \*\.obs\.dev\.example\.com/ },
  { name: 'a route on the host of a platform UI', mutate: setIn(['services', 2, 'route', 'host'], 'grafana.obs.dev.example.com'), paths: ['services[2].route.host'], message: /is the host of a platform UI/ },
  { name: 'a metrics port the container does not expose', mutate: setIn(['services', 1, 'port'], 'prom'), paths: ['services[1].port'], message: /names "prom", a port the container does not expose \(ports: http, metrics\)/ },
  { name: 'a probe on a port the container does not expose', mutate: setIn(['services', 2, 'health', 'port'], 'web'), paths: ['services[2].health.port'], message: /a port the container does not expose/ },
  { name: 'a public route to the metrics port', mutate: setIn(['services', 2, 'route', 'port'], 'metrics'), paths: ['services[2].route.port'], message: /is the metrics port "metrics"; never publish metrics/ },
  { name: 'two port names on one number', mutate: setIn(['services', 2, 'ports', 'metrics'], 8080), paths: ['services[2].ports.metrics'], message: /uses port 8080 like ports\.http/ },
  { name: 'a privileged container port', mutate: setIn(['services', 2, 'ports', 'http'], 80), paths: ['services[2].ports.http'], message: /must be 1024 or above/ },
  { name: 'min above max replicas', mutate: setIn(['services', 2, 'autoscaling', 'min'], 5), paths: ['services[2].autoscaling.min'], message: /is 5, above autoscaling\.max 3; min must be at most max/ },
  { name: 'both fixed replicas and autoscaling', mutate: setIn(['services', 2, 'replicas'], 2), paths: ['services[2].replicas'], message: /and autoscaling are both set/ },
  { name: 'a deployed service without image', mutate: edit((d) => d.deleteIn(['services', 1, 'image'])), paths: ['services[1].image'], message: /is required \(the image to deploy/ },
  { name: 'an image digest that is not sha256', mutate: setIn(['services', 0, 'image', 'digest'], 'sha256:abc'), paths: ['services[0].image.digest'], message: /64 lowercase hex digits/ },
  { name: 'an unquoted numeric image tag', mutate: setIn(['services', 0, 'image', 'tag'], 1.1), paths: ['services[0].image.tag'], message: /expected string, got number 1\.1/ },
  {
    name: 'a prod image without a digest',
    env: 'prod',
    mutate: edit((d) => { d.setIn(['services', 0, 'deploy'], true); d.setIn(['services', 0, 'image'], d.createNode({ tag: '1.4.2' })); }),
    paths: ['services[0].image.digest'],
    message: /is required when tier is production; promote a tested image with `npm run promote`.*\(got tag "1\.4\.2" without a digest\)/,
  },
  {
    name: 'a prod service on one replica',
    env: 'prod',
    mutate: edit((d) => { d.setIn(['services', 1, 'deploy'], true); d.setIn(['services', 1, 'image'], d.createNode({ tag: '2.0.1', digest: `sha256:${'a'.repeat(64)}` })); d.setIn(['services', 1, 'autoscaling'], d.createNode({ min: 1, max: 3 })); }),
    paths: ['services[1].autoscaling.min'],
    message: /is 1 but tier is production; keep at least 2 replicas/,
  },
  { name: 'a dependency on an unknown service', mutate: setIn(['services', 0, 'dependencies', 'services'], ['inventory']), paths: ['services[0].dependencies.services[0]'], message: /"inventory" is not a catalog service \(known: checkout, catalog, sample-api\)/ },
  { name: 'a service depending on itself', mutate: setIn(['services', 0, 'dependencies', 'services'], ['checkout']), paths: ['services[0].dependencies.services[0]'], message: /is the service itself/ },
  { name: 'an AWS endpoint the platform does not know', mutate: setIn(['services', 0, 'dependencies', 'aws'], ['s4']), paths: ['services[0].dependencies.aws[0]'], message: /must be one of s3, dynamodb/ },
  { name: 'a wildcard IAM action', mutate: setIn(['services', 0, 'aws', 'actions', 0], 's3:*'), paths: ['services[0].aws.actions[0]'], message: /exact IAM action/ },
  { name: 'a wildcard IAM resource', mutate: setIn(['services', 0, 'aws', 'resources', 0], 'arn:aws:s3:::bucket/*'), paths: ['services[0].aws.resources[0]'], message: /exact ARN without wildcards/ },
  { name: 'a service pushing to the toolbox repository', mutate: setIn(['services', 1, 'image', 'repository'], 'toolbox'), paths: ['services[1].image.repository'], message: /repository "toolbox" is a platform image's/ },
  { name: 'two services sharing a repository', mutate: setIn(['services', 1, 'image', 'repository'], 'checkout'), paths: ['services[1].image.repository'], message: /already used by services\[0\]/ },
  { name: 'a route on a service the platform does not deploy', mutate: setIn(['services', 2, 'deploy'], false), paths: ['services[2].route'], message: /deploy is false/ },
  { name: 'a service without the GitLab push settings', mutate: edit((d) => d.deleteIn(['registry', 'ci'])), paths: ['registry.ci'], message: /is required/ },
];

const productionCases: Case[] = [
  ...([
    ['metrics', 'prometheus', 'replicas'],
    ['metrics', 'grafana', 'replicas'],
    ['alerting', 'alertmanager', 'replicas'],
    ['gateway', 'proxy', 'replicas'],
    ['logging', 'kibana', 'replicas'],
    ['logging', 'logstash', 'replicas'],
    ['addons', 'eckOperator', 'replicas'],
    ['addons', 'externalSecrets', 'replicas'],
    ['addons', 'envoyGateway', 'replicas'],
  ] as const).map((path): Case => ({
    name: `one ${path.slice(0, -1).join('.')} replica in production`,
    env: 'prod',
    mutate: setIn(path, 1),
    paths: [path.join('.')],
    message: /is 1 but tier is production; run at least 2 .* replicas or set tier: non-production/,
  })),
  {
    name: 'a single master-eligible Elasticsearch node in production',
    env: 'prod',
    mutate: setIn(['logging', 'elasticsearch', 'nodeSets', 0, 'count'], 1),
    paths: ['logging.elasticsearch.nodeSets'],
    message: /1 master-eligible node\(s\) but tier is production; use at least 3/,
  },
  {
    name: 'a one-node data set in production',
    env: 'prod',
    mutate: setIn(['logging', 'elasticsearch', 'nodeSets', 1, 'count'], 1),
    paths: ['logging.elasticsearch.nodeSets[1].count'],
    message: /data node set needs at least 2 nodes/,
  },
  { name: 'basic auth in production', env: 'prod', mutate: setIn(['gateway', 'auth'], { mode: 'basic' }), paths: ['gateway.auth.mode'], message: /must be oidc when tier is production/ },
  { name: 'a shared NAT gateway in production', env: 'prod', mutate: setIn(['network', 'highAvailability'], false), paths: ['network.highAvailability'], message: /must be true when tier is production/ },
  {
    name: 'the dev sizes marked production',
    mutate: setIn(['tier'], 'production'),
    paths: ['metrics.prometheus.replicas', 'metrics.grafana.replicas', 'alerting.alertmanager.replicas', 'gateway.proxy.replicas', 'logging.kibana.replicas', 'gateway.auth.mode'],
    message: /tier is production/,
  },
];

const secretCases: Case[] = [
  { name: 'an AWS access key ID in tags.owner', mutate: setIn(['tags', 'owner'], FAKE.awsAccessKeyId), paths: ['tags.owner'], message: /looks like an AWS access key ID; .*secret catalog \(config\/secrets\.ts\)/ },
  { name: 'an AWS session key ID in tags.costCentre', mutate: setIn(['tags', 'costCentre'], FAKE.awsSessionKeyId), paths: ['tags.costCentre'], message: /AWS access key ID/ },
  { name: 'an AWS secret key as the OIDC client id', env: 'prod', mutate: setIn(['gateway', 'auth', 'clientId'], FAKE.awsSecretKey), paths: ['gateway.auth.clientId'], message: /AWS secret access key/ },
  { name: 'a GitHub token in the runbook URL', mutate: setIn(['alerting', 'runbookBaseUrl'], `https://github.com/acme/obs/blob/main?token=${FAKE.githubToken}`), paths: ['alerting.runbookBaseUrl'], message: /GitHub token/ },
  { name: 'a GitLab token in tags.owner', mutate: setIn(['tags', 'owner'], FAKE.gitlabToken), paths: ['tags.owner'], message: /GitLab token/ },
  { name: 'a Slack token as a Slack channel', mutate: setIn(['alerting', 'receivers', 1, 'channel'], FAKE.slackToken), paths: ['alerting.receivers[1].channel'], message: /Slack token/ },
  { name: 'a Slack webhook URL as the remote-write URL', mutate: setIn(['metrics', 'prometheus', 'remoteWrite'], { url: FAKE.slackWebhook }), paths: ['metrics.prometheus.remoteWrite.url'], message: /Slack webhook URL/ },
  { name: 'a PagerDuty routing key on a receiver', mutate: setIn(['alerting', 'receivers', 0, 'routingKey'], FAKE.pagerDutyKey), paths: ['alerting.receivers[0].routingKey'], message: /PagerDuty routing key/, never: /unknown key/ },
  { name: 'a private key block in a field', mutate: setIn(['tags', 'owner'], FAKE.privateKey), paths: ['tags.owner'], message: /private key/ },
  { name: 'a password next to the SMTP user', mutate: setIn(['alerting', 'receivers', 2, 'password'], 'correct-horse'), paths: ['alerting.receivers[2].password'], message: /named like a credential/, never: /unknown key/ },
  { name: 'user:password in authUsername', mutate: setIn(['alerting', 'receivers', 2, 'authUsername'], 'alertmanager:Tr0ub4dor&3'), paths: ['alerting.receivers[2].authUsername'], message: /looks like a password/ },
  { name: 'a URL with a password', mutate: setIn(['metrics', 'prometheus', 'remoteWrite'], { url: FAKE.urlWithPassword }), paths: ['metrics.prometheus.remoteWrite.url'], message: /URL with a password/ },
  { name: 'a credential as a mapping key', mutate: setIn(['logging', 'retention', 'namespaces'], { [FAKE.awsAccessKeyId]: '7d' }), paths: [`logging.retention.namespaces.${FAKE.awsAccessKeyId}`], message: /key looks like a credential/ },
];

/** Long-term metrics (prod runs `metrics.longTerm.mode: amp`). */
const longTermCases: Case[] = [
  {
    name: 'amp in a region without Amazon Managed Service for Prometheus',
    env: 'prod',
    mutate: edit((d) => {
      d.setIn(['aws', 'region'], 'ap-southeast-6');
      d.setIn(['network', 'availabilityZones'], d.createNode(['ap-southeast-6a', 'ap-southeast-6b', 'ap-southeast-6c']));
    }),
    paths: ['metrics.longTerm.mode'],
    message: /is amp but Amazon Managed Service for Prometheus is not available in ap-southeast-6 \(aws\.region\)/,
  },
  { name: 'a workspace alias with blanks and punctuation', env: 'prod', mutate: setIn(['metrics', 'longTerm', 'workspaceAlias'], ' obs prod! '), paths: ['metrics.longTerm.workspaceAlias'], message: /must be 1-100 letters, digits.*\(got " obs prod! "\)/ },
  { name: 'a workspace alias longer than 100 characters', env: 'prod', mutate: setIn(['metrics', 'longTerm', 'workspaceAlias'], 'a'.repeat(101)), paths: ['metrics.longTerm.workspaceAlias'], message: /must be 1-100 letters/ },
  { name: 'a workspace URL where the workspace id belongs', env: 'prod', mutate: setIn(['metrics', 'longTerm', 'workspaceId'], 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1'), paths: ['metrics.longTerm.workspaceId'], message: /must be an AMP workspace id such as ws-/ },
  { name: 'an unknown long-term store', env: 'prod', mutate: setIn(['metrics', 'longTerm', 'mode'], 'thanos'), paths: ['metrics.longTerm.mode'], message: /mode must be amp or none/ },
  { name: 'a workspace alias in none mode', mutate: setIn(['metrics', 'longTerm', 'workspaceAlias'], 'obs-dev'), paths: ['metrics.longTerm.workspaceAlias'], message: /unknown key/ },
  {
    name: 'amp without the expected active series that size the remote-write queue',
    env: 'prod',
    mutate: edit((d) => {
      d.deleteIn(['capacity', 'metrics']);
      d.setIn(['metrics', 'prometheus', 'storageGiB'], 200);
      d.setIn(['metrics', 'prometheus', 'retentionSize'], '160GB');
      d.setIn(['metrics', 'prometheus', 'resources'], d.createNode({ cpu: '2', memory: '8Gi' }));
    }),
    paths: ['capacity.metrics.activeSeries'],
    message: /is required when metrics\.longTerm\.mode is amp/,
  },
  {
    name: 'amp without the STS endpoint Grafana\'s IRSA exchange needs',
    env: 'prod',
    mutate: edit((d) => d.setIn(['network', 'interfaceEndpoints'], d.createNode(['ecr.api', 'ecr.dkr', 'logs']))),
    paths: ['network.interfaceEndpoints'],
    message: /must include sts when metrics\.longTerm\.mode is amp/,
  },
];

const CASES: Case[] = [...yamlCases, ...typeCases, ...durationCases, ...networkCases, ...catalogCases, ...productionCases, ...secretCases, ...longTermCases];

/** Runs the synth command line in-process; returns its exit code and everything it printed. */
function runCaptured(argv: string[], root: string): { code: number; output: string } {
  const chunks: string[] = [];
  const capture = (chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  };
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  try {
    return { code: runSynthCli(argv, root), output: chunks.join('') };
  } finally {
    stderr.mockRestore();
    stdout.mockRestore();
  }
}

/** No stack frame and no dependency path in what the user sees. */
function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain('node_modules');
  expect(output).not.toMatch(/\b(ReferenceError|TypeError|ZodError|ENOENT)\b/);
}

function writeCase(configDir: string, env: EnvName, mutate: Mutation): void {
  const file = join(configDir, `${env}.yaml`);
  writeFileSync(file, mutate(readFileSync(file, 'utf8')));
}

describe('synth with a malformed environment file', () => {
  it('has at least 60 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES)('rejects $name, naming the file and field, and writes nothing', ({ env = 'dev', mutate, paths, message, never }) => {
    const { root, configDir } = scratchRoot();
    writeCase(configDir, env, mutate);

    const { code, output } = runCaptured(['--config', configDir], root);

    expect(code).toBe(1);
    expect(output).toContain('synth: invalid configuration; nothing was written');
    for (const path of paths) expect(output).toContain(`config/${env}.yaml: ${path}`);
    expect(output).toMatch(message);
    if (never) expect(output).not.toMatch(never);
    expectNoStackTrace(output);
    // Only the broken file is reported: the other environments are still valid.
    for (const other of ['dev', 'staging', 'prod'].filter((e) => e !== env)) expect(output).not.toContain(`config/${other}.yaml:`);
    expect(existsSync(join(root, 'charts-out'))).toBe(false);
    expect(existsSync(join(root, 'cdktf.out'))).toBe(false);
  });

  it('never shows the value of a credential it rejects', () => {
    const { root, configDir } = scratchRoot();
    writeCase(configDir, 'dev', setIn(['tags', 'owner'], FAKE.awsAccessKeyId));
    const { output } = runCaptured(['--config', configDir], root);
    expect(output).toContain('tags.owner');
    expect(output).not.toContain(FAKE.awsAccessKeyId);
  });

  it('reports every broken file in one run, cross-section rules included', () => {
    const { root, configDir } = scratchRoot();
    writeCase(configDir, 'dev', setIn(['metrics', 'retention'], 'soon'));
    writeCase(configDir, 'prod', setIn(['metrics', 'grafana', 'replicas'], 1));
    const { code, output } = runCaptured(['--config', configDir], root);
    expect(code).toBe(1);
    expect(output).toMatch(/dev\.yaml: metrics\.retention: must be a duration/);
    expect(output).toMatch(/prod\.yaml: metrics\.grafana\.replicas: is 1 but tier is production/);
  });

  it('reports an unparsable duration once, not also as "not greater than zero"', () => {
    const { root, configDir } = scratchRoot();
    writeCase(configDir, 'dev', setIn(['metrics', 'retention'], 'abc'));
    const { output } = runCaptured(['--config', configDir], root);
    expect(output.split('\n').filter((l) => l.includes('dev.yaml: metrics.retention:'))).toHaveLength(1);
  });
});

describe('synth with a bad config folder', () => {
  const cases: { name: string; dir: (root: string) => string; message: RegExp }[] = [
    { name: 'a folder that does not exist', dir: (root) => join(root, 'nonexistent'), message: /nonexistent: \(dir\): no such directory; pass --config/ },
    { name: 'an empty folder', dir: (root) => { mkdirSync(join(root, 'empty')); return join(root, 'empty'); }, message: /empty: \(dir\): no environment files \(\*\.yaml\) found/ },
    { name: 'a file instead of a folder', dir: (root) => { writeFileSync(join(root, 'file.yaml'), 'name: x\n'); return join(root, 'file.yaml'); }, message: /file\.yaml: \(dir\): is a file, not a directory/ },
  ];

  it.each(cases)('rejects $name in one clear line', ({ dir, message }) => {
    const root = tempDir();
    const { code, output } = runCaptured(['--config', dir(root)], root);
    expect(code).toBe(1);
    const problems = output.split('\n').filter((l) => l && !l.startsWith('synth:'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expectNoStackTrace(output);
  });

  it('rejects an unknown --env, naming the known ones', () => {
    const { root, configDir } = scratchRoot();
    const { code, output } = runCaptured(['--config', configDir, '--env', 'no-such-env'], root);
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`no-such-env\\.yaml: \\(file\\): no such environment; known: ${[...ENVIRONMENT_NAMES].sort().join(', ')}`));
  });
});

describe('the real synth command line on bad input', () => {
  /** A copy of the repository's sources with its committed outputs, so a failing run is proven to leave them alone. */
  let copy: string;
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'synth-copy-'));
    for (const dir of ['cdk8s', 'cdktf', 'config', 'contracts', 'imports', 'scripts', 'charts-out']) cpSync(join(REPO_ROOT, dir), join(copy, dir), { recursive: true });
    for (const file of ['package.json', 'tsconfig.json']) cpSync(join(REPO_ROOT, file), join(copy, file));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'));
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  const real: { name: string; args: (configDir: string) => string[]; env?: EnvName; mutate?: Mutation; expect: RegExp }[] = [
    { name: 'a YAML alias bomb', mutate: () => `${BOMB}\n`, args: (c) => ['--config', c], expect: /bad\/dev\.yaml: line 2, column \d+: .*alias bomb/ },
    { name: 'an availability zone of another region', mutate: setIn(['network', 'availabilityZones', 0], 'ap-south-1a'), args: (c) => ['--config', c], expect: /bad\/dev\.yaml: network\.availabilityZones\[0\]: is not in region/ },
    { name: 'a service CIDR inside the VPC', env: 'prod', mutate: edit((d) => d.setIn(['cluster', 'serviceIpv4Cidr'], String(d.getIn(['network', 'vpcCidr'])))), args: (c) => ['--config', c], expect: /bad\/prod\.yaml: cluster\.serviceIpv4Cidr: overlaps the VPC/ },
    { name: 'an AWS access key ID in tags.owner', mutate: setIn(['tags', 'owner'], FAKE.awsAccessKeyId), args: (c) => ['--config', c], expect: /bad\/dev\.yaml: tags\.owner: looks like an AWS access key ID/ },
    { name: 'a --config folder that does not exist', args: () => ['--config', '/nonexistent'], expect: /^\/nonexistent: \(dir\): no such directory/m },
  ];

  it.each(real)('exits 1 on $name and leaves charts-out untouched', ({ env = 'dev', mutate, args, expect: expected }) => {
    const configDir = join(copy, 'config', 'bad');
    cpSync(join(copy, 'config', 'environments'), configDir, { recursive: true });
    if (mutate) writeCase(configDir, env, mutate);
    const before = treeContents(join(copy, 'charts-out'));
    // The copy's own bundle runner (as `npm run synth` runs it): bundled once into the copy's .cache/ for all cases.
    const result = spawnSync(process.execPath, ['scripts/build/run.mjs', 'scripts/synth.ts', ...args('config/bad')], {
      cwd: copy,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(expected);
    expectNoStackTrace(result.stderr + result.stdout);
    expect(treeContents(join(copy, 'charts-out'))).toEqual(before);
    expect(existsSync(join(copy, 'cdktf.out'))).toBe(false);
  });
});
