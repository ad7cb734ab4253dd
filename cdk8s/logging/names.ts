/** Names other engineers rely on (see COMMON.md "Shared contracts"); change them only together. */
export const LOGGING = {
  /** Elasticsearch CR in `logging`: Service `logging-es-http` (TLS, 9200). */
  elasticsearch: 'logging',
  /** Kibana CR in `logging`: Service `logging-kb-http` (TLS, 5601). */
  kibana: 'logging',
  /** Logstash CR in `logging`: Beats Service `logging-ls-beats` (5044). */
  logstash: 'logging',
  /** Beat CR (type filebeat) in `node-collectors`. */
  filebeat: 'filebeat',
  /** Elasticsearch roles of the file-realm users. */
  roles: { logsReader: 'platform_logs_reader', monitor: 'platform_monitor' },
} as const;
