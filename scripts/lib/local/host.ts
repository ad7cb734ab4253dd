/**
 * The one place where the local stack's files are rewritten to run as plain processes on the host (no Docker):
 * Prometheus's `rule_files` point at charts-out/local/prometheus/rules on disk instead of the container mount, and
 * its Alertmanager target at the host address Alertmanager listens on, and scrape targets (`<compose service>:<port>`)
 * at 127.0.0.1 with the same port, so that nothing is looked up by name. Nothing else changes: the rules, the scrape
 * jobs, their labels and the Alertmanager configuration are the generated files themselves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONTAINER_PATHS, LOCAL_FILES } from './stack.js';

export interface HostRewrite {
  /** charts-out/local of the checkout. */
  readonly localDir: string;
  /** `host:port` the host Alertmanager listens on. */
  readonly alertmanager: string;
}

type Json = Record<string, unknown>;

/** The generated prometheus.yaml, with container paths and the Alertmanager address replaced for the host. */
export function prometheusConfigForHost(options: HostRewrite): Json {
  const config = parse(readFileSync(join(options.localDir, LOCAL_FILES.prometheusConfig), 'utf8')) as Json;
  const ruleFiles = (config.rule_files as string[] | undefined) ?? [];
  return {
    ...config,
    rule_files: ruleFiles.map((f) =>
      f.startsWith(`${CONTAINER_PATHS.prometheusRules}/`)
        ? join(options.localDir, LOCAL_FILES.prometheusRules, f.slice(CONTAINER_PATHS.prometheusRules.length + 1))
        : f,
    ),
    alerting: { alertmanagers: [{ static_configs: [{ targets: [options.alertmanager] }] }] },
    scrape_configs: ((config.scrape_configs as Json[] | undefined) ?? []).map((job) => ({
      ...job,
      static_configs: ((job.static_configs as Json[] | undefined) ?? []).map((sc) => ({
        ...sc,
        targets: ((sc.targets as string[] | undefined) ?? []).map((t) => t.replace(/^[^:]+:/, '127.0.0.1:')),
      })),
    })),
  };
}

/** The generated alertmanager.yaml needs no rewrite: it has no file paths and no addresses. */
export function alertmanagerConfigPath(localDir: string): string {
  return join(localDir, LOCAL_FILES.alertmanagerConfig);
}
