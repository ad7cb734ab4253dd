import { Construct } from 'constructs';
import type { QuerySelectors } from '../../contracts/scrape-jobs.js';
import { dnsLabel, portName } from '../../config/sections/primitives.js';
import type { Service } from '../../config/sections/services.js';
import { ServiceMonitorSpecEndpointsRelabelingsAction } from '../../imports/monitoring.coreos.com.js';
import { serviceDashboards, type DashboardFile } from './dashboards/index.js';
import { Scrape } from '../lib/monitoring.js';

export interface ServiceCatalogProps {
  /** The `services:` entries of the environment. */
  readonly services: readonly Service[];
  /** Selectors and metric names the dashboards query. */
  readonly queries: QuerySelectors;
}

/** Throws a clear error when a catalog entry could not produce a valid ServiceMonitor. */
function validate(service: Service, index: number): void {
  const checks = [
    ['name', service.name, dnsLabel],
    ['namespace', service.namespace, dnsLabel],
    ['port', service.port, portName],
    ['team', service.team, dnsLabel],
  ] as const;
  for (const [field, value, schema] of checks) {
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new Error(`services[${index}].${field} ${result.error.issues[0]?.message ?? 'is invalid'} (got "${value}")`);
    }
  }
}

/**
 * The service catalog: for each entry a ServiceMonitor in the service's namespace (selecting its Service by
 * `app.kubernetes.io/name: <name>`, scraping the named port, labelling every series with `service` and `team`) and a
 * dashboard, which Grafana provisions from {@link ServiceCatalog.dashboards}.
 */
export class ServiceCatalog extends Construct {
  readonly dashboards: readonly DashboardFile[];

  constructor(scope: Construct, id: string, props: ServiceCatalogProps) {
    super(scope, id);
    const names = new Set<string>();
    props.services.forEach((service, index) => {
      validate(service, index);
      if (names.has(service.name)) throw new Error(`services[${index}].name "${service.name}" is used twice; names must be unique`);
      names.add(service.name);
      new Scrape(this, service.name, {
        name: service.name,
        namespace: service.namespace,
        serviceSelector: { 'app.kubernetes.io/name': service.name },
        port: service.port,
        endpoint: {
          relabelings: [
            // The catalog name (not the Kubernetes Service name) identifies the service in dashboards and SLOs.
            { targetLabel: 'service', replacement: service.name, action: ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE },
            // Routes the service's alerts to its team.
            { targetLabel: 'team', replacement: service.team, action: ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE },
          ],
        },
      });
    });
    this.dashboards = serviceDashboards(props.services, props.queries);
  }
}
