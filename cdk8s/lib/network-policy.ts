/**
 * NetworkPolicy building blocks. Every namespace of the stack denies all traffic by default (platform chart); each
 * construct then allows exactly the flows it needs, next to the objects that need them.
 */
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { ENDPOINTS } from '../../contracts/components.js';
import { ENVOY_GATEWAY_CHART } from '../../contracts/operators.js';

/** Pods (optionally of some labels) in one namespace, or an IP block. */
export type Peer =
  | { readonly namespace: string; readonly pods?: Readonly<Record<string, string>> }
  | { readonly cidr: string; readonly except?: readonly string[] };

export interface PortSpec {
  readonly port: number | string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

export interface TrafficRule {
  /** Who may connect (ingress) or be connected to (egress). An empty list means anyone. */
  readonly peers: readonly Peer[];
  readonly ports: readonly PortSpec[];
}

/** Cluster DNS (CoreDNS in kube-system, as on EKS). */
export const DNS: TrafficRule = {
  peers: [{ namespace: 'kube-system', pods: { 'k8s-app': 'kube-dns' } }],
  ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
};

/** The EKS API server: its ENIs live in the VPC, so egress is to the VPC CIDR on 443. */
export function apiServer(vpcCidr: string): TrafficRule {
  return { peers: [{ cidr: vpcCidr }], ports: [{ port: 443 }] };
}

/**
 * Public internet addresses only: for SaaS endpoints (PagerDuty, Slack, SMTP relays, remote-write services) whose
 * addresses are not fixed. Private ranges, carrier-grade NAT and link-local (the instance metadata service) are
 * excluded, so such a rule never opens a path to anything inside the VPC or the cluster.
 */
export const PUBLIC_INTERNET: Peer = {
  cidr: '0.0.0.0/0',
  except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'],
};

/**
 * The EKS Pod Identity agent: a host-network DaemonSet answering on the link-local 169.254.170.23, port 80, on every
 * node. Pods whose role comes from Pod Identity fetch their credentials there.
 */
export const POD_IDENTITY_AGENT: TrafficRule = { peers: [{ cidr: '169.254.170.23/32' }], ports: [{ port: 80 }] };

/**
 * Interface VPC endpoints (AMP's aps-workspaces, STS, …): their ENIs are in the private subnets, so egress is to the VPC
 * CIDR on 443 — private DNS resolves the service names to those addresses, and nothing leaves the VPC.
 */
export function vpcEndpoints(vpcCidr: string): TrafficRule {
  return { peers: [{ cidr: vpcCidr }], ports: [{ port: 443 }] };
}

/** Prometheus pods (created by prometheus-operator) of the stack. */
export const PROMETHEUS_PODS: Peer = ENDPOINTS.prometheus.peer;

/** Envoy proxies of Envoy Gateway (deployed by the controller into its own namespace): the only way in from outside. */
export const GATEWAY_PROXIES: Peer = {
  namespace: ENVOY_GATEWAY_CHART.namespace,
  pods: { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy' },
};

function toPeer(peer: Peer): k8s.NetworkPolicyPeer {
  if ('cidr' in peer) return { ipBlock: { cidr: peer.cidr, ...(peer.except ? { except: [...peer.except] } : {}) } };
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } },
    ...(peer.pods ? { podSelector: { matchLabels: { ...peer.pods } } } : {}),
  };
}

function toPorts(ports: readonly PortSpec[]): k8s.NetworkPolicyPort[] {
  return ports.map((p) => ({
    port: typeof p.port === 'number' ? k8s.IntOrString.fromNumber(p.port) : k8s.IntOrString.fromString(p.port),
    protocol: p.protocol ?? 'TCP',
  }));
}

export interface AllowTrafficProps {
  readonly namespace: string;
  /** Name of the NetworkPolicy object. */
  readonly name: string;
  /** Labels of the pods the policy applies to. */
  readonly pods: Readonly<Record<string, string>>;
  /** @default - no ingress allowed by this policy */
  readonly ingress?: readonly TrafficRule[];
  /** @default - no egress allowed by this policy */
  readonly egress?: readonly TrafficRule[];
}

/** One NetworkPolicy that allows the listed flows for some pods (on top of the namespace's default deny). */
export function allowTraffic(scope: Construct, id: string, props: AllowTrafficProps): k8s.KubeNetworkPolicy {
  const policyTypes = [...(props.ingress ? ['Ingress'] : []), ...(props.egress ? ['Egress'] : [])];
  if (policyTypes.length === 0) throw new Error(`network policy "${props.name}" allows nothing; give ingress or egress rules`);
  return new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: props.name, namespace: props.namespace },
    spec: {
      podSelector: { matchLabels: { ...props.pods } },
      policyTypes,
      ...(props.ingress
        ? { ingress: props.ingress.map((r) => ({ ...(r.peers.length ? { from: r.peers.map(toPeer) } : {}), ports: toPorts(r.ports) })) }
        : {}),
      ...(props.egress
        ? { egress: props.egress.map((r) => ({ ...(r.peers.length ? { to: r.peers.map(toPeer) } : {}), ports: toPorts(r.ports) })) }
        : {}),
    },
  });
}
