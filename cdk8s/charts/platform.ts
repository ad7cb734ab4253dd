import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { NAMESPACES } from '../../config/derive.js';
import { PlatformNamespace } from '../constructs/namespace.js';
import { chartProps, type StackChartProps } from './props.js';

/** Cluster-wide foundations: the namespaces the stack runs in, with their Pod Security levels. */
export class PlatformChart extends Chart {
  /** Namespaces by role, for other charts to place their objects in. */
  readonly namespaces: Readonly<Record<keyof typeof NAMESPACES, PlatformNamespace>>;

  constructor(scope: Construct, id: string, props: StackChartProps) {
    super(scope, id, chartProps(props.env));
    this.namespaces = {
      monitoring: new PlatformNamespace(this, 'monitoring', NAMESPACES.monitoring),
      logging: new PlatformNamespace(this, 'logging', NAMESPACES.logging),
      gateway: new PlatformNamespace(this, 'gateway', NAMESPACES.gateway),
      nodeCollectors: new PlatformNamespace(this, 'node-collectors', NAMESPACES.nodeCollectors),
    };
  }
}
