import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { NAMESPACES } from '../../config/derive.js';
import { platformSecret } from '../../config/secrets.js';
import { RECEIVER_SECRET } from '../../config/sections/alerting.js';
import { Alertmanager } from './alertmanager.js';
import { PrometheusRules } from '../lib/prometheus-rules.js';
import { SyncedSecret } from '../lib/external-secret.js';
import { toRuleFileGroup } from './alerts/types.js';
import { MESSAGE_TEMPLATES, renderAlertmanagerYaml, TEMPLATE_FILE } from './routing/alertmanager-config.js';
import { ruleSets } from './rules.js';
import { chartProps, type StackChartProps } from '../lib/chart-props.js';

/**
 * Alerting: Alertmanager (with its routing config and receiver credentials), the stack's alert and recording rules
 * (one PrometheusRule per area) and the SLO burn-rate rules of every catalog service with an objective.
 */
export class AlertingChart extends Chart {
  constructor(scope: Construct, id: string, props: StackChartProps) {
    super(scope, id, chartProps(props.env));
    const { env } = props;
    const { alerting } = env;
    const ns = NAMESPACES.monitoring.name;

    const receivers = new SyncedSecret(this, 'receivers', { env, secret: platformSecret(env, RECEIVER_SECRET), namespace: ns });

    new Alertmanager(this, 'alertmanager', {
      namespace: ns,
      replicas: alerting.alertmanager.replicas,
      resources: alerting.alertmanager.resources,
      storageGiB: alerting.alertmanager.storageGiB,
      retention: alerting.alertmanager.retention,
      smtpPort: alerting.alertmanager.smtpPort,
      configYaml: renderAlertmanagerYaml(alerting),
      configFiles: { [TEMPLATE_FILE]: MESSAGE_TEMPLATES },
      receiverSecretName: receivers.secretName,
    });

    for (const set of ruleSets(alerting, env.services)) {
      new PrometheusRules(this, set.name, { name: set.name, namespace: ns, groups: [toRuleFileGroup(set.group, alerting.runbookBaseUrl)] });
    }
  }
}
