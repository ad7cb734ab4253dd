/** Pieces shared by the ECK-managed components (Kibana, Logstash): replica checks, disruption budgets, ES egress. */
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { PORTS } from '../../contracts/components.js';
import type { TrafficRule } from '../lib/network-policy.js';

/** Port of Elasticsearch's HTTP API (ECK's `<name>-es-http` Service, TLS). */
export const ELASTICSEARCH_HTTP_PORT = PORTS.elasticsearch;

/** Secret in which ECK publishes the CA (`ca.crt`) of the HTTP certificate of the Elasticsearch cluster `name`. */
export function elasticsearchHttpCaSecret(name: string): string {
  return `${name}-es-http-certs-public`;
}

/** Pods of an ECK Elasticsearch cluster. */
export function elasticsearchPods(name: string): Record<string, string> {
  return { 'elasticsearch.k8s.elastic.co/cluster-name': name };
}

/** Egress to the HTTP API of the Elasticsearch cluster `name` in `namespace`. */
export function toElasticsearch(namespace: string, name: string): TrafficRule {
  return { peers: [{ namespace, pods: elasticsearchPods(name) }], ports: [{ port: ELASTICSEARCH_HTTP_PORT }] };
}

/** Checks a replica count prop; returns it, defaulting to 1. */
export function replicaCount(replicas: number | undefined): number {
  const n = replicas ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new Error(`replicas is ${n}; use a whole number of at least 1`);
  return n;
}

export interface OneAtATimeProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly pods: Readonly<Record<string, string>>;
  readonly replicas: number;
}

/** A PodDisruptionBudget letting one pod go at a time, only when there are two or more (one pod must be drainable). */
export function oneAtATime(scope: Construct, id: string, props: OneAtATimeProps): k8s.KubePodDisruptionBudget | undefined {
  if (props.replicas < 2) return undefined;
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...props.pods } } },
  });
}
