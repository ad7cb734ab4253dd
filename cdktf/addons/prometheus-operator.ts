import type { SingleOperator } from '../../config/sections/addons.js';
import { KUBELET_SERVICE } from '../../contracts/operators.js';
import { type ContainerSecurityValues, type ResourceValues, resources, restrictedContainer, RESTRICTED_POD } from './chart.js';

const off = { enabled: false } as const;

/** The subset of kube-prometheus-stack's values this platform sets. */
export interface PrometheusOperatorValues {
  /** CRDs come from the pinned set (scripts/crds.lock.json), applied server-side before the operators: never Helm. */
  readonly crds: { readonly enabled: false; readonly upgradeJob: { readonly enabled: false } };
  readonly defaultRules: { readonly create: false };
  readonly kubernetesServiceMonitors: typeof off;
  readonly alertmanager: typeof off;
  readonly grafana: typeof off;
  readonly prometheus: typeof off;
  readonly kubeStateMetrics: typeof off;
  readonly nodeExporter: typeof off;
  readonly windowsMonitoring: typeof off;
  readonly thanosRuler: typeof off;
  readonly prometheusOperator: {
    readonly enabled: true;
    readonly kubeletService: { readonly enabled: true; readonly namespace: string; readonly name: string };
    /** TLS on the operator's port: the built-in admission webhooks need it; metrics are served on the same port. */
    readonly tls: { readonly enabled: true };
    /** Off: the cdk8s PodMonitor `prometheus-operator` is the one scrape of the operator. */
    readonly serviceMonitor: { readonly selfMonitor: false };
    readonly resources: ResourceValues;
    readonly securityContext: typeof RESTRICTED_POD & { readonly runAsUser: number; readonly runAsGroup: number; readonly fsGroup: number };
    readonly containerSecurityContext: ContainerSecurityValues;
    readonly prometheusConfigReloader: { readonly resources: ResourceValues };
    readonly admissionWebhooks: { readonly enabled: true; readonly deployment: { readonly enabled: false }; readonly patch: { readonly enabled: true } };
  };
}

export function prometheusOperatorValues(size: SingleOperator): PrometheusOperatorValues {
  return {
    crds: { enabled: false, upgradeJob: { enabled: false } },
    defaultRules: { create: false },
    kubernetesServiceMonitors: off,
    alertmanager: off,
    grafana: off,
    prometheus: off,
    kubeStateMetrics: off,
    nodeExporter: off,
    windowsMonitoring: off,
    thanosRuler: off,
    prometheusOperator: {
      enabled: true,
      kubeletService: { enabled: true, ...KUBELET_SERVICE },
      tls: { enabled: true },
      serviceMonitor: { selfMonitor: false },
      resources: resources(size),
      securityContext: { ...RESTRICTED_POD, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 },
      containerSecurityContext: restrictedContainer(),
      // Sidecar the operator injects into Prometheus/Alertmanager pods; sized small, it only watches files.
      prometheusConfigReloader: { resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '32Mi' } } },
      admissionWebhooks: { enabled: true, deployment: { enabled: false }, patch: { enabled: true } },
    },
  };
}
