/** The namespaces the stack runs in (defined with the config's derived values; re-exported as a contract). */
export { NAMESPACES, type NamespaceSpec, type PodSecurityLevel } from '../config/derive.js';
