import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { NAMESPACES } from '../../config/derive.js';
import { AwsSecretsManagerStore } from './cluster-secret-store.js';
import { DefaultDeny } from './default-deny.js';
import { PlatformNamespace } from './namespace.js';
import { chartProps, type StackChartProps } from '../lib/chart-props.js';
import { applicationSecrets } from '../../config/secrets.js';

type NamespaceRole = keyof typeof NAMESPACES;

/**
 * Cluster-wide foundations: the namespaces the stack runs in, with their Pod Security levels and a default-deny
 * NetworkPolicy each, and the ClusterSecretStore every ExternalSecret of the stack reads through.
 */
export class PlatformChart extends Chart {
  /** Namespaces by role, for other charts to place their objects in. */
  readonly namespaces: Readonly<Record<NamespaceRole, PlatformNamespace>>;

  constructor(scope: Construct, id: string, props: StackChartProps) {
    super(scope, id, chartProps(props.env));
    this.namespaces = {
      monitoring: new PlatformNamespace(this, 'monitoring', NAMESPACES.monitoring),
      logging: new PlatformNamespace(this, 'logging', NAMESPACES.logging),
      gateway: new PlatformNamespace(this, 'gateway', NAMESPACES.gateway),
      nodeCollectors: new PlatformNamespace(this, 'node-collectors', NAMESPACES.nodeCollectors),
    };
    for (const ns of Object.values(this.namespaces)) {
      new DefaultDeny(this, `${ns.name}-default-deny`, { namespace: ns.name });
    }
    new AwsSecretsManagerStore(this, 'secret-store', {
      region: props.env.aws.region,
      // The stack's namespaces, and those of catalog services that read application secrets.
      namespaces: [...new Set([...Object.values(this.namespaces).map((ns) => ns.name), ...applicationSecrets(props.env).flatMap((s) => s.namespaces)])],
    });
  }
}
