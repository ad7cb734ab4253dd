/**
 * What the platform itself runs: its namespaces and the names of its workloads, Services, monitors and custom
 * resources. The config layer checks the service catalog against these, so a catalog entry can never synthesize an
 * object that collides with a platform one (e.g. a second `ServiceMonitor monitoring/grafana`).
 */
import type { NamespaceSpec } from './derive.js';

/**
 * Namespaces the stack runs in. Everything that can run under `restricted` does; the node-level collectors are
 * isolated in their own namespace because they need host access that no lower level than `privileged` allows.
 */
/**
 * The `team` label of the platform's own alerts: it routes to the platform's receivers, so no catalog service and no team
 * route may use it (a route for it would take over the platform's alerts).
 */
export const PLATFORM_TEAM = 'platform';

export const NAMESPACES = {
  monitoring: { name: 'monitoring', enforce: 'restricted' },
  logging: { name: 'logging', enforce: 'restricted' },
  gateway: { name: 'gateway', enforce: 'restricted' },
  nodeCollectors: {
    name: 'node-collectors',
    enforce: 'privileged',
    exception:
      'node-exporter needs hostNetwork, hostPID and read-only hostPath mounts of /proc, /sys and /; Filebeat needs ' +
      'read-only hostPath mounts of /var/log and the container log directory. Pod Security "baseline" forbids all ' +
      'of these, so this namespace enforces "privileged" and only these two DaemonSets run in it; it still audits ' +
      'and warns at "restricted" so any other workload placed here is reported.',
  },
} as const satisfies Record<string, NamespaceSpec>;

/** Namespaces of the operators cdktf installs with Helm, the EKS system namespace the kubelet and CoreDNS monitors live in, and `default`, where the API server's monitor sits beside `default/kubernetes`. */
export const SYSTEM_NAMESPACES = ['elastic-system', 'envoy-gateway-system', 'external-secrets', 'prometheus-operator', 'kube-system', 'default'] as const;

/** Every namespace the platform owns: catalog services must run elsewhere. */
export const PLATFORM_NAMESPACES: readonly string[] = [...Object.values(NAMESPACES).map((n) => n.name), ...SYSTEM_NAMESPACES];

/** One platform object name in one namespace. */
export interface PlatformComponent {
  readonly name: string;
  readonly namespace: string;
}

const inNamespace = (namespace: string, names: readonly string[]): PlatformComponent[] => names.map((name) => ({ name, namespace }));

/**
 * Names of the platform's Deployments, StatefulSets, DaemonSets, Services, ServiceMonitors, PodMonitors and custom
 * resources per namespace, as synthesized into `charts-out/<env>/` (plus the Services ECK and prometheus-operator
 * create from the custom resources). test/config/platform.test.ts checks this list against a fresh synthesis.
 */
export const PLATFORM_COMPONENTS: readonly PlatformComponent[] = [
  ...inNamespace(NAMESPACES.monitoring.name, [
    'alertmanager',
    'alertmanager-operated',
    'grafana',
    'kube-state-metrics',
    'kube-state-metrics-telemetry',
    'main',
    'platform',
    'prometheus',
    'prometheus-operated',
  ]),
  ...inNamespace(NAMESPACES.logging.name, [
    'elasticsearch-exporter',
    'logging',
    'logging-es-http',
    'logging-kb-http',
    'logging-ls-beats',
    'logstash',
    'log-retention',
  ]),
  ...inNamespace(NAMESPACES.gateway.name, ['platform']),
  ...inNamespace(NAMESPACES.nodeCollectors.name, ['filebeat', 'node-exporter']),
  ...inNamespace('elastic-system', ['elastic-operator']),
  ...inNamespace('envoy-gateway-system', ['envoy-gateway', 'envoy-proxy']),
  ...inNamespace('external-secrets', ['external-secrets']),
  ...inNamespace('prometheus-operator', ['prometheus-operator']),
  ...inNamespace('kube-system', ['coredns', 'kubelet', 'kubelet-cadvisor', 'kubelet-probes', 'kubelet-resource']),
  ...inNamespace('default', ['apiserver']),
];
