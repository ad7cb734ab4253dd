/**
 * The operators the cdktf addons stack installs with Helm, as plain data both synthesizers read: the pinned chart
 * coordinates (cdktf installs them) and the pods, namespaces and metrics ports those charts really deploy (cdk8s
 * scrapes them with PodMonitors). Each value was read from the chart's templates at the pinned version.
 */

export interface ChartSpec {
  /** Helm release name (also the prefix of most object names). */
  readonly release: string;
  /** Chart name, or a full `oci://` reference when `repository` is empty. */
  readonly chart: string;
  /** Chart repository URL. @default - none: `chart` is an OCI reference */
  readonly repository?: string;
  /** Exact chart version: never a range. */
  readonly version: string;
  /** Namespace of the operator (created by the release). */
  readonly namespace: string;
}

/**
 * kube-prometheus-stack 88.3.0 ships prometheus-operator v0.93.0 (its appVersion) and that release's CRDs.
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

/** ECK operator 3.5.0 with its CRDs (chart eck-operator, same version as the operator). */
export const ECK_OPERATOR_CHART: ChartSpec = {
  release: 'elastic-operator',
  chart: 'eck-operator',
  repository: 'https://helm.elastic.co',
  version: '3.5.0',
  namespace: 'elastic-system',
};

/** Port of the operator's Prometheus metrics (0, the chart default, disables them). */
export const ECK_METRICS_PORT = 9090;

/**
 * What the 3.5.0 chart's StatefulSet really exposes (templates/statefulset.yaml): pods labelled
 * `app.kubernetes.io/name: elastic-operator` (the chart's nameOverride) and `app.kubernetes.io/instance: <release>`
 * (`control-plane: elastic-operator` only in the all-in-one manifests), and, with `config.metrics.port` > 0 and
 * secure mode off, container port `metrics` serving plain-HTTP `/metrics` on all interfaces.
 */
export const ECK_OPERATOR_METRICS = {
  pods: { 'app.kubernetes.io/name': 'elastic-operator', 'app.kubernetes.io/instance': ECK_OPERATOR_CHART.release },
  port: 'metrics',
} as const;

/** External Secrets Operator 2.9.0 with its CRDs. */
export const EXTERNAL_SECRETS_CHART: ChartSpec = {
  release: 'external-secrets',
  chart: 'external-secrets',
  repository: 'https://charts.external-secrets.io',
  version: '2.9.0',
  namespace: 'external-secrets',
};

/** Port of the controller's Prometheus metrics (`--metrics-addr`, plain HTTP; the chart default). */
export const EXTERNAL_SECRETS_METRICS_PORT = 8080;

/**
 * What the 2.9.0 chart's controller Deployment really exposes (templates/deployment.yaml): pods labelled
 * `app.kubernetes.io/name: external-secrets` and `app.kubernetes.io/instance: <release>` (webhook and cert-controller
 * pods carry `external-secrets-webhook`/`-cert-controller`, so they are not selected), and container port `metrics`
 * on `metrics.listen.port`. The metrics endpoint is always on; no metrics Service is needed for a PodMonitor.
 */
export const EXTERNAL_SECRETS_METRICS = {
  pods: { 'app.kubernetes.io/name': 'external-secrets', 'app.kubernetes.io/instance': EXTERNAL_SECRETS_CHART.release },
  port: 'metrics',
} as const;

/** The controller's ServiceAccount: EKS Pod Identity gives it the role that reads the platform secrets. */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = 'external-secrets';

/**
 * Envoy Gateway v1.9.0 (OCI chart); it installs the Gateway API v1.6.1 CRDs and its own. The chart has no
 * ServiceMonitor/PodMonitor option; the stack scrapes the controller with the cdk8s PodMonitor `envoy-gateway`.
 */
export const ENVOY_GATEWAY_CHART: ChartSpec = {
  release: 'envoy-gateway',
  chart: 'oci://docker.io/envoyproxy/gateway-helm',
  version: 'v1.9.0',
  namespace: 'envoy-gateway-system',
};

/** Port of the controller's Prometheus metrics (the chart's `deployment.ports` entry `metrics`, served on 0.0.0.0). */
export const ENVOY_GATEWAY_METRICS_PORT = 19001;

/**
 * What the v1.9.0 chart's controller Deployment really exposes (templates/envoy-gateway-deployment.yaml): pods
 * labelled `control-plane: envoy-gateway` and `app.kubernetes.io/instance: <release>` (the proxies it creates in
 * the same namespace carry neither), and container port `metrics` (19001, plain HTTP `/metrics`).
 */
export const ENVOY_GATEWAY_METRICS = {
  pods: { 'control-plane': 'envoy-gateway', 'app.kubernetes.io/instance': ENVOY_GATEWAY_CHART.release },
  port: 'metrics',
} as const;

/**
 * The Envoy proxies the v1.9.0 controller creates for a Gateway (internal/infrastructure/kubernetes/proxy: the
 * Deployment's pod labels and ports), in the controller's namespace: pods labelled `app.kubernetes.io/name: envoy`,
 * `app.kubernetes.io/component: proxy`, `app.kubernetes.io/managed-by: envoy-gateway` and
 * `gateway.envoyproxy.io/owning-gateway-{name,namespace}`, with container port `metrics` (19001) serving Envoy's
 * stats in Prometheus format at `/stats/prometheus` (plain HTTP; the pods carry `prometheus.io/path` for it).
 */
export const ENVOY_PROXY_METRICS = {
  namespace: ENVOY_GATEWAY_CHART.namespace,
  pods: { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway' },
  owningGatewayLabels: { name: 'gateway.envoyproxy.io/owning-gateway-name', namespace: 'gateway.envoyproxy.io/owning-gateway-namespace' },
  port: 'metrics',
  path: '/stats/prometheus',
} as const;

/** Every operator release, in install order. */
export const OPERATOR_CHARTS: readonly ChartSpec[] = [PROMETHEUS_OPERATOR_CHART, ECK_OPERATOR_CHART, EXTERNAL_SECRETS_CHART, ENVOY_GATEWAY_CHART];

/** TLS of a metrics port: the CA (a Secret in the operator's namespace) and the name its certificate is issued for. */
export interface OperatorTls {
  readonly caSecret: { readonly name: string; readonly key: string };
  readonly serverName: string;
}

/** Where an operator's pods run and which named container port serves `/metrics`. */
export interface OperatorTarget {
  /** Becomes the PodMonitor name and the `job` label (the alert rules select operators by it). */
  readonly name: string;
  readonly namespace: string;
  /** Labels of the operator's pods. */
  readonly pods: Readonly<Record<string, string>>;
  /** Name of the container port serving metrics. */
  readonly port: string;
  /**
   * Scrape over HTTPS, verifying the certificate against this CA.
   * @default - plain HTTP
   */
  readonly tls?: OperatorTls;
}

/**
 * The operators' metrics endpoints. The addons stack keeps every metrics endpoint on and every chart's own monitor
 * off, so the cdk8s PodMonitors built from this list are the only scrape of the operators.
 */
export const STACK_OPERATORS: readonly OperatorTarget[] = [
  {
    name: 'prometheus-operator',
    namespace: PROMETHEUS_OPERATOR_CHART.namespace,
    pods: PROMETHEUS_OPERATOR_METRICS.pods,
    port: PROMETHEUS_OPERATOR_METRICS.port,
    tls: { caSecret: PROMETHEUS_OPERATOR_METRICS.caSecret, serverName: PROMETHEUS_OPERATOR_METRICS.serverName },
  },
  { name: 'elastic-operator', namespace: ECK_OPERATOR_CHART.namespace, pods: ECK_OPERATOR_METRICS.pods, port: ECK_OPERATOR_METRICS.port },
  { name: 'external-secrets', namespace: EXTERNAL_SECRETS_CHART.namespace, pods: EXTERNAL_SECRETS_METRICS.pods, port: EXTERNAL_SECRETS_METRICS.port },
  { name: 'envoy-gateway', namespace: ENVOY_GATEWAY_CHART.namespace, pods: ENVOY_GATEWAY_METRICS.pods, port: ENVOY_GATEWAY_METRICS.port },
];
