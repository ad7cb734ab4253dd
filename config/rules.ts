/**
 * Every rule that spans sections of an environment file, in one place. Each rule reads only the sections it needs,
 * so the loader can run it even when an unrelated section failed to validate, and every problem is reported with
 * the field path it is about, like the schema's own problems. Stacks and constructs do not repeat these checks.
 */
import { AMP_REGIONS } from './amp.js';
import { cidrsOverlap, parseCidr } from './cidr.js';
import { PLATFORM_COMPONENTS, PLATFORM_NAMESPACES, PLATFORM_TEAM } from './platform.js';
import type { EnvironmentConfig } from './schema.js';
import { PLATFORM_SECRET_IDS } from './secrets.js';
import { GATEWAY_UIS } from './sections/gateway.js';

/** The sections of an environment that validated; a rule skips itself when one it reads is missing. */
export type ValidSections = { readonly [K in keyof EnvironmentConfig]?: EnvironmentConfig[K] };

/** One cross-section problem, at the path of the field to change. */
export interface RuleProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

type Report = (path: readonly PropertyKey[], message: string) => void;

/** The smallest replica count of a production-tier component: one pod can be lost (drain, zone, crash) without an outage. */
export const PRODUCTION_MIN_REPLICAS = 2;
/** Master-eligible Elasticsearch nodes in production: a quorum that survives losing one. */
export const PRODUCTION_MIN_ES_MASTERS = 3;

/** Availability zones belong to the environment's region (`eu-west-1a` is in `eu-west-1`). */
function zonesInRegion(env: ValidSections, report: Report): void {
  if (!env.aws || !env.network) return;
  const region = env.aws.region;
  env.network.availabilityZones.forEach((zone, i) => {
    if (!new RegExp(`^${region}[a-z]$`).test(zone)) {
      report(['network', 'availabilityZones', i], `is not in region ${region} (aws.region); use zones such as ${region}a, ${region}b, ${region}c`);
    }
  });
}

/** The Kubernetes Service range must not overlap the VPC: pods could not tell a Service address from a node's. */
function serviceRangeOutsideVpc(env: ValidSections, report: Report): void {
  if (!env.cluster || !env.network) return;
  const service = env.cluster.serviceIpv4Cidr;
  const vpc = env.network.vpcCidr;
  if (parseCidr(service) && parseCidr(vpc) && cidrsOverlap(service, vpc)) {
    report(['cluster', 'serviceIpv4Cidr'], `overlaps the VPC ${vpc} (network.vpcCidr); choose a block outside it, e.g. 172.20.0.0/16`);
  }
}

/** In a list of source ranges, no block may overlap another: a nested or repeated block is a typo or dead weight. */
function disjointRanges(path: readonly PropertyKey[], list: readonly string[], report: Report): void {
  list.forEach((cidr, i) => {
    const earlier = list.slice(0, i).findIndex((other) => parseCidr(other) && parseCidr(cidr) && cidrsOverlap(other, cidr));
    if (earlier >= 0) report([...path, i], `overlaps ${list[earlier]} (entry ${earlier}); list each address range once`);
  });
}

function sourceRanges(env: ValidSections, report: Report): void {
  if (env.gateway) disjointRanges(['gateway', 'allowedSourceCidrs'], env.gateway.allowedSourceCidrs, report);
  if (env.cluster) disjointRanges(['cluster', 'publicAccessCidrs'], env.cluster.publicAccessCidrs, report);
}

/**
 * Every service's team has a route (a typo would send its alerts to the platform's routes), and every team route
 * belongs to a team that owns a service (a route nothing uses is a typo or a leftover).
 */
function teamsHaveRoutes(env: ValidSections, report: Report): void {
  if (!env.services || !env.alerting) return;
  const routes = env.alerting.routing.teams;
  const routed = routes.map((r) => r.team);
  const owners = new Set(env.services.map((s) => s.team));
  env.services.forEach((service, i) => {
    if (service.team === PLATFORM_TEAM) {
      report(['services', i, 'team'], `team "${PLATFORM_TEAM}" is the label of the platform's own alerts and routes to the platform's receivers; name the team that owns the service (and give it a route)`);
    } else if (!routed.includes(service.team)) {
      const known = routed.length > 0 ? `routed teams: ${routed.join(', ')}` : 'no team has a route yet';
      report(
        ['services', i, 'team'],
        `team "${service.team}" has no route under alerting.routing.teams (${known}); fix the spelling or add ` +
          `{ team: ${service.team}, critical: <receiver>, warning: <receiver> } there`,
      );
    }
  });
  routes.forEach((route, i) => {
    if (route.team === PLATFORM_TEAM) {
      report(['alerting', 'routing', 'teams', i, 'team'], `team "${PLATFORM_TEAM}" is the label of the platform's own alerts; their routing is alerting.routing's own receivers, not a team route`);
    } else if (!owners.has(route.team)) {
      const known = owners.size > 0 ? `teams owning services: ${[...owners].sort().join(', ')}` : 'the catalog is empty';
      report(['alerting', 'routing', 'teams', i, 'team'], `team "${route.team}" owns no service in services (${known}); fix the spelling or remove the route`);
    }
  });
}

/** A catalog service must not collide with what the platform itself synthesizes (names and namespaces). */
function noPlatformCollisions(env: ValidSections, report: Report): void {
  if (!env.services) return;
  env.services.forEach((service, i) => {
    const clash = PLATFORM_COMPONENTS.find((c) => c.name === service.name);
    if (clash) {
      report(['services', i, 'name'], `"${service.name}" is a platform component (${clash.namespace}/${clash.name}); give the service another name`);
    }
    if (PLATFORM_NAMESPACES.includes(service.namespace)) {
      report(
        ['services', i, 'namespace'],
        `"${service.namespace}" is a platform namespace (${PLATFORM_NAMESPACES.join(', ')}); run the service in its own namespace`,
      );
    }
  });
}

/** Production tier: every component survives the loss of one pod, and users sign in through OIDC. */
function productionPolicy(env: ValidSections, report: Report): void {
  if (env.deploymentTier === 'production' && env.tier !== 'production') {
    report(['tier'], `is ${env.tier} but deploymentTier is production; a production deployment must meet tier: production`);
  }
  if (env.tier !== 'production') return;
  const min = (path: readonly PropertyKey[], replicas: number, what: string) => {
    if (replicas < PRODUCTION_MIN_REPLICAS) {
      report(path, `is ${replicas} but tier is production; run at least ${PRODUCTION_MIN_REPLICAS} ${what} replicas or set tier: non-production`);
    }
  };
  if (env.metrics) {
    min(['metrics', 'prometheus', 'replicas'], env.metrics.prometheus.replicas, 'Prometheus');
    min(['metrics', 'grafana', 'replicas'], env.metrics.grafana.replicas, 'Grafana');
  }
  if (env.alerting) min(['alerting', 'alertmanager', 'replicas'], env.alerting.alertmanager.replicas, 'Alertmanager');
  if (env.gateway) {
    min(['gateway', 'proxy', 'replicas'], env.gateway.proxy.replicas, 'Envoy proxy');
    if (env.gateway.auth.mode !== 'oidc') {
      report(['gateway', 'auth', 'mode'], 'must be oidc when tier is production; basic auth is for non-production environments');
    }
  }
  if (env.addons) {
    min(['addons', 'eckOperator', 'replicas'], env.addons.eckOperator.replicas, 'ECK operator');
    min(['addons', 'externalSecrets', 'replicas'], env.addons.externalSecrets.replicas, 'External Secrets');
    min(['addons', 'envoyGateway', 'replicas'], env.addons.envoyGateway.replicas, 'Envoy Gateway controller');
  }
  if (env.logging) {
    min(['logging', 'kibana', 'replicas'], env.logging.kibana.replicas, 'Kibana');
    min(['logging', 'logstash', 'replicas'], env.logging.logstash.replicas, 'Logstash');
    const sets = env.logging.elasticsearch.nodeSets;
    const masters = sets.filter((s) => s.roles.includes('master')).reduce((n, s) => n + s.count, 0);
    if (masters < PRODUCTION_MIN_ES_MASTERS) {
      report(
        ['logging', 'elasticsearch', 'nodeSets'],
        `have ${masters} master-eligible node(s) but tier is production; use at least ${PRODUCTION_MIN_ES_MASTERS} so the cluster keeps a quorum`,
      );
    }
    sets.forEach((set, i) => {
      if (set.roles.includes('data') && set.count < PRODUCTION_MIN_REPLICAS) {
        report(
          ['logging', 'elasticsearch', 'nodeSets', i, 'count'],
          `is ${set.count} but tier is production; a data node set needs at least ${PRODUCTION_MIN_REPLICAS} nodes so every shard has a replica`,
        );
      }
    });
  }
  if (env.network && !env.network.highAvailability) {
    report(['network', 'highAvailability'], 'must be true when tier is production (one NAT gateway per zone)');
  }
}

/**
 * Long-term metrics on AMP: the service must exist in the environment's region (config/amp.ts lists AMP's regions,
 * from AWS' documentation); the capacity model needs the expected active series to size the remote-write queue; and
 * Grafana's IRSA token exchange needs the STS interface endpoint, since its NetworkPolicy allows no internet egress.
 */
function longTermMetrics(env: ValidSections, report: Report): void {
  if (env.metrics?.longTerm.mode !== 'amp') return;
  if (env.aws && !(AMP_REGIONS as readonly string[]).includes(env.aws.region)) {
    report(
      ['metrics', 'longTerm', 'mode'],
      `is amp but Amazon Managed Service for Prometheus is not available in ${env.aws.region} (aws.region); ` +
        `use mode: none there, or run the environment in an AMP region such as eu-west-1 (all: config/amp.ts)`,
    );
  }
  // `capacity` is absent from the valid sections only when it failed validation (already reported).
  if ('capacity' in env && env.capacity?.metrics === undefined) {
    report(['capacity', 'metrics', 'activeSeries'], 'is required when metrics.longTerm.mode is amp: it sizes the remote-write queue (docs/capacity.md)');
  }
  if (env.network && !env.network.interfaceEndpoints.includes('sts')) {
    report(
      ['network', 'interfaceEndpoints'],
      'must include sts when metrics.longTerm.mode is amp: Grafana exchanges its IRSA token with STS through the VPC endpoint',
    );
  }
}

/** Why a platform credential may not be mounted by a catalog service. */
const PLATFORM_SECRET_HINT = 'platform credentials are not for application services';

/** Each catalog entry is internally consistent: image, scaling, ports, probes and route port. */
function serviceShape(env: ValidSections, report: Report): void {
  env.services?.forEach((svc, i) => {
    const at = (...path: PropertyKey[]) => ['services', i, ...path];
    const ports = Object.keys(svc.ports);
    const known = ports.length ? ports.join(', ') : 'none';
    if (svc.deploy && !svc.image) {
      report(at('image'), 'is required (the image to deploy: { tag: "1.0.0" }); set deploy: false if the workload is deployed elsewhere');
    }
    if (svc.replicas !== undefined && svc.autoscaling) {
      report(at('replicas'), 'and autoscaling are both set; keep replicas for a fixed count or autoscaling for an autoscaler, not both');
    }
    if (svc.autoscaling && svc.autoscaling.min > svc.autoscaling.max) {
      report(at('autoscaling', 'min'), `is ${svc.autoscaling.min}, above autoscaling.max ${svc.autoscaling.max}; min must be at most max`);
    }
    if (!ports.includes(svc.port)) {
      report(at('port'), `names "${svc.port}", a port the container does not expose (ports: ${known}); add it to ports or name an exposed one (got "${svc.port}")`);
    }
    if (!ports.includes(svc.health.port)) {
      report(at('health', 'port'), `names "${svc.health.port}", a port the container does not expose (ports: ${known}) (got "${svc.health.port}")`);
    }
    const numbers = new Map<number, string>();
    for (const [name, number] of Object.entries(svc.ports)) {
      const other = numbers.get(number);
      if (other) report(at('ports', name), `uses port ${number} like ports.${other}; give each name its own number (got ${number})`);
      numbers.set(number, name);
    }
    if (svc.route) {
      if (!ports.includes(svc.route.port)) {
        report(at('route', 'port'), `names "${svc.route.port}", a port the container does not expose (ports: ${known}) (got "${svc.route.port}")`);
      } else if (svc.route.port === svc.port && svc.port !== 'http') {
        report(at('route', 'port'), `is the metrics port "${svc.port}"; never publish metrics (and admin endpoints) through the gateway (got "${svc.route.port}")`);
      }
      if (!svc.deploy) report(at('route'), 'is set but deploy is false; the platform can only route to a workload it deploys');
    }
  });
}

/** A service reads only secrets of the application secret catalog (top-level `secrets`). */
function secretsInCatalog(env: ValidSections, report: Report): void {
  if (!env.services || !env.secrets) return;
  const names = env.secrets.map((s) => s.name);
  const platform = PLATFORM_SECRET_IDS;
  env.services.forEach((svc, i) => {
    svc.secrets.forEach((name, j) => {
      if (names.includes(name)) return;
      const hint = platform.includes(name)
        ? `it is a platform secret; ${PLATFORM_SECRET_HINT}`
        : `known: ${names.length ? names.join(', ') : 'none'}; add { name: ${name}, description: …, keys: [...] } to secrets`;
      report(['services', i, 'secrets', j], `secret "${name}" is not in the secret catalog (${hint}) (got "${name}")`);
    });
  });
  env.secrets.forEach((secret, i) => {
    if (platform.includes(secret.name)) {
      report(['secrets', i, 'name'], `"${secret.name}" is a platform secret name; give the application secret another name (got "${secret.name}")`);
    }
  });
}

/** Public routes: one label under the gateway domain (the certificate is `*.<domain>`), not a UI's host, no overlap. */
function routesUnderGatewayDomain(env: ValidSections, report: Report): void {
  if (!env.services || !env.gateway) return;
  const domain = env.gateway.domain;
  const uiHosts = GATEWAY_UIS.map((ui) => `${ui}.${domain}`);
  const taken = new Map<string, number>();
  env.services.forEach((svc, i) => {
    if (!svc.route) return;
    const host = svc.route.host;
    const label = host.endsWith(`.${domain}`) ? host.slice(0, -domain.length - 1) : undefined;
    if (label === undefined || label.includes('.')) {
      report(
        ['services', i, 'route', 'host'],
        `must be one label under the gateway domain ${domain} (gateway.domain), e.g. ${svc.name}.${domain}; the gateway certificate covers only *.${domain} (got "${host}")`,
      );
    } else if (uiHosts.includes(host)) {
      report(['services', i, 'route', 'host'], `is the host of a platform UI (${uiHosts.join(', ')}); choose another name (got "${host}")`);
    }
    const key = `${host}${svc.route.path}`;
    const first = taken.get(key);
    if (first !== undefined) {
      report(['services', i, 'route'], `routes ${key} like services[${first}]; give each service its own host or path (got "${key}")`);
    } else {
      taken.set(key, i);
    }
  });
}

/** Dependencies name catalog services that run here (their pods must exist for an egress rule to mean anything). */
function dependenciesKnown(env: ValidSections, report: Report): void {
  if (!env.services) return;
  const byName = new Map(env.services.map((s) => [s.name, s]));
  env.services.forEach((svc, i) => {
    svc.dependencies.services.forEach((dep, j) => {
      const at = ['services', i, 'dependencies', 'services', j];
      const target = byName.get(dep);
      if (dep === svc.name) report(at, `"${dep}" is the service itself; list only other services (got "${dep}")`);
      else if (!target) {
        report(at, `"${dep}" is not a catalog service (known: ${[...byName.keys()].join(', ')}); fix the spelling or add its entry (got "${dep}")`);
      } else if (!target.deploy) {
        report(at, `"${dep}" is not deployed by the platform (deploy: false), so no policy can allow traffic to it (got "${dep}")`);
      } else if (!Object.hasOwn(target.ports, 'http')) {
        report(at, `"${dep}" exposes no "http" port to call (got "${dep}")`);
      }
    });
  });
}

/** Every service has its own ECR repository: not a platform image's, not another service's. */
function repositoriesUnique(env: ValidSections, report: Report): void {
  if (!env.services || !env.registry) return;
  const platform = env.registry.repositories;
  const owners = new Map<string, number>();
  env.services.forEach((svc, i) => {
    const repo = svc.image?.repository ?? svc.name;
    const path = svc.image?.repository ? ['services', i, 'image', 'repository'] : ['services', i, 'name'];
    if (platform.includes(repo)) {
      report(path, `repository "${repo}" is a platform image's (registry.repositories); give the service its own image.repository (got "${repo}")`);
    }
    const first = owners.get(repo);
    if (first !== undefined) report(path, `repository "${repo}" is already used by services[${first}]; each service pushes to its own repository (got "${repo}")`);
    else owners.set(repo, i);
  });
}

/** Production runs only images pinned by digest (what was tested is what runs), each on at least two pods. */
function productionServices(env: ValidSections, report: Report): void {
  if (env.tier !== 'production' || !env.services) return;
  env.services.forEach((svc, i) => {
    if (svc.deploy && svc.replicas !== undefined && svc.replicas < PRODUCTION_MIN_REPLICAS) {
      report(['services', i, 'replicas'], `is ${svc.replicas} but tier is production; run at least ${PRODUCTION_MIN_REPLICAS} replicas (got ${svc.replicas})`);
    }
    if (svc.deploy && svc.autoscaling && svc.autoscaling.min < PRODUCTION_MIN_REPLICAS) {
      report(['services', i, 'autoscaling', 'min'], `is ${svc.autoscaling.min} but tier is production; keep at least ${PRODUCTION_MIN_REPLICAS} replicas (got ${svc.autoscaling.min})`);
    }
    if (svc.deploy && svc.image && !svc.image.digest) {
      report(
        ['services', i, 'image', 'digest'],
        `is required when tier is production; promote a tested image with \`npm run promote\` (it writes the digest) or set deploy: false (got tag "${svc.image.tag}" without a digest)`,
      );
    }
  });
}

const RULES: readonly ((env: ValidSections, report: Report) => void)[] = [
  zonesInRegion,
  serviceRangeOutsideVpc,
  sourceRanges,
  teamsHaveRoutes,
  noPlatformCollisions,
  productionPolicy,
  longTermMetrics,
  serviceShape,
  secretsInCatalog,
  routesUnderGatewayDomain,
  dependenciesKnown,
  repositoriesUnique,
  productionServices,
];

/** Runs every cross-section rule over the sections that validated. */
export function crossSectionProblems(env: ValidSections): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const rule of RULES) rule(env, (path, message) => problems.push({ path, message }));
  return problems;
}
