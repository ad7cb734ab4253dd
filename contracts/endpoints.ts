/**
 * A Service another component connects to, as one typed value: its name, namespace and port, the pods behind it
 * (what a NetworkPolicy rule must allow) and its in-cluster URL. Constructs expose these; consumers take them by
 * reference instead of retyping a host name, a port or a label set.
 */

export interface ServiceEndpoint {
  /** Name of the Kubernetes Service. */
  readonly service: string;
  readonly namespace: string;
  /** Port number on the Service (and on the pods: the stack's Services never remap ports). */
  readonly port: number;
  /** Name of that port on the Service, when it has one. @default - unnamed */
  readonly portName?: string;
  /** `https` when the backend serves TLS. */
  readonly scheme: 'http' | 'https';
  /** The pods behind the Service, as a NetworkPolicy peer (namespace + pod labels). */
  readonly peer: { readonly namespace: string; readonly pods: Readonly<Record<string, string>> };
  /** In-cluster DNS name, `<service>.<namespace>.svc`. */
  readonly host: string;
  /** `<scheme>://<host>:<port>`. */
  url(): string;
}

export interface ServiceEndpointProps {
  readonly service: string;
  readonly namespace: string;
  readonly port: number;
  /** @default - unnamed */
  readonly portName?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** Labels of the pods behind the Service. */
  readonly pods: Readonly<Record<string, string>>;
}

export function serviceEndpoint(props: ServiceEndpointProps): ServiceEndpoint {
  if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) {
    throw new Error(`service ${props.namespace}/${props.service}: port ${props.port} is not a TCP port; use 1-65535`);
  }
  const scheme = props.scheme ?? 'http';
  const host = `${props.service}.${props.namespace}.svc`;
  return {
    service: props.service,
    namespace: props.namespace,
    port: props.port,
    ...(props.portName ? { portName: props.portName } : {}),
    scheme,
    peer: { namespace: props.namespace, pods: { ...props.pods } },
    host,
    url: () => `${scheme}://${host}:${props.port}`,
  };
}
