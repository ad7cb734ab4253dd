import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { CatalogService } from '../../config/sections/services.js';
import type { ServiceEndpoint } from '../../contracts/endpoints.js';
import { scalingOf, serviceAccountName, serviceEndpointOf, servicePods } from '../../contracts/services.js';
import { componentLabels } from '../lib/labels.js';
import { allowTraffic, DNS, type Peer, type TrafficRule } from '../lib/network-policy.js';

/** UID/GID the service runs as: the `node` user of the platform's Node.js base image (examples/sample-service). */
export const SERVICE_UID = 1000;

/** EKS Pod Identity agent on every node (link-local): where the AWS SDK gets the pod's credentials. */
export const POD_IDENTITY_AGENT: TrafficRule = { peers: [{ cidr: '169.254.170.23/32' }], ports: [{ port: 80 }] };

/** A Secret mounted read-only at `/var/run/secrets/<name>/<key>`. */
export interface MountedSecret {
  /** Name of the Kubernetes Secret in the service's namespace. */
  readonly secretName: string;
}

export interface ServiceWorkloadProps {
  /** The catalog entry: the deployment spec. */
  readonly service: CatalogService;
  /** Image reference, `<registry>/<repository>:<tag>[@<digest>]`. */
  readonly image: string;
  /** Version label (`app.kubernetes.io/version`). @default - the image tag */
  readonly version?: string;
  /** Synced Secrets to mount. @default - none */
  readonly secrets?: readonly MountedSecret[];
  /** Who scrapes `service.port` (the Prometheus pods). */
  readonly scraper: Peer;
  /** Who may reach the routed port from outside (the gateway proxies). @default - nobody (no public route) */
  readonly gateway?: Peer;
  /** Pods of catalog services that call this one (on its `http` port). @default - none */
  readonly callers?: readonly Peer[];
  /** Endpoints of catalog services this one calls. @default - none */
  readonly dependencies?: readonly ServiceEndpoint[];
  /**
   * Where the declared AWS services are reached on 443: the VPC (interface endpoints) and the public internet.
   * @default - no AWS egress
   */
  readonly awsEgress?: readonly Peer[];
  /** The service has an EKS Pod Identity role: allow the node-local Pod Identity agent. @default false */
  readonly podIdentity?: boolean;
  /** Zone topology key for the spread constraint. @default 'topology.kubernetes.io/zone' */
  readonly zoneKey?: string;
}

/**
 * One catalog service's workload: ServiceAccount, ConfigMap of plain env, Deployment (hardened, probed, spread across
 * zones, drained on shutdown), Service with every named port, HorizontalPodAutoscaler (or fixed replicas),
 * PodDisruptionBudget and its NetworkPolicies (ingress from Prometheus on the metrics port, from the gateway and from
 * declared callers on the API port; egress to DNS, declared dependencies and AWS only).
 */
export class ServiceWorkload extends Construct {
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;
  /** The pods, as a NetworkPolicy peer. */
  readonly peer: Peer;
  private readonly spec: CatalogService;

  constructor(scope: Construct, id: string, props: ServiceWorkloadProps) {
    super(scope, id);
    const svc = props.service;
    this.spec = svc;
    const namespace = svc.namespace;
    const pods = servicePods(svc);
    this.peer = { namespace, pods };
    const { labels } = componentLabels({ name: svc.name, component: 'service', version: props.version ?? svc.image?.tag ?? 'unknown' });
    const allLabels = { ...labels, 'platform.example.com/team': svc.team };
    const metadata = (name: string) => ({ name, namespace, labels: allLabels });
    const portNumber = (name: string): number => serviceEndpointOf(svc, name).port;

    const account = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: metadata(serviceAccountName(svc)),
      // EKS Pod Identity injects its own projected token; the Kubernetes API token is never needed.
      automountToken: false,
    });

    const envEntries = Object.entries(svc.env).sort(([a], [b]) => a.localeCompare(b));
    const config =
      envEntries.length > 0 ? new kplus.ConfigMap(this, 'Env', { metadata: metadata(`${svc.name}-env`), data: Object.fromEntries(envEntries) }) : undefined;

    const scaling = scalingOf(svc);
    const probe = (path: string, failureThreshold: number) =>
      kplus.Probe.fromHttpGet(path, {
        port: portNumber(svc.health.port),
        periodSeconds: Duration.seconds(10),
        timeoutSeconds: Duration.seconds(2),
        failureThreshold,
      });
    const secretVolumes = (props.secrets ?? []).map((s) =>
      kplus.Volume.fromSecret(this, `Secret-${s.secretName}`, kplus.Secret.fromSecretName(this, `SecretRef-${s.secretName}`, s.secretName), {
        name: `secret-${s.secretName}`,
      }),
    );
    const tmp = kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: Size.mebibytes(64) });

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: metadata(svc.name),
      ...(scaling.kind === 'fixed' ? { replicas: scaling.replicas } : {}),
      select: false,
      spread: false,
      podMetadata: { labels: allLabels },
      serviceAccount: account,
      automountServiceAccountToken: false,
      terminationGracePeriod: Duration.seconds(svc.terminationGracePeriodSeconds),
      securityContext: {
        ensureNonRoot: true,
        user: SERVICE_UID,
        group: SERVICE_UID,
        fsGroup: SERVICE_UID,
      },
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      volumes: [tmp, ...secretVolumes],
      containers: [
        {
          name: svc.name,
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: Object.entries(svc.ports).map(([name, number]) => ({ name, number, protocol: kplus.Protocol.TCP })),
          ...(config ? { envFrom: [kplus.Env.fromConfigMap(config)] } : {}),
          liveness: probe(svc.health.liveness, 3),
          readiness: probe(svc.health.readiness, 1),
          resources: {
            cpu: { request: kplus.Cpu.millis(cpuMillis(svc.resources.cpu)) },
            memory: { request: memorySize(svc.resources.memory), limit: memorySize(svc.resources.memory) },
          },
          securityContext: {
            ensureNonRoot: true,
            user: SERVICE_UID,
            group: SERVICE_UID,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: [kplus.Capability.ALL] },
            seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
          },
          volumeMounts: [
            { path: '/tmp', volume: tmp },
            ...secretVolumes.map((volume, i) => ({ path: `/var/run/secrets/${props.secrets?.[i]?.secretName ?? ''}`, volume, readOnly: true })),
          ],
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { ...pods } }));
    const deployment = ApiObject.of(this.deployment);
    deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    // Pods carry only the stable labels; cdk8s-plus's construct-address label would leak the construct path.
    deployment.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    // Spread across zones (and nodes): a zone outage leaves replicas elsewhere. cdk8s-plus only offers anti-affinity.
    deployment.addJsonPatch(
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
        {
          maxSkew: 1,
          topologyKey: props.zoneKey ?? 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { ...pods } },
          matchLabelKeys: ['pod-template-hash'],
        },
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { ...pods } },
          matchLabelKeys: ['pod-template-hash'],
        },
      ]),
    );

    this.service = new kplus.Service(this, 'Service', {
      metadata: metadata(svc.name),
      selector: this.deployment,
      ports: Object.entries(svc.ports).map(([name, number]) => ({ name, port: number, targetPort: number, protocol: kplus.Protocol.TCP })),
    });
    // The Service selects the stable pod labels, not cdk8s-plus's construct-address label.
    ApiObject.of(this.service).addJsonPatch(JsonPatch.replace('/spec/selector', { ...pods }));

    if (scaling.kind === 'autoscaled') {
      new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
        metadata: metadata(svc.name),
        target: this.deployment,
        minReplicas: scaling.min,
        maxReplicas: scaling.max,
        metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(scaling.targetCPUUtilisation))],
      });
    }
    new k8s.KubePodDisruptionBudget(this, 'Disruption', {
      metadata: metadata(svc.name),
      spec: {
        selector: { matchLabels: { ...pods } },
        // One pod may always be evicted; with several, at least one keeps serving during a drain.
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });

    const apiPort = svc.ports.http;
    const ingress: TrafficRule[] = [{ peers: [props.scraper], ports: [{ port: portNumber(svc.port) }] }];
    if (props.gateway && svc.route) ingress.push({ peers: [props.gateway], ports: [{ port: portNumber(svc.route.port) }] });
    if (apiPort !== undefined && (props.callers ?? []).length > 0) ingress.push({ peers: [...(props.callers ?? [])], ports: [{ port: apiPort }] });
    const egress: TrafficRule[] = [DNS];
    for (const dep of props.dependencies ?? []) egress.push({ peers: [dep.peer], ports: [{ port: dep.port }] });
    if ((props.awsEgress ?? []).length > 0) egress.push({ peers: [...(props.awsEgress ?? [])], ports: [{ port: 443 }] });
    if (props.podIdentity) egress.push(POD_IDENTITY_AGENT);
    allowTraffic(this, 'Ingress', { namespace, name: `${svc.name}-ingress`, pods, ingress });
    allowTraffic(this, 'Egress', { namespace, name: `${svc.name}-egress`, pods, egress });
  }

  /** The Service on one named port, e.g. `endpoint('http')`. */
  endpoint(portName: string): ServiceEndpoint {
    return serviceEndpointOf(this.spec, portName);
  }
}

function cpuMillis(cpu: string): number {
  return cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Math.round(Number(cpu) * 1000);
}

function memorySize(memory: string): Size {
  const value = Number(memory.slice(0, -2));
  switch (memory.slice(-2)) {
    case 'Ki':
      return Size.kibibytes(value);
    case 'Mi':
      return Size.mebibytes(value);
    case 'Gi':
      return Size.gibibytes(value);
    default:
      return Size.tebibytes(value);
  }
}
