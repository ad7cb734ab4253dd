/** Plain data both synthesizers share (config/ → contracts/ → cdk8s/ and cdktf/). The index only re-exports. */
export * from './components.js';
export * from './endpoints.js';
export * from './namespaces.js';
export * from './operators.js';
export * from './security.js';
export * from './long-term-metrics.js';
export * from './scrape-jobs.js';
