/**
 * Security policy checks over synthesized objects. Every check is generic (by kind, never by component name), so it
 * keeps holding as components are added: pod templates of workloads and of operator CRs, RBAC, NetworkPolicies per
 * namespace, Secrets, the gateway and every image. Each finding names a rule id; allowed findings are listed, with
 * their reasons, in `exceptions.ts` only.
 */
import type { Manifest } from '../../scripts/lib/validate-manifests.js';
import { isExactTag, parseImage } from '../../scripts/lib/image-digests.js';
import type { ImageLock, ImageSpec } from '../../config/images.js';

export interface Violation {
  readonly rule: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Container (or sub-object) the finding is about, when there is one. */
  readonly container?: string;
  readonly message: string;
}

export interface PolicyContext {
  /** Environment name, e.g. `prod`. */
  readonly environment: string;
  /** Prefix every AWS secret name of the environment starts with, e.g. `obs-prod/`. */
  readonly secretPrefix: string;
  /** Name of the only ClusterSecretStore ExternalSecrets may use. */
  readonly secretStore: string;
  /** Namespace the gateway proxies run in (ingress into UIs must come from there). */
  readonly gatewayProxyNamespace: string;
  readonly images: readonly ImageSpec[];
  readonly lock: ImageLock;
  /**
   * Images of the catalog services by repository (`<registry>/<resourcePrefix>/<repository>`): the tag and digest
   * their catalog entry deploys. They come from the environment's own ECR, not from config/images.ts.
   * @default - none
   */
  readonly catalogImages?: ReadonlyMap<string, { readonly tag: string; readonly digest?: string }>;
  /** Every catalog image must carry its digest (production tier). @default false */
  readonly requireCatalogDigests?: boolean;
}

type Obj = Readonly<Record<string, unknown>>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const objs = (v: unknown): Obj[] => arr(v).filter(isObj);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');
const labelsOf = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).filter((e): e is [string, string] => typeof e[1] === 'string'));

function at(manifest: Manifest): { kind: string; namespace: string; name: string } {
  return { kind: manifest.kind, namespace: manifest.metadata.namespace ?? '', name: manifest.metadata.name };
}

// ---------------------------------------------------------------------------------------------------------------
// Pod templates, wherever they are

/** How strictly a container is checked. */
type ContainerMode =
  /** Declared by us: every setting must be present. */
  | 'full'
  /** Merged by an operator over its own hardened defaults: only resources are ours to set. */
  | 'operator-main'
  /** An override merged over an operator's container: it must not weaken anything it sets. */
  | 'override';

interface ContainerUnit {
  readonly name: string;
  readonly spec: Obj;
  readonly mode: ContainerMode;
  /** Long-running main containers need readiness and liveness probes. */
  readonly needsProbes: boolean;
}

interface PodUnit {
  /** Where in the object, e.g. `spec.template` or `spec.nodeSets[default].podTemplate`. */
  readonly where: string;
  readonly pod: Obj;
  readonly containers: readonly ContainerUnit[];
  /** ServiceAccount the pods run as (`default` when unset). */
  readonly serviceAccount: string;
  /** Whether the pod spec is ours in full (plain workloads) or a partial template an operator completes. */
  readonly partial: boolean;
}

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
const WORKLOADS = new Set([...LONG_RUNNING, 'Job', 'CronJob', 'Pod']);

function podSpecUnit(where: string, podSpec: Obj, longRunning: boolean, mode: 'full' | 'override'): PodUnit {
  const main = objs(podSpec.containers).map((c) => ({
    name: str(c.name) ?? '?',
    spec: c,
    mode,
    needsProbes: longRunning && mode === 'full',
  }));
  const init = objs(podSpec.initContainers).map((c) => ({ name: str(c.name) ?? '?', spec: c, mode, needsProbes: false }));
  return {
    where,
    pod: podSpec,
    containers: [...main, ...init],
    serviceAccount: str(podSpec.serviceAccountName) ?? 'default',
    partial: mode !== 'full',
  };
}

/** Operator CR kinds that run pods, with where their pod templates are and which image field pins them. */
const OPERATOR_KINDS: Record<string, (spec: Obj) => PodUnit[]> = {
  'monitoring.coreos.com/Prometheus': (spec) => [prometheusOperatorUnit('prometheus', spec)],
  'monitoring.coreos.com/Alertmanager': (spec) => [prometheusOperatorUnit('alertmanager', spec)],
  'elasticsearch.k8s.elastic.co/Elasticsearch': (spec) =>
    objs(spec.nodeSets).map((ns) =>
      podSpecUnit(`spec.nodeSets[${str(ns.name) ?? '?'}].podTemplate`, obj(obj(ns.podTemplate).spec), false, 'full'),
    ),
  'kibana.k8s.elastic.co/Kibana': (spec) => [podSpecUnit('spec.podTemplate', obj(obj(spec.podTemplate).spec), false, 'full')],
  'logstash.k8s.elastic.co/Logstash': (spec) => [podSpecUnit('spec.podTemplate', obj(obj(spec.podTemplate).spec), false, 'full')],
  'beat.k8s.elastic.co/Beat': (spec) =>
    (['daemonSet', 'deployment'] as const)
      .filter((k) => isObj(spec[k]))
      .map((k) => podSpecUnit(`spec.${k}.podTemplate`, obj(obj(obj(spec[k]).podTemplate).spec), false, 'full')),
};

/** prometheus-operator: pod settings at the top of spec, resources of the main container in spec.resources. */
function prometheusOperatorUnit(main: string, spec: Obj): PodUnit {
  const overrides = podSpecUnit('spec', spec, false, 'override');
  return {
    ...overrides,
    containers: [{ name: main, spec: { resources: spec.resources }, mode: 'operator-main', needsProbes: false }, ...overrides.containers],
  };
}

/** Envoy Gateway's EnvoyProxy: the proxy Deployment's pod and container settings. */
function envoyProxyUnits(spec: Obj): PodUnit[] {
  const deployment = obj(obj(obj(spec.provider).kubernetes).envoyDeployment);
  const pod = obj(deployment.pod);
  return [
    {
      where: 'spec.provider.kubernetes.envoyDeployment',
      pod,
      // Envoy Gateway sets the proxy's probes itself; the CRD has no field for them.
      containers: [{ name: 'envoy', spec: obj(deployment.container), mode: 'full', needsProbes: false }],
      serviceAccount: 'envoy-gateway-managed',
      partial: true,
    },
  ];
}

function group(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}

/** Every pod template in one object, or none. */
export function podUnits(m: Manifest): PodUnit[] {
  const spec = obj(m.spec);
  if (WORKLOADS.has(m.kind) && group(m.apiVersion) !== 'gateway.envoyproxy.io') {
    const long = LONG_RUNNING.has(m.kind);
    if (m.kind === 'Pod') return [podSpecUnit('spec', spec, true, 'full')];
    if (m.kind === 'CronJob') {
      return [podSpecUnit('spec.jobTemplate.spec.template', obj(obj(obj(obj(spec.jobTemplate).spec).template).spec), false, 'full')];
    }
    return [podSpecUnit('spec.template', obj(obj(spec.template).spec), long, 'full')];
  }
  if (m.kind === 'EnvoyProxy' && group(m.apiVersion) === 'gateway.envoyproxy.io') return envoyProxyUnits(spec);
  const operator = OPERATOR_KINDS[`${group(m.apiVersion)}/${m.kind}`];
  return operator ? operator(spec) : [];
}

function checkContainer(m: Manifest, unit: PodUnit, c: ContainerUnit): Violation[] {
  const out: Violation[] = [];
  const v = (rule: string, message: string) => out.push({ ...at(m), container: c.name, rule, message: `${unit.where}: ${message}` });
  const sc = obj(c.spec.securityContext);
  const podSc = obj(unit.pod.securityContext);
  if (c.mode !== 'operator-main') {
    const weak = c.mode === 'override';
    if (sc.privileged === true) v('container.privileged', 'runs privileged');
    if (weak ? sc.allowPrivilegeEscalation === true : sc.allowPrivilegeEscalation !== false) {
      v('container.privilege-escalation', 'must set securityContext.allowPrivilegeEscalation: false');
    }
    const caps = obj(sc.capabilities);
    if (strs(caps.add).length > 0) v('container.capabilities', `adds capabilities ${strs(caps.add).join(', ')}`);
    if (!weak && !strs(caps.drop).includes('ALL')) v('container.capabilities', 'must drop ALL capabilities');
    if (weak ? sc.readOnlyRootFilesystem === false : sc.readOnlyRootFilesystem !== true) {
      v('container.read-only-root', 'must set securityContext.readOnlyRootFilesystem: true (mount an emptyDir where it writes)');
    }
    const runAsUser = sc.runAsUser ?? podSc.runAsUser;
    const nonRoot = (sc.runAsNonRoot ?? podSc.runAsNonRoot) === true;
    if (runAsUser === 0 || (!weak && !nonRoot) || sc.runAsNonRoot === false) v('container.non-root', 'must run as non-root (runAsNonRoot: true, runAsUser ≠ 0)');
    const seccomp = str(obj(sc.seccompProfile).type) ?? str(obj(podSc.seccompProfile).type);
    if (weak ? seccomp === 'Unconfined' : seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      v('container.seccomp', 'must use seccompProfile RuntimeDefault (container or pod)');
    }
    for (const p of objs(c.spec.ports)) if (p.hostPort !== undefined) v('exposure.host-port', `binds hostPort ${String(p.hostPort)}`);
  }
  if (c.mode !== 'override' || c.spec.resources !== undefined) {
    const res = obj(c.spec.resources);
    const requests = obj(res.requests);
    if (requests.cpu === undefined || requests.memory === undefined) v('container.resources', 'must request cpu and memory');
    if (obj(res.limits).memory === undefined) v('container.resources', 'must limit memory');
  }
  if (c.needsProbes && (c.spec.readinessProbe === undefined || c.spec.livenessProbe === undefined)) {
    v('container.probes', 'a long-running container needs readinessProbe and livenessProbe');
  }
  return out;
}

function checkPod(m: Manifest, unit: PodUnit, boundAccounts: ReadonlySet<string>, quietAccounts: ReadonlySet<string>): Violation[] {
  const out: Violation[] = [];
  const v = (rule: string, message: string) => out.push({ ...at(m), rule, message: `${unit.where}: ${message}` });
  const pod = unit.pod;
  if (unit.containers.length === 0) {
    v('pod.containers', 'declares no container; name the main container in the template to set its securityContext and resources');
  }
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) if (pod[key] === true) v('pod.host-namespaces', `sets ${key}`);
  for (const vol of objs(pod.volumes)) if (vol.hostPath !== undefined) v('pod.host-path', `mounts hostPath ${String(obj(vol.hostPath).path)}`);
  const podSc = obj(pod.securityContext);
  if (podSc.runAsUser === 0) v('pod.non-root', 'runs as user 0');
  if (!unit.partial || OPERATOR_POD_SC.has(m.kind)) {
    if (podSc.runAsNonRoot !== true) v('pod.non-root', 'must set securityContext.runAsNonRoot: true');
    if (str(obj(podSc.seccompProfile).type) !== 'RuntimeDefault') v('pod.seccomp', 'must set securityContext.seccompProfile RuntimeDefault');
  }
  if (m.kind !== 'EnvoyProxy') {
    const key = `${m.metadata.namespace ?? ''}/${unit.serviceAccount}`;
    const tokenOff = pod.automountServiceAccountToken === false || quietAccounts.has(key);
    if (!tokenOff && !boundAccounts.has(key)) {
      v('pod.service-account-token', `automounts a token of ServiceAccount ${unit.serviceAccount}, which has no RBAC binding (set automountServiceAccountToken: false)`);
    }
  }
  return out;
}

/** Operator CRs whose top-level pod securityContext is ours to set (prometheus-operator). */
const OPERATOR_POD_SC = new Set(['Prometheus', 'Alertmanager']);

// ---------------------------------------------------------------------------------------------------------------
// RBAC

const POWERFUL_ROLES = new Set(['cluster-admin', 'admin', 'edit']);
const DANGEROUS_VERBS = new Set(['escalate', 'bind', 'impersonate']);

function checkRbac(m: Manifest): Violation[] {
  const out: Violation[] = [];
  const v = (rule: string, message: string) => out.push({ ...at(m), rule, message });
  if (m.kind === 'Role' || m.kind === 'ClusterRole') {
    objs(m.rules).forEach((r, i) => {
      for (const field of ['verbs', 'resources', 'apiGroups', 'nonResourceURLs'] as const) {
        if (strs(r[field]).includes('*')) v('rbac.wildcard', `rules[${i}].${field} contains "*"`);
      }
      const bad = strs(r.verbs).filter((verb) => DANGEROUS_VERBS.has(verb));
      if (bad.length) v('rbac.escalation', `rules[${i}] grants ${bad.join(', ')}`);
      if (m.kind === 'ClusterRole' && strs(r.resources).includes('secrets') && strs(r.verbs).some((x) => ['get', 'list', 'watch'].includes(x))) {
        v('rbac.cluster-secrets', `rules[${i}] reads Secrets in every namespace`);
      }
      if (m.kind === 'Role' && strs(r.resources).includes('secrets') && strs(r.verbs).some((x) => ['get', 'list', 'watch'].includes(x)) && strs(r.resourceNames).length === 0) {
        v('rbac.secrets-unscoped', `rules[${i}] reads every Secret of the namespace; name the Secrets in resourceNames`);
      }
    });
  }
  if (m.kind === 'RoleBinding' || m.kind === 'ClusterRoleBinding') {
    const ref = obj(m.roleRef);
    if (str(ref.kind) === 'ClusterRole' && POWERFUL_ROLES.has(str(ref.name) ?? '')) v('rbac.cluster-admin', `binds the built-in role ${String(ref.name)}`);
  }
  return out;
}

/** `namespace/name` of every ServiceAccount bound to some Role or ClusterRole. */
function boundServiceAccounts(objects: readonly Manifest[]): Set<string> {
  const out = new Set<string>();
  for (const m of objects) {
    if (m.kind !== 'RoleBinding' && m.kind !== 'ClusterRoleBinding') continue;
    for (const s of objs(m.subjects)) {
      if (s.kind === 'ServiceAccount') out.add(`${str(s.namespace) ?? m.metadata.namespace ?? ''}/${str(s.name) ?? ''}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Networking

const isDefaultDeny = (m: Manifest): boolean => {
  const spec = obj(m.spec);
  const types = strs(spec.policyTypes);
  return (
    m.kind === 'NetworkPolicy' &&
    Object.keys(obj(spec.podSelector)).length === 0 &&
    types.includes('Ingress') &&
    types.includes('Egress') &&
    arr(spec.ingress).length === 0 &&
    arr(spec.egress).length === 0
  );
};

const isWorld = (peer: Obj): boolean => str(obj(peer.ipBlock).cidr) === '0.0.0.0/0';

function checkNetworkPolicy(m: Manifest): Violation[] {
  if (m.kind !== 'NetworkPolicy' || isDefaultDeny(m)) return [];
  const out: Violation[] = [];
  const spec = obj(m.spec);
  objs(spec.ingress).forEach((r, i) => {
    if (!Array.isArray(r.from) || objs(r.from).some(isWorld)) out.push({ ...at(m), rule: 'network.open-ingress', message: `ingress[${i}] admits any source` });
  });
  objs(spec.egress).forEach((r, i) => {
    if (!Array.isArray(r.to) || objs(r.to).some(isWorld)) out.push({ ...at(m), rule: 'network.open-egress', message: `egress[${i}] reaches any destination` });
  });
  return out;
}

function selects(policy: Manifest, podLabels: Record<string, string>): boolean {
  const match = labelsOf(obj(obj(policy.spec).podSelector).matchLabels);
  return Object.entries(match).every(([k, val]) => podLabels[k] === val);
}

function checkNamespaces(objects: readonly Manifest[]): Violation[] {
  const out: Violation[] = [];
  for (const ns of objects.filter((m) => m.kind === 'Namespace')) {
    const name = ns.metadata.name;
    const labels = labelsOf(ns.metadata.labels);
    const annotations = labelsOf(ns.metadata.annotations);
    const enforce = labels['pod-security.kubernetes.io/enforce'];
    if (!enforce) out.push({ ...at(ns), rule: 'namespace.pod-security', message: 'has no pod-security.kubernetes.io/enforce label' });
    else if (enforce !== 'restricted' && !annotations['platform.example.com/pod-security-exception']) {
      out.push({ ...at(ns), rule: 'namespace.pod-security', message: `enforces "${enforce}" without a written exception` });
    }
    for (const mode of ['audit', 'warn']) {
      if (labels[`pod-security.kubernetes.io/${mode}`] !== 'restricted') {
        out.push({ ...at(ns), rule: 'namespace.pod-security', message: `must ${mode} at restricted` });
      }
    }
    if (!objects.some((m) => m.metadata.namespace === name && isDefaultDeny(m))) {
      out.push({ ...at(ns), rule: 'network.default-deny', message: 'has no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)' });
    }
  }
  return out;
}

/** Plain workloads must be selected by at least one allow policy: a workload nothing allows is isolated by mistake. */
function checkWorkloadWiring(objects: readonly Manifest[]): Violation[] {
  const policies = objects.filter((m) => m.kind === 'NetworkPolicy' && !isDefaultDeny(m));
  return objects
    .filter((m) => WORKLOADS.has(m.kind) && m.kind !== 'Pod' && m.kind !== 'CronJob')
    .filter((m) => {
      const labels = labelsOf(obj(obj(obj(m.spec).template).metadata).labels);
      return !policies.some((p) => p.metadata.namespace === m.metadata.namespace && selects(p, labels));
    })
    .map((m) => ({ ...at(m), rule: 'network.unwired-workload', message: 'no NetworkPolicy allows any traffic for its pods' }));
}

// ---------------------------------------------------------------------------------------------------------------
// Exposure, secrets and the gateway

function checkExposure(m: Manifest): Violation[] {
  if (m.kind === 'Ingress') return [{ ...at(m), rule: 'exposure.ingress', message: 'Ingress objects bypass the gateway' }];
  const type = str(obj(m.spec).type);
  if (m.kind === 'Service' && (type === 'LoadBalancer' || type === 'NodePort')) {
    return [{ ...at(m), rule: 'exposure.service-type', message: `Service of type ${type} bypasses the gateway` }];
  }
  return [];
}

/**
 * A namespaced SecretStore may only copy Secrets inside this cluster: External Secrets' `kubernetes` provider, and
 * nothing else, authenticated as a ServiceAccount (RBAC then limits what it reads), never with a stored token or key.
 */
function isInClusterCopyStore(store: Manifest): boolean {
  const provider = obj(obj(store.spec).provider);
  const kubernetes = obj(provider.kubernetes);
  const auth = obj(kubernetes.auth);
  return (
    Object.keys(provider).length === 1 &&
    isObj(provider.kubernetes) &&
    str(kubernetes.remoteNamespace) !== undefined &&
    kubernetes.authRef === undefined &&
    Object.keys(auth).length === 1 &&
    str(obj(auth.serviceAccount).name) !== undefined
  );
}

function checkSecrets(m: Manifest, ctx: PolicyContext, stores: ReadonlyMap<string, Manifest>): Violation[] {
  const v = (rule: string, message: string): Violation => ({ ...at(m), rule, message });
  if (m.kind === 'Secret') return [v('secret.plain', 'Secret objects carry values; sync the credential from AWS Secrets Manager with an ExternalSecret')];
  if (m.kind === 'ConfigMap') {
    return Object.keys(obj(m.data)).some((k) => /password|secret|token|private.?key/i.test(k))
      ? [v('secret.in-config-map', 'a ConfigMap key looks like a credential')]
      : [];
  }
  if (m.kind === 'SecretStore') {
    return isInClusterCopyStore(m)
      ? []
      : [v('secret.store', 'a namespaced SecretStore may only copy in-cluster Secrets: provider kubernetes alone, with remoteNamespace and auth.serviceAccount')];
  }
  if (m.kind !== 'ExternalSecret') return [];
  const spec = obj(m.spec);
  const out: Violation[] = [];
  const store = obj(spec.secretStoreRef);
  if (str(store.kind) === 'SecretStore') {
    // An in-cluster copy: keys name Secrets in the store's remoteNamespace, and RBAC limits which.
    const local = stores.get(`${m.metadata.namespace ?? ''}/${str(store.name) ?? ''}`);
    if (!local || !isInClusterCopyStore(local)) {
      out.push(v('secret.store', `reads through SecretStore ${String(store.name)}, which is no in-cluster copy store in ${m.metadata.namespace ?? ''}`));
    }
    return out;
  }
  if (str(store.kind) !== 'ClusterSecretStore' || str(store.name) !== ctx.secretStore) {
    out.push(v('secret.store', `must read through ClusterSecretStore ${ctx.secretStore}`));
  }
  for (const d of objs(spec.data)) {
    const key = str(obj(d.remoteRef).key) ?? '';
    if (!key.startsWith(ctx.secretPrefix)) out.push(v('secret.store', `reads "${key}", outside this environment's ${ctx.secretPrefix}* secrets`));
  }
  return out;
}

const GATEWAY_API = 'gateway.networking.k8s.io';

interface TargetRef {
  readonly kind: string;
  readonly name: string;
}
const targets = (policy: Manifest): TargetRef[] =>
  [obj(policy.spec).targetRef, ...arr(obj(policy.spec).targetRefs)].filter(isObj).map((t) => ({ kind: str(t.kind) ?? '', name: str(t.name) ?? '' }));

function covers(policy: Manifest, route: Manifest): boolean {
  if (policy.metadata.namespace !== route.metadata.namespace) return false;
  const parents = objs(obj(route.spec).parentRefs).map((p) => str(p.name));
  return targets(policy).some((t) => (t.kind === 'HTTPRoute' && t.name === route.metadata.name) || (t.kind === 'Gateway' && parents.includes(t.name)));
}

function checkGateway(objects: readonly Manifest[], ctx: PolicyContext): Violation[] {
  const out: Violation[] = [];
  const routes = objects.filter((m) => m.kind === 'HTTPRoute' || m.kind === 'GRPCRoute');
  const gateways = objects.filter((m) => m.kind === 'Gateway' && group(m.apiVersion) === GATEWAY_API);
  const security = objects.filter((m) => m.kind === 'SecurityPolicy');
  const traffic = objects.filter((m) => m.kind === 'BackendTrafficPolicy');
  const externalSecrets = new Set(
    objects.filter((m) => m.kind === 'ExternalSecret').map((m) => `${m.metadata.namespace ?? ''}/${str(obj(obj(m.spec).target).name) ?? m.metadata.name}`),
  );
  const listenerProtocol = (gatewayName: string, namespace: string, section: string | undefined): string[] => {
    const gw = gateways.find((g) => g.metadata.name === gatewayName && g.metadata.namespace === namespace);
    return objs(obj(gw?.spec).listeners)
      .filter((l) => section === undefined || str(l.name) === section)
      .map((l) => str(l.protocol) ?? '');
  };

  for (const route of routes) {
    const v = (rule: string, message: string) => out.push({ ...at(route), rule, message });
    const rules = objs(obj(route.spec).rules);
    const backends = rules.flatMap((r) => objs(r.backendRefs));
    const protocols = objs(obj(route.spec).parentRefs).flatMap((p) =>
      listenerProtocol(str(p.name) ?? '', str(p.namespace) ?? route.metadata.namespace ?? '', str(p.sectionName)),
    );
    if (backends.length === 0) {
      const redirectsToHttps = rules.every((r) =>
        objs(r.filters).some((f) => str(f.type) === 'RequestRedirect' && str(obj(f.requestRedirect).scheme) === 'https'),
      );
      if (!redirectsToHttps) v('gateway.https-only', 'a route without backends may only redirect to https');
      continue;
    }
    if (protocols.length === 0 || protocols.some((p) => p !== 'HTTPS')) v('gateway.https-only', `serves backends on ${protocols.join(', ') || 'no'} listener(s); attach to HTTPS listeners only`);
    const auth = security.filter((p) => covers(p, route));
    if (!auth.some((p) => ['oidc', 'basicAuth', 'jwt', 'extAuth'].some((k) => obj(p.spec)[k] !== undefined))) {
      v('gateway.auth', 'no SecurityPolicy with authentication covers this route');
    }
    if (ctx.environment === 'prod' && !auth.some((p) => obj(p.spec).oidc !== undefined)) v('gateway.prod-oidc', 'production routes must require OIDC sign-in');
    const limits = traffic.filter((p) => covers(p, route));
    if (!limits.some((p) => obj(p.spec).rateLimit !== undefined)) v('gateway.rate-limit', 'no BackendTrafficPolicy with a rate limit covers this route');
    if (!limits.some((p) => obj(obj(p.spec).timeout).http !== undefined)) v('gateway.timeouts', 'no BackendTrafficPolicy sets HTTP timeouts for this route');
    for (const b of backends) {
      const ns = str(b.namespace) ?? route.metadata.namespace;
      if (ns === route.metadata.namespace) continue;
      const granted = objects.some(
        (g) =>
          g.kind === 'ReferenceGrant' &&
          g.metadata.namespace === ns &&
          objs(obj(g.spec).from).some((f) => str(f.kind) === route.kind && str(f.namespace) === route.metadata.namespace) &&
          objs(obj(g.spec).to).some((t) => str(t.kind) === (str(b.kind) ?? 'Service') && (t.name === undefined || str(t.name) === str(b.name))),
      );
      if (!granted) v('gateway.reference-grant', `references ${ns}/${String(b.name)} without a ReferenceGrant there`);
      const service = objects.find((s) => s.kind === 'Service' && s.metadata.namespace === ns && s.metadata.name === str(b.name));
      if (service) {
        const podLabels = labelsOf(obj(service.spec).selector);
        const reachable = objects.some(
          (p) =>
            p.kind === 'NetworkPolicy' &&
            p.metadata.namespace === ns &&
            selects(p, podLabels) &&
            objs(obj(p.spec).ingress).some((r) =>
              objs(r.from).some((f) => labelsOf(obj(f.namespaceSelector).matchLabels)['kubernetes.io/metadata.name'] === ctx.gatewayProxyNamespace),
            ),
        );
        if (!reachable) v('gateway.backend-network', `no NetworkPolicy lets the gateway proxies reach ${ns}/${service.metadata.name}`);
      }
    }
  }

  const secretRefs = (m: Manifest): string[] => {
    const spec = obj(m.spec);
    if (m.kind === 'Gateway') return objs(spec.listeners).flatMap((l) => objs(obj(l.tls).certificateRefs).map((r) => str(r.name) ?? ''));
    if (m.kind === 'SecurityPolicy') {
      return [str(obj(obj(spec.oidc).clientSecret).name), str(obj(obj(spec.basicAuth).users).name)].filter((x): x is string => x !== undefined);
    }
    return [];
  };
  for (const m of [...gateways, ...security]) {
    for (const name of secretRefs(m)) {
      if (!externalSecrets.has(`${m.metadata.namespace ?? ''}/${name}`)) {
        out.push({ ...at(m), rule: 'secret.unsynced', message: `references Secret ${name}, which no ExternalSecret in ${m.metadata.namespace ?? ''} produces` });
      }
    }
  }
  return out;
}

/** ECK creates Secrets named `<resource>-<infix>-…` for each of its resources (credentials, certificates). */
const ECK_SECRET_INFIX: Record<string, string> = { Elasticsearch: 'es', Kibana: 'kb', Logstash: 'ls', Beat: 'beat' };

/** Names of the Secrets one pod spec reads (volumes, projected volumes, env, envFrom, image pull secrets). */
function podSecretRefs(pod: Obj): string[] {
  const containers = [...objs(pod.containers), ...objs(pod.initContainers)];
  return [
    ...objs(pod.volumes).map((v) => str(obj(v.secret).secretName)),
    ...objs(pod.volumes).flatMap((v) => objs(obj(v.projected).sources).map((src) => str(obj(src.secret).name))),
    ...containers.flatMap((c) => objs(c.env).map((e) => str(obj(obj(e.valueFrom).secretKeyRef).name))),
    ...containers.flatMap((c) => objs(c.envFrom).map((e) => str(obj(e.secretRef).name))),
    ...objs(pod.imagePullSecrets).map((r) => str(r.name)),
    // prometheus-operator mounts `spec.secrets` of Prometheus/Alertmanager into the pods.
    ...strs(pod.secrets),
  ].filter((x): x is string => x !== undefined);
}

/** Every Secret a pod reads must come from AWS Secrets Manager (an ExternalSecret) or from an operator resource. */
function checkPodSecrets(objects: readonly Manifest[]): Violation[] {
  const synced = new Set(
    objects.filter((m) => m.kind === 'ExternalSecret').map((m) => `${m.metadata.namespace ?? ''}/${str(obj(obj(m.spec).target).name) ?? m.metadata.name}`),
  );
  const operatorPrefixes = objects
    .filter((m) => group(m.apiVersion).endsWith('k8s.elastic.co') && ECK_SECRET_INFIX[m.kind] !== undefined)
    .map((m) => `${m.metadata.namespace ?? ''}/${m.metadata.name}-${ECK_SECRET_INFIX[m.kind] ?? ''}-`);
  return objects.flatMap((m) =>
    podUnits(m).flatMap((u) =>
      podSecretRefs(u.pod)
        .filter((name) => {
          const key = `${m.metadata.namespace ?? ''}/${name}`;
          return !synced.has(key) && !operatorPrefixes.some((prefix) => key.startsWith(prefix));
        })
        .map((name) => ({
          ...at(m),
          rule: 'secret.unsynced',
          message: `${u.where}: reads Secret ${name}, which neither an ExternalSecret nor an ECK resource in ${m.metadata.namespace ?? ''} produces`,
        })),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Images

/** Operator CRs whose image defaults to one the operator picks unless `spec.image` pins it. */
const IMAGE_PINNED_KINDS = new Set(['Prometheus', 'Alertmanager', 'Elasticsearch', 'Kibana', 'Logstash', 'Beat']);

/** Every string under a key named `image`, anywhere in the object. */
export function imagesIn(value: unknown, path = ''): { path: string; image: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => imagesIn(v, `${path}[${i}]`));
  if (!isObj(value)) return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === 'image' && typeof v === 'string' ? [{ path: `${path}.${k}`, image: v }] : imagesIn(v, `${path}.${k}`),
  );
}

export function checkImageRef(image: string, ctx: PolicyContext): string[] {
  const parsed = parseImage(image);
  if (!parsed.tag) return [`"${image}" has no tag`];
  if (!isExactTag(parsed.tag)) return [`"${image}" uses the floating tag "${parsed.tag}"; pin an exact version`];
  const catalog = ctx.catalogImages?.get(parsed.repository);
  if (catalog) {
    const problems: string[] = [];
    if (parsed.tag !== catalog.tag) problems.push(`"${image}" is not the catalog's tag ${catalog.tag}`);
    if (parsed.digest !== catalog.digest) problems.push(`"${image}" does not carry the catalog's digest ${catalog.digest ?? '(none)'}`);
    if (ctx.requireCatalogDigests && !parsed.digest) problems.push(`"${image}" has no digest; production runs catalog images by digest only`);
    return problems;
  }
  const ref = `${parsed.repository}:${parsed.tag}`;
  const problems: string[] = [];
  if (!ctx.images.some((i) => i.repository === parsed.repository && i.tag === parsed.tag)) problems.push(`"${ref}" is not in config/images.ts`);
  if (!(ref in ctx.lock.digests)) problems.push(`"${ref}" is missing from config/images.lock.json`);
  const locked = ctx.lock.digests[ref];
  if (locked && parsed.digest !== locked) problems.push(`"${image}" must be referenced as ${ref}@${locked} (the locked digest)`);
  if (parsed.digest && parsed.digest !== locked) problems.push(`"${image}" carries a digest the lock file does not have`);
  return problems;
}

function checkImages(m: Manifest, ctx: PolicyContext): Violation[] {
  const out: Violation[] = imagesIn(m).flatMap(({ path, image }) =>
    checkImageRef(image, ctx).map((message) => ({ ...at(m), rule: 'image.pinned', container: path.slice(1), message })),
  );
  if (IMAGE_PINNED_KINDS.has(m.kind) && podUnits(m).length > 0 && str(obj(m.spec).image) === undefined) {
    out.push({ ...at(m), rule: 'image.pinned', message: 'set spec.image from config/images.ts; the operator default is not pinned by digest' });
  }
  return out;
}

/** Checks of the image catalog and its lock file themselves. */
export function checkImageCatalog(images: readonly ImageSpec[], lock: ImageLock): string[] {
  const problems: string[] = [];
  const refs = new Set(images.map((i) => `${i.repository}:${i.tag}`));
  for (const i of images) {
    if (!isExactTag(i.tag)) problems.push(`${i.repository}:${i.tag} uses a floating tag`);
    if (!(`${i.repository}:${i.tag}` in lock.digests)) problems.push(`${i.repository}:${i.tag} is missing from the lock file`);
  }
  for (const [ref, digest] of Object.entries(lock.digests)) {
    if (!refs.has(ref)) problems.push(`${ref} is locked but not in config/images.ts`);
    if (digest !== null && !/^sha256:[0-9a-f]{64}$/.test(digest)) problems.push(`${ref} has "${digest}", which is not a sha256 digest`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------

/** Every finding over the objects of one environment. */
export function checkObjects(objects: readonly Manifest[], ctx: PolicyContext): Violation[] {
  const bound = boundServiceAccounts(objects);
  const quiet = new Set(
    objects.filter((m) => m.kind === 'ServiceAccount' && m.automountServiceAccountToken === false).map((m) => `${m.metadata.namespace ?? ''}/${m.metadata.name}`),
  );
  const stores = new Map(objects.filter((m) => m.kind === 'SecretStore').map((m) => [`${m.metadata.namespace ?? ''}/${m.metadata.name}`, m]));
  const perObject = objects.flatMap((m) => [
    ...podUnits(m).flatMap((u) => [...checkPod(m, u, bound, quiet), ...u.containers.flatMap((c) => checkContainer(m, u, c))]),
    ...checkRbac(m),
    ...checkNetworkPolicy(m),
    ...checkExposure(m),
    ...checkSecrets(m, ctx, stores),
    ...checkImages(m, ctx),
    ...(m.kind === 'ServiceAccount' && m.automountServiceAccountToken !== false && !bound.has(`${m.metadata.namespace ?? ''}/${m.metadata.name}`)
      ? [{ ...at(m), rule: 'service-account.token', message: 'automounts a token but has no RBAC binding; set automountServiceAccountToken: false' }]
      : []),
  ]);
  return [...perObject, ...checkNamespaces(objects), ...checkWorkloadWiring(objects), ...checkPodSecrets(objects), ...checkGateway(objects, ctx)];
}
