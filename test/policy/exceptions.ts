/**
 * The ONE list of allowed policy findings, each with the reason it cannot be fixed. An exception must match a real
 * finding in at least one environment (policy.test.ts fails on stale entries), so this list never outgrows reality.
 * Match on rule + kind + namespace + name (+ container when given). Keep entries narrow: one object, one rule.
 */
export interface PolicyException {
  readonly rule: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Container (or path) the finding is about; omit to match every container of the object. */
  readonly container?: string;
  /** Why this cannot comply, and what limits the risk. At least one full sentence. */
  readonly justification: string;
}

export const POLICY_EXCEPTIONS: readonly PolicyException[] = [
  // node-exporter reports the node, not its own container: it has to see the host.
  {
    rule: 'pod.host-namespaces',
    kind: 'DaemonSet',
    namespace: 'node-collectors',
    name: 'node-exporter',
    justification:
      'The node-exporter reads the host network interfaces and process table, which only hostNetwork and hostPID expose. ' +
      'It runs non-root with every capability dropped and a read-only root filesystem, in the node-collectors ' +
      'namespace that only the two node collectors use.',
  },
  {
    rule: 'pod.host-path',
    kind: 'DaemonSet',
    namespace: 'node-collectors',
    name: 'node-exporter',
    justification:
      'The node-exporter reads /proc, /sys and the root filesystem of the node for its CPU, memory and filesystem metrics. ' +
      'All three mounts are read-only and the container cannot escalate privileges.',
  },
  // Filebeat ships the node's container logs, which live on the host and belong to root.
  {
    rule: 'pod.host-path',
    kind: 'Beat',
    namespace: 'node-collectors',
    name: 'filebeat',
    justification:
      'Filebeat tails the container logs under /var/log/pods, /var/log/containers and /var/lib/containerd, which ' +
      'exist only on the host; those mounts are read-only. Its registry of read offsets lives in one writable ' +
      'hostPath directory of its own so a restarted pod neither loses nor re-ships logs.',
  },
  {
    rule: 'pod.non-root',
    kind: 'Beat',
    namespace: 'node-collectors',
    name: 'filebeat',
    justification:
      'The kubelet writes container log files as root with mode 0640, so only user 0 can read them. Filebeat runs ' +
      'as root with every capability dropped, no privilege escalation and a read-only root filesystem, which keeps ' +
      'root inside the container from acting on the host beyond the read-only log mounts.',
  },
  {
    rule: 'container.non-root',
    kind: 'Beat',
    namespace: 'node-collectors',
    name: 'filebeat',
    container: 'filebeat',
    justification:
      'Same reason as the pod: reading root-owned 0640 log files needs user 0. Only the filebeat container runs as ' +
      'root; its json_exporter sidecar runs as nobody.',
  },
  // Objects whose API only accepts a Secret but that carry no credential.
  {
    rule: 'secret.plain',
    kind: 'Secret',
    namespace: 'monitoring',
    name: 'alertmanager-main-config',
    justification:
      'The prometheus-operator reads the complete alertmanager.yaml only from a Secret (spec.configSecret). It holds ' +
      'routing and templates but no credential: receivers reference theirs with *_file paths into the synced ' +
      'alertmanager-receivers Secret, which the alerting tests and secretlint check.',
  },
  {
    rule: 'secret.plain',
    kind: 'Secret',
    namespace: 'logging',
    name: 'logging-es-roles',
    justification:
      'ECK reads custom Elasticsearch role definitions only from a Secret (spec.auth.roles). The roles file lists ' +
      'privileges, not credentials; the users that hold the roles get their passwords from synced Secrets.',
  },
  // dev has no SQS interface endpoint: the sample checkout service reaches SQS through the NAT gateway.
  {
    rule: 'network.open-egress',
    kind: 'NetworkPolicy',
    namespace: 'shop',
    name: 'checkout-egress',
    justification:
      'The checkout service declares SQS access and dev has no SQS interface endpoint, so its calls leave through the ' +
      'NAT gateway to public AWS addresses that change without notice. The rule allows port 443 only and excludes ' +
      'every private, CGNAT and link-local range, so it opens no path into the VPC, the cluster or the metadata service.',
  },
  // SaaS receivers have no fixed addresses.
  {
    rule: 'network.open-egress',
    kind: 'NetworkPolicy',
    namespace: 'monitoring',
    name: 'alertmanager-receivers',
    justification:
      'PagerDuty, Slack and SMTP relays are reached over the internet at addresses that change without notice. The ' +
      'rule is limited to the receiver ports (443 and the configured SMTP port) and excludes every private, CGNAT ' +
      'and link-local range, so it opens no path into the VPC, the cluster or the instance metadata service.',
  },
];
