/**
 * Log retention enforced by Elasticsearch itself, with the free data stream lifecycle
 * (https://www.elastic.co/guide/en/elasticsearch/reference/current/data-stream-lifecycle.html): index templates over
 * `logs-*-*` carry `lifecycle.data_retention`; Elasticsearch deletes backing indices older than that.
 *
 * The templates build on the built-in `logs@*` component templates (mappings, settings) and set
 * `index.lifecycle.prefer_ilm: false` so the data stream lifecycle, not the built-in `logs` ILM policy (which never
 * deletes), manages the indices.
 */

/** One idempotent `PUT` against the Elasticsearch API. */
export interface SetupRequest {
  /** Path without a leading slash, e.g. `_index_template/logs-platform`. */
  readonly path: string;
  readonly body: IndexTemplate | ComponentTemplate;
}

export interface ComponentTemplate {
  readonly template: {
    readonly settings?: Readonly<Record<string, string | number | boolean>>;
    readonly lifecycle?: { readonly enabled: boolean; readonly data_retention: string };
  };
  readonly _meta: Readonly<Record<string, string>>;
}

export interface IndexTemplate {
  readonly index_patterns: readonly string[];
  readonly priority: number;
  readonly data_stream: Record<string, never>;
  readonly composed_of: readonly string[];
  readonly ignore_missing_component_templates?: readonly string[];
  readonly allow_auto_create: boolean;
  readonly template: { readonly lifecycle: { readonly enabled: boolean; readonly data_retention: string } };
  readonly _meta: Readonly<Record<string, string>>;
}

export interface RetentionProps {
  /** Retention of every namespace's logs, e.g. `7d`. */
  readonly defaultRetention: string;
  /** Per Kubernetes namespace overrides. @default - none */
  readonly namespaceRetention?: Readonly<Record<string, string>>;
  /** Primary shards of each new backing index. @default - Elasticsearch's default (1) */
  readonly primaryShards?: number;
}

/** Name of the component template that switches the logs data streams from ILM to the data stream lifecycle. */
export const LIFECYCLE_COMPONENT = 'logs-platform@lifecycle';
/** Priority above the built-in `logs` template (100), below anything a team adds deliberately (≥ 1000). */
export const DEFAULT_PRIORITY = 200;
export const NAMESPACE_PRIORITY = 300;

const MANAGED = { managed_by: 'observability-platform', source: 'cdk8s/logging/retention.ts' };
/** Built-in component templates of the `logs` index template, kept so mappings and settings stay the same. */
const BUILT_IN = ['logs@mappings', 'logs@settings', 'ecs@mappings'];

/** The data stream namespace a Kubernetes namespace's logs land in (see the Logstash pipeline). */
export function dataStreamNamespace(kubernetesNamespace: string): string {
  return kubernetesNamespace.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

function indexTemplate(patterns: string[], priority: number, retention: string): IndexTemplate {
  return {
    index_patterns: patterns,
    priority,
    data_stream: {},
    composed_of: [...BUILT_IN, 'logs@custom', LIFECYCLE_COMPONENT],
    ignore_missing_component_templates: ['logs@custom'],
    allow_auto_create: true,
    template: { lifecycle: { enabled: true, data_retention: retention } },
    _meta: { ...MANAGED, retention },
  };
}

/** The requests that make Elasticsearch enforce the retention, in order (component before index templates). */
export function retentionRequests(props: RetentionProps): SetupRequest[] {
  const overrides = Object.entries(props.namespaceRetention ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const component: ComponentTemplate = {
    template: {
      settings: {
        'index.lifecycle.prefer_ilm': false,
        ...(props.primaryShards !== undefined ? { 'index.number_of_shards': props.primaryShards } : {}),
      },
    },
    _meta: { ...MANAGED, description: 'prefer the data stream lifecycle over the built-in logs ILM policy' },
  };
  return [
    { path: `_component_template/${LIFECYCLE_COMPONENT}`, body: component },
    { path: '_index_template/logs-platform-default', body: indexTemplate(['logs-*-*'], DEFAULT_PRIORITY, props.defaultRetention) },
    ...overrides.map(([ns, retention]) => ({
      path: `_index_template/logs-platform-ns-${dataStreamNamespace(ns)}`,
      body: indexTemplate([`logs-*-${dataStreamNamespace(ns)}`], NAMESPACE_PRIORITY, retention),
    })),
  ];
}
