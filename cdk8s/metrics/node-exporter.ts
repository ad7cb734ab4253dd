import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Resources } from '../../config/sections/primitives.js';
import { ServiceMonitorSpecEndpointsRelabelingsAction } from '../../imports/monitoring.coreos.com.js';
import { componentLabels } from '../lib/labels.js';
import { Scrape } from '../lib/monitoring.js';
import { allowTraffic, PROMETHEUS_PODS } from '../lib/network-policy.js';
import { PORTS } from '../../contracts/components.js';
import { containerResources, NOBODY, RESTRICTED_CONTAINER, restrictedPod } from '../lib/security.js';

export const NODE_EXPORTER_PORT = { name: 'metrics', number: PORTS.nodeExporter } as const;

export interface NodeExporterProps {
  /** Namespace (the node-collectors namespace, which allows host access). */
  readonly namespace: string;
  /** Image reference (`imageRef('nodeExporter')`). */
  readonly image: string;
  readonly resources: Resources;
}

/**
 * node-exporter on every node: DaemonSet, headless Service, ServiceAccount (no token), NetworkPolicy, ServiceMonitor.
 * It reads the host's /proc, /sys and root filesystem, read-only; every host access is commented where it is granted.
 */
export class NodeExporter extends Construct {
  constructor(scope: Construct, id: string, props: NodeExporterProps) {
    super(scope, id);
    const ns = props.namespace;
    const version = props.image.split(':')[1]?.split('@')[0] ?? 'unknown';
    const { labels, selector } = componentLabels({ name: 'node-exporter', component: 'exporter', version });

    const serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: 'node-exporter', namespace: ns, labels },
      automountServiceAccountToken: false,
    });

    const hostMounts = [
      // Exception: read-only view of the host's /proc for CPU, memory, network and process statistics.
      { name: 'proc', hostPath: '/proc', mountPath: '/host/proc' },
      // Exception: read-only view of the host's /sys for hardware, thermal and filesystem statistics.
      { name: 'sys', hostPath: '/sys', mountPath: '/host/sys' },
      // Exception: read-only view of the host root filesystem, only to stat mounted filesystems (free space).
      { name: 'root', hostPath: '/', mountPath: '/host/root' },
    ] as const;
    const probe: k8s.Probe = {
      httpGet: { path: '/', port: k8s.IntOrString.fromString(NODE_EXPORTER_PORT.name) },
      periodSeconds: 10,
      timeoutSeconds: 5,
    };

    new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: { name: 'node-exporter', namespace: ns, labels },
      spec: {
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: serviceAccount.name,
            automountServiceAccountToken: false,
            // Exception: the host network namespace, so network statistics are the node's, not the pod's.
            hostNetwork: true,
            // Exception: the host PID namespace, so /proc shows the node's processes (process and pressure metrics).
            hostPid: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            // Still an unprivileged user: every file read is world-readable on the host.
            securityContext: restrictedPod(NOBODY),
            priorityClassName: 'system-node-critical',
            // Every node, including tainted ones: a node without metrics is a blind spot.
            tolerations: [{ operator: 'Exists' }],
            containers: [
              {
                name: 'node-exporter',
                image: props.image,
                args: [
                  '--path.procfs=/host/proc',
                  '--path.sysfs=/host/sys',
                  '--path.rootfs=/host/root',
                  `--web.listen-address=:${NODE_EXPORTER_PORT.number}`,
                  '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run/containerd/.+|var/lib/docker/.+|var/lib/kubelet/.+)($|/)',
                  '--collector.netclass.ignored-devices=^(veth.*|eni.*|[a-f0-9]{15})$',
                  '--collector.netdev.device-exclude=^(veth.*|eni.*|[a-f0-9]{15})$',
                ],
                ports: [{ name: NODE_EXPORTER_PORT.name, containerPort: NODE_EXPORTER_PORT.number }],
                resources: containerResources(props.resources),
                securityContext: { ...RESTRICTED_CONTAINER },
                readinessProbe: probe,
                livenessProbe: probe,
                volumeMounts: hostMounts.map((m) => ({
                  name: m.name,
                  mountPath: m.mountPath,
                  readOnly: true,
                  // Filesystems mounted on the host after start-up become visible too.
                  ...(m.name === 'root' ? { mountPropagation: 'HostToContainer' } : {}),
                })),
              },
            ],
            volumes: hostMounts.map((m) => ({ name: m.name, hostPath: { path: m.hostPath } })),
          },
        },
      },
    });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: 'node-exporter', namespace: ns, labels },
      spec: {
        clusterIp: 'None',
        selector,
        ports: [{ name: NODE_EXPORTER_PORT.name, port: NODE_EXPORTER_PORT.number, targetPort: k8s.IntOrString.fromString(NODE_EXPORTER_PORT.name) }],
      },
    });

    // With hostNetwork most CNIs do not enforce pod policies; this still documents (and, where enforced, limits) who
    // may connect. node-exporter opens no connection itself: no egress.
    allowTraffic(this, 'NetworkPolicy', {
      namespace: ns,
      name: 'node-exporter',
      pods: selector,
      ingress: [{ peers: [PROMETHEUS_PODS], ports: [{ port: NODE_EXPORTER_PORT.number }] }],
      egress: [],
    });

    new Scrape(this, 'Scrape', {
      name: 'node-exporter',
      namespace: ns,
      serviceSelector: selector,
      port: NODE_EXPORTER_PORT.name,
      endpoint: {
        // `instance` is the node name rather than IP:port, so dashboards can join with kube-state-metrics.
        relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance', action: ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE }],
      },
    });
  }
}
