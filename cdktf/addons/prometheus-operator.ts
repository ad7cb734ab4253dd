import type { SingleOperator } from '../../config/sections/addons.js';
import { type ChartSpec, type ContainerSecurityValues, type ResourceValues, resources, restrictedContainer, RESTRICTED_POD } from './chart.js';

/**
 * kube-prometheus-stack 88.3.0 ships prometheus-operator v0.93.0 (its appVersion). Its CRD subchart stays off (and
 * with it `crds.upgradeJob`): the v0.93.0 CRDs come from the pinned set, applied server-side before this release.
 * Everything but the operator and the CRDs is switched off: Prometheus, Alertmanager, Grafana and the exporters are
 * this repository's own cdk8s workloads.
 */
export const PROMETHEUS_OPERATOR_CHART: ChartSpec = {
  release: 'prometheus-operator',
  chart: 'kube-prometheus-stack',
  repository: 'https://prometheus-community.github.io/helm-charts',
  version: '88.3.0',
  namespace: 'prometheus-operator',
};

/**
 * The chart's `kube-prometheus-stack.fullname`: `<release>-kube-prometheus-stack` cut to 26 characters
 * (`prometheus-operator-kube-p`). The operator's Service and TLS Secret are named after it.
 */
export const PROMETHEUS_OPERATOR_FULLNAME = `${PROMETHEUS_OPERATOR_CHART.release}-kube-prometheus-stack`.slice(0, 26).replace(/-+$/, '');

/**
 * What the 88.3.0 chart's operator Deployment really exposes (templates/prometheus-operator/deployment.yaml): pods
 * labelled `app: kube-prometheus-stack-operator` and `release: <release>` (the Deployment's own selector), and, with
 * `prometheusOperator.tls.enabled` (the default, required by the admission webhooks the operator serves itself), one
 * container port `https` (10250) serving `/metrics` over TLS with the certificate of Secret `<fullname>-admission`
 * (keys `ca`, `cert`, `key`, issued for Service `<fullname>-operator`). The stack scrapes it with a cdk8s PodMonitor.
 */
export const PROMETHEUS_OPERATOR_METRICS = {
  pods: { app: 'kube-prometheus-stack-operator', release: PROMETHEUS_OPERATOR_CHART.release },
  port: 'https',
  caSecret: { name: `${PROMETHEUS_OPERATOR_FULLNAME}-admission`, key: 'ca' },
  serverName: `${PROMETHEUS_OPERATOR_FULLNAME}-operator`,
} as const;

/** The kubelet Service the operator maintains; the stack's Prometheus scrapes kubelets/cAdvisor through it. */
export const KUBELET_SERVICE = { namespace: 'kube-system', name: 'kubelet' } as const;

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
