import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Resources } from '../../config/sections/primitives.js';
import { componentLabels } from '../lib/labels.js';
import { Scrape } from '../lib/monitoring.js';
import { allowTraffic, apiServer, DNS, PROMETHEUS_PODS } from '../lib/network-policy.js';
import { containerResources, NOBODY, RESTRICTED_CONTAINER, restrictedPod } from '../lib/security.js';

const PORTS = { metrics: { name: 'http-metrics', number: 8080 }, telemetry: { name: 'telemetry', number: 8081 } } as const;

/**
 * API groups and resources kube-state-metrics reports on; read-only access to each, and `--resources` enables exactly
 * these collectors. Its default set also reads Secrets and ConfigMaps: left out, so it never holds credentials.
 */
const WATCHED: ReadonlyArray<{ readonly apiGroup: string; readonly resources: readonly string[] }> = [
  {
    apiGroup: '',
    resources: [
      'endpoints', 'limitranges', 'namespaces', 'nodes', 'persistentvolumeclaims', 'persistentvolumes', 'pods',
      'replicationcontrollers', 'resourcequotas', 'services',
    ],
  },
  { apiGroup: 'apps', resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'] },
  { apiGroup: 'batch', resources: ['cronjobs', 'jobs'] },
  { apiGroup: 'autoscaling', resources: ['horizontalpodautoscalers'] },
  { apiGroup: 'policy', resources: ['poddisruptionbudgets'] },
  { apiGroup: 'certificates.k8s.io', resources: ['certificatesigningrequests'] },
  { apiGroup: 'discovery.k8s.io', resources: ['endpointslices'] },
  { apiGroup: 'storage.k8s.io', resources: ['storageclasses', 'volumeattachments'] },
  { apiGroup: 'admissionregistration.k8s.io', resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'] },
  { apiGroup: 'networking.k8s.io', resources: ['ingresses', 'networkpolicies'] },
  { apiGroup: 'coordination.k8s.io', resources: ['leases'] },
];

export interface KubeStateMetricsProps {
  readonly namespace: string;
  /** Image reference (`imageRef('kubeStateMetrics')`). */
  readonly image: string;
  readonly resources: Resources;
  /** VPC CIDR, where the EKS API server's endpoints live. */
  readonly vpcCidr: string;
}

/**
 * kube-state-metrics: Deployment, Service, ServiceAccount with a list/watch-only ClusterRole, NetworkPolicy and
 * ServiceMonitors for its object metrics and its own telemetry.
 */
export class KubeStateMetrics extends Construct {
  constructor(scope: Construct, id: string, props: KubeStateMetricsProps) {
    super(scope, id);
    const ns = props.namespace;
    const version = props.image.split(':')[1]?.split('@')[0] ?? 'unknown';
    const { labels, selector } = componentLabels({ name: 'kube-state-metrics', component: 'exporter', version });

    const serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: 'kube-state-metrics', namespace: ns, labels },
      automountServiceAccountToken: false,
    });
    const role = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: 'kube-state-metrics', labels },
      rules: WATCHED.map((w) => ({ apiGroups: [w.apiGroup], resources: [...w.resources], verbs: ['list', 'watch'] })),
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: 'kube-state-metrics', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: ns }],
    });

    new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: 'kube-state-metrics', namespace: ns, labels },
      spec: {
        // One replica: two would report every object twice.
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: serviceAccount.name,
            // It lists and watches objects through the API server, so it needs its token.
            automountServiceAccountToken: true,
            securityContext: restrictedPod(NOBODY),
            containers: [
              {
                name: 'kube-state-metrics',
                image: props.image,
                args: [
                  `--port=${PORTS.metrics.number}`,
                  `--telemetry-port=${PORTS.telemetry.number}`,
                  `--resources=${WATCHED.flatMap((w) => w.resources).sort().join(',')}`,
                ],
                ports: [
                  { name: PORTS.metrics.name, containerPort: PORTS.metrics.number },
                  { name: PORTS.telemetry.name, containerPort: PORTS.telemetry.number },
                ],
                resources: containerResources(props.resources),
                securityContext: { ...RESTRICTED_CONTAINER },
                livenessProbe: { httpGet: { path: '/livez', port: k8s.IntOrString.fromString(PORTS.metrics.name) }, periodSeconds: 10, timeoutSeconds: 5 },
                readinessProbe: { httpGet: { path: '/readyz', port: k8s.IntOrString.fromString(PORTS.telemetry.name) }, periodSeconds: 10, timeoutSeconds: 5 },
              },
            ],
          },
        },
      },
    });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: 'kube-state-metrics', namespace: ns, labels },
      spec: {
        selector,
        ports: Object.values(PORTS).map((p) => ({ name: p.name, port: p.number, targetPort: k8s.IntOrString.fromString(p.name) })),
      },
    });

    allowTraffic(this, 'NetworkPolicy', {
      namespace: ns,
      name: 'kube-state-metrics',
      pods: selector,
      ingress: [{ peers: [PROMETHEUS_PODS], ports: Object.values(PORTS).map((p) => ({ port: p.number })) }],
      egress: [DNS, apiServer(props.vpcCidr)],
    });

    new Scrape(this, 'Scrape', {
      name: 'kube-state-metrics',
      namespace: ns,
      serviceSelector: selector,
      port: PORTS.metrics.name,
      // The object's own namespace/pod labels win over the target's (which are always kube-state-metrics').
      endpoint: { honorLabels: true },
    });
    new Scrape(this, 'ScrapeTelemetry', {
      name: 'kube-state-metrics-telemetry',
      namespace: ns,
      serviceSelector: selector,
      port: PORTS.telemetry.name,
    });
  }
}
