/** Upstream job names (kubernetes-mixin's defaults) → our matchers for the same scrape job (adaptation 1 of adapt.ts). */
import { SCRAPE_JOBS } from '../../contracts/scrape-jobs.js';
import type { JobMap } from './adapt.js';

export const UPSTREAM_JOBS: JobMap = {
  'kube-state-metrics': SCRAPE_JOBS.kubeStateMetrics,
  // some upstream cases name kube-state-metrics `ksm`
  ksm: SCRAPE_JOBS.kubeStateMetrics,
  'node-exporter': SCRAPE_JOBS.nodeExporter,
  kubelet: SCRAPE_JOBS.kubelet,
  cadvisor: SCRAPE_JOBS.cadvisor,
  'kube-apiserver': SCRAPE_JOBS.apiserver,
};
