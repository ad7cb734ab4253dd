/**
 * The sample service as the local stack runs it: the one place that says which name, ports and probes the
 * compose entry and its scrape job use. Values come from the dev catalog entry `sample-api` where the catalog has
 * one; what the catalog does not carry yet comes from examples/sample-service (its Dockerfile's `EXPOSE 8080 9464`
 * and the defaults of src/config.ts), and a test checks both sources agree.
 */
import type { Environment } from '../../../config/derive.js';

export const SAMPLE_SERVICE_NAME = 'sample-api';
/** Build context of the image, relative to the repository root. */
export const SAMPLE_SERVICE_DIR = 'examples/sample-service';

export interface NamedPort {
  readonly name: string;
  readonly port: number;
}

export interface LocalService {
  readonly name: string;
  /** Namespace label of its metrics, as the cluster's ServiceMonitor relabeling sets it. */
  readonly namespace: string;
  /** Team label, when the catalog names one. @default - no team label */
  readonly team?: string;
  /** The API and probe port (`http`). */
  readonly http: NamedPort;
  /** The port serving `/metrics` (`metrics`). */
  readonly metrics: NamedPort;
  readonly livenessPath: string;
  readonly readinessPath: string;
}

/** Defaults of examples/sample-service: `PORT`/`METRICS_PORT` of src/config.ts, probes of src/routes.ts. */
const EXAMPLE: Omit<LocalService, 'namespace' | 'team'> = {
  name: SAMPLE_SERVICE_NAME,
  http: { name: 'http', port: 8080 },
  metrics: { name: 'metrics', port: 9464 },
  livenessPath: '/healthz',
  readinessPath: '/readyz',
};

/** Namespace label used while the dev catalog has no `sample-api` entry. */
export const LOCAL_NAMESPACE = 'local';

/** The sample service of the local stack, from the dev catalog entry when there is one. */
export function sampleService(env: Environment): LocalService {
  const entry = env.services.find((s) => s.name === SAMPLE_SERVICE_NAME);
  if (!entry) return { ...EXAMPLE, namespace: LOCAL_NAMESPACE };
  return { ...EXAMPLE, namespace: entry.namespace, team: entry.team };
}
