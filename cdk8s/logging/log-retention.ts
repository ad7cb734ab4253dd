import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Resources } from '../../config/sections/primitives.js';
import { componentLabels } from '../lib/labels.js';
import { allowTraffic, DNS, type Peer } from '../lib/network-policy.js';
import { containerResources, NOBODY, RESTRICTED_CONTAINER, restrictedPod } from '../lib/security.js';
import type { SetupRequest } from './retention.js';

export interface LogRetentionProps {
  readonly namespace: string;
  /** Image with `curl` and `sh` (curlimages/curl). */
  readonly image: string;
  readonly version: string;
  /** `https://host:port` of the Elasticsearch HTTP Service. */
  readonly elasticsearchUrl: string;
  /** Secret with the CA (`ca.crt`) of the Elasticsearch HTTP certificate. */
  readonly caSecretName: string;
  /** ECK's Secret with the `elastic` user's password (key `elastic`). */
  readonly elasticUserSecretName: string;
  /** The Elasticsearch pods (for the egress rule). */
  readonly elasticsearchPeer: Peer;
  readonly elasticsearchPort: number;
  /** Idempotent PUTs to send, in order. */
  readonly requests: readonly SetupRequest[];
  readonly resources: Resources;
}

const NAME = 'log-retention';
/** Where the `elastic` user's Secret is mounted, and the curl config file the Job writes from it. */
const ELASTIC_USER_DIR = '/etc/elastic-user';
const CURL_CONFIG = '/run/curl/config';

/**
 * Applies the retention (index templates with a data stream lifecycle) to Elasticsearch with a Job of idempotent
 * PUTs. The request bodies are typed objects serialized at synth time into a ConfigMap; the Job's name carries a
 * hash of them, so a change of retention runs a new Job and an unchanged one is a no-op on apply.
 */
export class LogRetention extends Construct {
  readonly jobName: string;
  readonly pods: Record<string, string>;

  constructor(scope: Construct, id: string, props: LogRetentionProps) {
    super(scope, id);
    if (props.requests.length === 0) throw new Error('requests is empty; give at least one setup request');
    for (const r of props.requests) {
      if (r.path.startsWith('/') || !/^[A-Za-z0-9_@.\-/]+$/.test(r.path)) {
        throw new Error(`request path "${r.path}" is not a plain API path; use e.g. _index_template/logs-platform`);
      }
    }
    const data: Record<string, string> = {};
    props.requests.forEach((r, i) => {
      const key = String(i + 1).padStart(2, '0');
      data[`${key}.path`] = r.path;
      data[`${key}.json`] = JSON.stringify(r.body, null, 2);
    });
    const hash = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 10);
    this.jobName = `${NAME}-${hash}`;
    const labels = componentLabels({ name: NAME, component: 'setup', version: props.version });
    this.pods = labels.selector;

    const configMap = new k8s.KubeConfigMap(this, 'Requests', {
      metadata: { name: this.jobName, namespace: props.namespace, labels: labels.labels },
      data,
    });

    // Each <n>.path/<n>.json pair is one PUT; curl retries while Elasticsearch is starting and fails on an error
    // response, so the Job retries (backoffLimit) until every request succeeded.
    // The password never enters the environment or an argument list: the shell writes a curl config file (mode 600,
    // in-memory emptyDir) from the mounted Secret file, escaping `\` and `"` for curl's quoted strings.
    const script = [
      'set -eu',
      'umask 077',
      `printf 'user = "elastic:%s"\\n' "$(sed 's/[\\\\"]/\\\\&/g' ${ELASTIC_USER_DIR}/elastic)" > ${CURL_CONFIG}`,
      'for req in /requests/*.path; do',
      '  path="$(cat "$req")"',
      '  echo "PUT /$path"',
      '  curl --silent --show-error --fail-with-body --retry 30 --retry-all-errors --retry-delay 10 \\',
      `    --cacert /etc/elasticsearch-ca/ca.crt --config ${CURL_CONFIG} \\`,
      '    -X PUT -H "Content-Type: application/json" --data-binary "@${req%.path}.json" "$ES_URL/$path"',
      '  echo',
      'done',
    ].join('\n');

    new k8s.KubeJob(this, 'Job', {
      metadata: { name: this.jobName, namespace: props.namespace, labels: labels.labels },
      spec: {
        backoffLimit: 10,
        template: {
          metadata: { labels: labels.labels },
          spec: {
            restartPolicy: 'OnFailure',
            automountServiceAccountToken: false,
            securityContext: restrictedPod(NOBODY),
            containers: [
              {
                name: 'setup',
                image: props.image,
                command: ['/bin/sh', '-c', script],
                env: [
                  { name: 'ES_URL', value: props.elasticsearchUrl },
                ],
                resources: containerResources(props.resources),
                securityContext: RESTRICTED_CONTAINER,
                volumeMounts: [
                  { name: 'requests', mountPath: '/requests', readOnly: true },
                  { name: 'elasticsearch-ca', mountPath: '/etc/elasticsearch-ca', readOnly: true },
                  { name: 'elastic-user', mountPath: ELASTIC_USER_DIR, readOnly: true },
                  { name: 'curl-config', mountPath: '/run/curl' },
                ],
              },
            ],
            volumes: [
              { name: 'requests', configMap: { name: configMap.name } },
              { name: 'elasticsearch-ca', secret: { secretName: props.caSecretName, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { name: 'elastic-user', secret: { secretName: props.elasticUserSecretName, items: [{ key: 'elastic', path: 'elastic' }] } },
              { name: 'curl-config', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
            ],
          },
        },
      },
    });

    allowTraffic(this, 'NetworkPolicy', {
      namespace: props.namespace,
      name: NAME,
      pods: this.pods,
      egress: [DNS, { peers: [props.elasticsearchPeer], ports: [{ port: props.elasticsearchPort }] }],
    });
  }
}
