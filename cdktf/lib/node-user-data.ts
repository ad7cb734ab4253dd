/**
 * User data of the managed node group's launch template. Amazon Linux 2023 nodes read MIME multi-part user data:
 * EKS appends its own `application/node.eks.aws` part (nodeadm configuration) to ours, so a shell part here runs
 * before the kubelet starts and nodeadm keeps working unchanged.
 */

/** Kernel settings every node needs; Elasticsearch refuses to start with a lower `vm.max_map_count`. */
export const NODE_SYSCTLS: Readonly<Record<string, string>> = { 'vm.max_map_count': '262144' };

const BOUNDARY = '==PLATFORM-BOUNDARY==';

/** The MIME document (plain text). */
export function nodeUserData(sysctls: Readonly<Record<string, string>> = NODE_SYSCTLS): string {
  const settings = Object.entries(sysctls).map(([key, value]) => `${key} = ${value}`);
  const script = [
    '#!/bin/bash',
    'set -euo pipefail',
    '# Persist the kernel settings for reboots, then apply them now (before nodeadm starts the kubelet).',
    `cat > /etc/sysctl.d/90-platform.conf <<'SYSCTL'`,
    ...settings,
    'SYSCTL',
    'sysctl --load /etc/sysctl.d/90-platform.conf',
  ];
  return [
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
    '',
    `--${BOUNDARY}`,
    'Content-Type: text/x-shellscript; charset="us-ascii"',
    '',
    ...script,
    '',
    `--${BOUNDARY}--`,
    '',
  ].join('\n');
}

/** Base64, as the launch template's `user_data` expects. */
export function nodeUserDataBase64(sysctls?: Readonly<Record<string, string>>): string {
  return Buffer.from(nodeUserData(sysctls), 'utf8').toString('base64');
}
