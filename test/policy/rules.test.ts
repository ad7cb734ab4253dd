/**
 * The policy checks themselves: a compliant baseline passes, and each planted violation is reported under its rule.
 * Without these, the charts-out suite could pass by checking nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../scripts/lib/validate-manifests.js';
import { checkImageCatalog, checkImageRef, checkObjects, type PolicyContext } from './rules.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const ctx: PolicyContext = {
  environment: 'prod',
  secretPrefix: 'obs-prod/',
  secretStore: 'aws-secrets-manager',
  gatewayProxyNamespace: 'envoy-gateway-system',
  images: [
    { repository: 'quay.io/example/app', tag: 'v1.2.3' },
    { repository: 'docker.io/example/pinned', tag: '2.0.1' },
  ],
  lock: { digests: { 'quay.io/example/app:v1.2.3': null, 'docker.io/example/pinned:2.0.1': DIGEST } },
};

const RESTRICTED = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};
const PROBE = { httpGet: { path: '/healthz', port: 'http' } };
const LABELS = { 'app.kubernetes.io/name': 'app' };

const container = (over: Record<string, unknown> = {}) => ({
  name: 'app',
  image: 'quay.io/example/app:v1.2.3',
  securityContext: RESTRICTED,
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '64Mi' } },
  readinessProbe: PROBE,
  livenessProbe: PROBE,
  ...over,
});
const podSpec = (over: Record<string, unknown> = {}) => ({
  automountServiceAccountToken: false,
  securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [container()],
  ...over,
});
const deployment = (pod: Record<string, unknown> = podSpec()): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'app', namespace: 'apps' },
  spec: { selector: { matchLabels: LABELS }, template: { metadata: { labels: LABELS }, spec: pod } },
});
const namespace: Manifest = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name: 'apps',
    labels: {
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    },
  },
};
const policy = (name: string, spec: Record<string, unknown>): Manifest => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: 'apps' },
  spec,
});
const DENY = policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const ALLOW = policy('app', {
  podSelector: { matchLabels: LABELS },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } } }], ports: [{ port: 8080 }] }],
});

/** A namespaced object in `apps`. */
const resource = (apiVersion: string, kind: string, name: string, spec: Record<string, unknown>): Manifest => ({
  apiVersion,
  kind,
  metadata: { name, namespace: 'apps' },
  spec,
});

const rulesOf = (objects: Manifest[]) => checkObjects(objects, ctx).map((v) => v.rule);
const withBase = (...objects: Manifest[]) => rulesOf([namespace, DENY, ALLOW, ...objects]);

describe('policy checks on workloads', () => {
  it('pass a compliant deployment in a default-deny namespace', () => {
    expect(checkObjects([namespace, DENY, ALLOW, deployment()], ctx)).toEqual([]);
  });

  it.each([
    ['container.privilege-escalation', { securityContext: { ...RESTRICTED, allowPrivilegeEscalation: true } }],
    ['container.privileged', { securityContext: { ...RESTRICTED, privileged: true } }],
    ['container.capabilities', { securityContext: { ...RESTRICTED, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } } }],
    ['container.capabilities', { securityContext: { ...RESTRICTED, capabilities: {} } }],
    ['container.read-only-root', { securityContext: { ...RESTRICTED, readOnlyRootFilesystem: false } }],
    ['container.non-root', { securityContext: { ...RESTRICTED, runAsUser: 0 } }],
    ['container.resources', { resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
    ['container.resources', { resources: { limits: { memory: '64Mi' } } }],
    ['container.probes', { livenessProbe: undefined }],
    ['exposure.host-port', { ports: [{ containerPort: 80, hostPort: 80 }] }],
    ['image.pinned', { image: 'quay.io/example/app:latest' }],
  ])('report %s for a bad container', (rule, over) => {
    expect(withBase(deployment(podSpec({ containers: [container(over)] })))).toContain(rule);
  });

  it.each([
    ['pod.host-namespaces', { hostNetwork: true }],
    ['pod.host-namespaces', { hostPID: true }],
    ['pod.host-path', { volumes: [{ name: 'proc', hostPath: { path: '/proc' } }] }],
    ['pod.non-root', { securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } } }],
    ['pod.seccomp', { securityContext: { runAsNonRoot: true } }],
    ['pod.service-account-token', { automountServiceAccountToken: undefined }],
    ['pod.containers', { containers: [] }],
  ])('report %s for a bad pod', (rule, over) => {
    expect(withBase(deployment(podSpec(over)))).toContain(rule);
  });

  it('accepts an automounted token when the ServiceAccount is bound to a role', () => {
    const sa: Manifest = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reader', namespace: 'apps' } };
    const binding: Manifest = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'reader', namespace: 'apps' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'apps' }],
    };
    const pod = podSpec({ automountServiceAccountToken: undefined, serviceAccountName: 'reader' });
    expect(withBase(sa, binding, deployment(pod))).toEqual([]);
    expect(withBase(sa, deployment(pod))).toEqual(expect.arrayContaining(['pod.service-account-token', 'service-account.token']));
  });

  it('does not require probes of a Job', () => {
    const job: Manifest = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'once', namespace: 'apps' },
      spec: { template: { metadata: { labels: LABELS }, spec: podSpec({ containers: [container({ readinessProbe: undefined, livenessProbe: undefined })] }) } },
    };
    expect(withBase(job)).toEqual([]);
  });

  it('checks the pod templates inside operator resources', () => {
    const es = resource('elasticsearch.k8s.elastic.co/v1', 'Elasticsearch', 'logging', {
      image: 'quay.io/example/app:v1.2.3',
      nodeSets: [{ name: 'default', podTemplate: { spec: podSpec({ containers: [container({ name: 'elasticsearch', securityContext: {} })] }) } }],
    });
    expect(withBase(es)).toEqual(expect.arrayContaining(['container.privilege-escalation', 'container.read-only-root', 'container.capabilities']));
    const prometheus: Manifest = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: 'platform', namespace: 'apps' },
      spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'prometheus', securityContext: { readOnlyRootFilesystem: false } }] },
    };
    expect(withBase(prometheus)).toEqual(
      expect.arrayContaining(['pod.seccomp', 'container.resources', 'container.read-only-root', 'image.pinned', 'pod.service-account-token']),
    );
  });
});

describe('policy checks on RBAC, namespaces and networking', () => {
  const role = (rules: unknown[]): Manifest => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules });

  it('report wildcards, escalation verbs, cluster-wide Secret reads and bindings to cluster-admin', () => {
    expect(rulesOf([role([{ apiGroups: [''], resources: ['*'], verbs: ['get'] }])])).toEqual(['rbac.wildcard']);
    expect(rulesOf([role([{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['bind'] }])])).toEqual(['rbac.escalation']);
    expect(rulesOf([role([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }])])).toEqual(['rbac.cluster-secrets']);
    const admin: Manifest = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'b' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [],
    };
    expect(rulesOf([admin])).toEqual(['rbac.cluster-admin']);
  });

  it('report a namespaced Role reading Secrets it does not name, and accept one scoped with resourceNames', () => {
    const namespaced = (rule: Record<string, unknown>): Manifest => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r', namespace: 'logging' },
      rules: [rule],
    });
    expect(rulesOf([namespaced({ apiGroups: [''], resources: ['secrets'], verbs: ['get'] })])).toEqual(['rbac.secrets-unscoped']);
    expect(rulesOf([namespaced({ apiGroups: [''], resources: ['secrets'], resourceNames: ['ca'], verbs: ['get'] })])).toEqual([]);
  });

  it('report a namespace without default deny or with a lower Pod Security level and no written exception', () => {
    expect(rulesOf([namespace])).toEqual(['network.default-deny']);
    const lax = { ...namespace, metadata: { ...namespace.metadata, labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } };
    expect(rulesOf([lax, DENY])).toEqual(['namespace.pod-security', 'namespace.pod-security', 'namespace.pod-security']);
  });

  it('report open ingress or egress and a workload that no policy lets talk', () => {
    expect(withBase(policy('open', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80 }] }] }))).toEqual(['network.open-ingress']);
    expect(withBase(policy('world', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }))).toEqual([
      'network.open-egress',
    ]);
    expect(rulesOf([namespace, DENY, deployment()])).toEqual(['network.unwired-workload']);
  });

  it('report exposure that bypasses the gateway', () => {
    const lb: Manifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'apps' }, spec: { type: 'LoadBalancer' } };
    const ingress: Manifest = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'apps' }, spec: {} };
    expect(withBase(lb, ingress)).toEqual(['exposure.service-type', 'exposure.ingress']);
  });
});

describe('policy checks on secrets', () => {
  const external = (store: string, key: string): Manifest => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'x', namespace: 'apps' },
    spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: store }, target: { name: 'x' }, data: [{ secretKey: 'k', remoteRef: { key } }] },
  });

  it('report Secret objects, credential-like ConfigMap keys and ExternalSecrets outside the store or environment', () => {
    expect(rulesOf([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'apps' } }])).toEqual(['secret.plain']);
    expect(rulesOf([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'apps' }, data: { 'admin-password': 'x' } }])).toEqual([
      'secret.in-config-map',
    ]);
    expect(rulesOf([external('aws-secrets-manager', 'obs-prod/x')])).toEqual([]);
    expect(rulesOf([external('other', 'obs-prod/x')])).toEqual(['secret.store']);
    expect(rulesOf([external('aws-secrets-manager', 'obs-dev/x')])).toEqual(['secret.store']);
  });

  const store = (name: string, provider: Record<string, unknown>, namespace = 'apps'): Manifest => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: { name, namespace },
    spec: { provider },
  });
  const copyProvider = { kubernetes: { remoteNamespace: 'logging', auth: { serviceAccount: { name: 'reader' } } } };
  const copy = (storeName: string): Manifest => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'ca', namespace: 'apps' },
    spec: { secretStoreRef: { kind: 'SecretStore', name: storeName }, target: { name: 'ca' }, data: [{ secretKey: 'ca.crt', remoteRef: { key: 'es-ca', property: 'ca.crt' } }] },
  });

  it('accept an ExternalSecret copying an in-cluster Secret through a kubernetes SecretStore with ServiceAccount auth in its namespace', () => {
    expect(rulesOf([store('copy', copyProvider), copy('copy')])).toEqual([]);
  });

  it('report SecretStores that reach outside the cluster or hold credentials, and ExternalSecrets using them or a missing store', () => {
    const token = { kubernetes: { remoteNamespace: 'logging', auth: { token: { bearerToken: { name: 't', key: 'token' } } } } };
    expect(rulesOf([store('copy', token), copy('copy')])).toEqual(['secret.store', 'secret.store']);
    expect(rulesOf([store('aws', { aws: { service: 'SecretsManager', region: 'eu-west-1' } })])).toEqual(['secret.store']);
    expect(rulesOf([copy('missing')])).toEqual(['secret.store']);
    expect(rulesOf([store('copy', copyProvider, 'other'), copy('copy')])).toEqual(['secret.store']);
  });
});

describe('policy checks on Secrets read by pods', () => {
  const synced: Manifest = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'creds', namespace: 'apps' },
    spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' }, target: { name: 'creds' }, data: [] },
  };
  const reading = (name: string) =>
    deployment(podSpec({ containers: [container({ env: [{ name: 'X', valueFrom: { secretKeyRef: { name, key: 'k' } } }] })] }));

  it('accept a Secret synced by an ExternalSecret or created by an ECK resource in the same namespace', () => {
    const kibana = resource('kibana.k8s.elastic.co/v1', 'Kibana', 'logging', {
      image: 'quay.io/example/app:v1.2.3',
      podTemplate: { spec: podSpec({ containers: [container({ name: 'kibana', readinessProbe: undefined, livenessProbe: undefined })] }) },
    });
    expect(withBase(synced, reading('creds'))).toEqual([]);
    expect(withBase(kibana, reading('logging-kb-http-certs-public'))).toEqual([]);
  });

  it('report a Secret nothing in the stack produces', () => {
    expect(withBase(synced, reading('hand-made'))).toEqual(['secret.unsynced']);
    const volume = deployment(podSpec({ volumes: [{ name: 'v', secret: { secretName: 'hand-made' } }] }));
    expect(withBase(volume)).toEqual(['secret.unsynced']);
    const alertmanager: Manifest = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Alertmanager',
      metadata: { name: 'main', namespace: 'apps' },
      spec: {
        image: 'quay.io/example/app:v1.2.3',
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '32Mi' } },
        secrets: ['creds', 'hand-made'],
      },
    };
    expect(checkObjects([namespace, DENY, ALLOW, synced, alertmanager], ctx).map((v) => v.message)).toEqual([
      'spec: reads Secret hand-made, which neither an ExternalSecret nor an ECK resource in apps produces',
    ]);
  });
});

describe('policy checks on the gateway', () => {
  const gw = (name: string, kind: string, spec: Record<string, unknown>): Manifest => ({
    apiVersion: kind === 'Gateway' || kind === 'HTTPRoute' || kind === 'ReferenceGrant' ? 'gateway.networking.k8s.io/v1' : 'gateway.envoyproxy.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'gateway' },
    spec,
  });
  const gateway = gw('platform', 'Gateway', {
    gatewayClassName: 'platform',
    listeners: [
      { name: 'https', protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'tls' }] } },
      { name: 'http', protocol: 'HTTP', port: 80 },
    ],
  });
  const tls: Manifest = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'tls', namespace: 'gateway' },
    spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' }, target: { name: 'tls' }, data: [] },
  };
  const route = (section: string, backendNamespace = 'gateway') =>
    gw('ui', 'HTTPRoute', { parentRefs: [{ name: 'platform', sectionName: section }], rules: [{ backendRefs: [{ name: 'ui', namespace: backendNamespace, port: 80 }] }] });
  const auth = (spec: Record<string, unknown>) => gw('auth', 'SecurityPolicy', { targetRefs: [{ kind: 'HTTPRoute', name: 'ui' }], ...spec });
  const OIDC = { oidc: { provider: { issuer: 'https://id' }, clientID: 'c', clientSecret: { name: 'tls' } } };
  const limits = gw('limits', 'BackendTrafficPolicy', {
    targetRefs: [{ kind: 'Gateway', name: 'platform' }],
    rateLimit: { type: 'Local' },
    timeout: { http: { requestTimeout: '60s' } },
  });
  const base = [gateway, tls, limits];

  it('pass an HTTPS route with OIDC, a rate limit and timeouts', () => {
    expect(rulesOf([...base, route('https'), auth(OIDC)])).toEqual([]);
  });

  it('report a route without authentication, rate limit or timeouts, and basic auth in prod', () => {
    expect(rulesOf([gateway, tls, route('https')])).toEqual(['gateway.auth', 'gateway.prod-oidc', 'gateway.rate-limit', 'gateway.timeouts']);
    expect(rulesOf([...base, route('https'), auth({ basicAuth: { users: { name: 'tls' } } })])).toEqual(['gateway.prod-oidc']);
  });

  it('report a backend served over plain HTTP and a redirect-less route without backends', () => {
    expect(rulesOf([...base, route('http'), auth(OIDC)])).toEqual(['gateway.https-only']);
    expect(rulesOf([...base, gw('r', 'HTTPRoute', { parentRefs: [{ name: 'platform', sectionName: 'http' }], rules: [{}] })])).toEqual(['gateway.https-only']);
  });

  it('report a cross-namespace backend without a ReferenceGrant, and a backend the proxies cannot reach', () => {
    const service: Manifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ui', namespace: 'apps' }, spec: { selector: LABELS } };
    expect(rulesOf([...base, route('https', 'apps'), auth(OIDC), service])).toEqual(['gateway.reference-grant', 'gateway.backend-network']);
    const grant: Manifest = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'g', namespace: 'apps' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'gateway' }], to: [{ group: '', kind: 'Service', name: 'ui' }] },
    };
    expect(rulesOf([...base, route('https', 'apps'), auth(OIDC), service, grant, ALLOW])).toEqual([]);
  });

  it('report a credential reference that no ExternalSecret produces', () => {
    expect(rulesOf([gateway, limits, route('https'), auth(OIDC)])).toEqual(['secret.unsynced', 'secret.unsynced']);
  });
});

describe('image pinning', () => {
  it('accepts a catalog image with no digest yet only while the lock has none, and requires the locked digest once it has', () => {
    expect(checkImageRef('quay.io/example/app:v1.2.3', ctx)).toEqual([]);
    expect(checkImageRef(`docker.io/example/pinned:2.0.1@${DIGEST}`, ctx)).toEqual([]);
    expect(checkImageRef('docker.io/example/pinned:2.0.1', ctx).join()).toMatch(/must be referenced as .*@sha256:a{64}/);
    expect(checkImageRef(`quay.io/example/app:v1.2.3@sha256:${'b'.repeat(64)}`, ctx).join()).toMatch(/digest the lock file does not have/);
  });

  it.each(['quay.io/example/app', 'quay.io/example/app:latest', 'quay.io/example/app:v1', 'quay.io/example/app:1.2', 'quay.io/example/app:stable'])(
    'rejects the unpinned reference %s',
    (image) => {
      expect(checkImageRef(image, ctx)).not.toEqual([]);
    },
  );

  it('rejects an image that is not in the catalog or not in the lock file', () => {
    expect(checkImageRef('docker.io/other/thing:1.0.0', ctx).join()).toMatch(/not in config\/images\.ts.*missing from config\/images\.lock\.json/);
  });

  it('checks the catalog against the lock file both ways, and the digest format', () => {
    expect(checkImageCatalog(ctx.images, ctx.lock)).toEqual([]);
    expect(checkImageCatalog([...ctx.images, { repository: 'x/y', tag: 'latest' }], ctx.lock)).toEqual([
      'x/y:latest uses a floating tag',
      'x/y:latest is missing from the lock file',
    ]);
    expect(checkImageCatalog(ctx.images.slice(0, 1), { digests: { ...ctx.lock.digests, 'quay.io/example/app:v1.2.3': 'sha256:nope' } })).toEqual([
      'quay.io/example/app:v1.2.3 has "sha256:nope", which is not a sha256 digest',
      'docker.io/example/pinned:2.0.1 is locked but not in config/images.ts',
    ]);
  });
});
