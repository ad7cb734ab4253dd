/**
 * A synthetic Filebeat metrics target: the exposition text the json_exporter sidecar serves for
 * `/probe?module=filebeat&target=http://localhost:5066/stats`, for two Filebeat pods, at `t` seconds.
 *
 * Source of the names: FILEBEAT_METRICS (cdk8s/logging/filebeat-metrics.ts) is the table that generates the
 * exporter's module config, so these are exactly the names the exporter produces; each comes from a documented
 * Filebeat `/stats` field (Elastic's "Beat fields": https://www.elastic.co/guide/en/beats/metricbeat/7.17/exported-fields-beat.html).
 * json_exporter writes `# HELP` and `# TYPE` from the module's `help` and `valuetype`. `namespace` and `pod` stand for
 * the target labels the ServiceMonitor adds in the cluster.
 */
import { SCRAPE_JOBS } from '../../../contracts/scrape-jobs.js';
import { FILEBEAT_METRICS, type FilebeatMetricName } from '../../../cdk8s/logging/filebeat-metrics.js';
import { type Family, render } from './exposition.js';

/** The job Prometheus scrapes Filebeat under. */
export const job = SCRAPE_JOBS.filebeat.job;

/** Per-second rate of each counter (and the level of each gauge) on one pod. */
const PER_POD: Readonly<Record<FilebeatMetricName, number>> = {
  eventsAdded: 50,
  eventsDone: 49,
  pipelinePublished: 50,
  pipelineFailed: 0.2,
  pipelineDropped: 0.05,
  pipelineActive: 120,
  outputAcked: 49,
  outputFailed: 0.5,
  outputDropped: 0.1,
  outputWriteErrors: 0.02,
  outputReadErrors: 0.01,
  outputWriteBytes: 25_000,
};

const PODS = ['filebeat-7xk2p', 'filebeat-q9d4m'] as const;

/** Exposition text at `t` seconds after start (counters grow linearly from 0). */
export function exposition(t: number): string {
  const families = (Object.entries(FILEBEAT_METRICS) as [FilebeatMetricName, (typeof FILEBEAT_METRICS)[FilebeatMetricName]][]).map(
    ([key, metric]): Family => ({
      name: metric.name,
      type: metric.type,
      help: metric.help,
      samples: PODS.map((pod, i) => ({
        labels: { namespace: 'node-collectors', pod },
        value: metric.type === 'counter' ? Math.floor(PER_POD[key] * (i + 1) * t) : PER_POD[key] * (i + 1),
      })),
    }),
  );
  return render(families);
}

export const filebeatExporter = { job, exposition } as const;
