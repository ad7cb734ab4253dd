/** Upstream job names (kubernetes-mixin's defaults) → our matchers for the same scrape job (adaptation 1 of adapt.ts). */
import type { JobMap } from './adapt.js';
import type { environment } from '../support/envs.js';

function matchers(selector: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of selector.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"([^"]*)"/g)) out[m[1] as string] = m[2] as string;
  return out;
}

export function upstreamJobs(env: ReturnType<typeof environment>): JobMap {
  const s = env.alerting.selectors;
  const ksm = matchers(s.kubeStateMetrics);
  return {
    'kube-state-metrics': ksm,
    ksm,
    'node-exporter': matchers(s.nodeExporter),
    kubelet: matchers(s.kubelet),
    cadvisor: matchers(s.cadvisor),
    'kube-apiserver': { job: 'apiserver' },
  };
}
