import { Construct } from 'constructs';
import type { Service } from '../../config/sections/services.js';
import { servicePods } from '../../contracts/services.js';
import { ServiceMonitorSpecEndpointsRelabelingsAction } from '../../imports/monitoring.coreos.com.js';
import { Scrape } from '../lib/monitoring.js';

export interface ServiceMonitoringProps {
  /** The catalog entry (what monitoring needs of it). */
  readonly service: Service;
  /** Path of the metrics endpoint. @default '/metrics' */
  readonly path?: string;
}

/**
 * The ServiceMonitor of one catalog service, in its namespace: it selects the service's Service by its pod labels,
 * scrapes the named metrics port and labels every series with `service` (the catalog name, which dashboards and SLO
 * rules select) and `team` (which routes its alerts). Works the same whether the platform deploys the workload or
 * only monitors it (`deploy: false`, the Service then has to carry the same `app.kubernetes.io/name` label).
 */
export class ServiceMonitoring extends Construct {
  readonly scrape: Scrape;

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    super(scope, id);
    const svc = props.service;
    const selector = servicePods(svc);
    this.scrape = new Scrape(this, 'Scrape', {
      name: svc.name,
      namespace: svc.namespace,
      serviceSelector: { 'app.kubernetes.io/name': selector['app.kubernetes.io/name'] ?? svc.name },
      port: svc.port,
      path: props.path ?? '/metrics',
      endpoint: {
        relabelings: [
          { targetLabel: 'service', replacement: svc.name, action: ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE },
          { targetLabel: 'team', replacement: svc.team, action: ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE },
        ],
      },
    });
  }
}
