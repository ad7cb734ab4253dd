/** The policy context of a shipped environment and the charts-out objects of each one. */
import { IMAGE_LOCK, IMAGES } from '../../config/images.js';
import { CLUSTER_SECRET_STORE } from '../../config/secrets.js';
import { readManifests, type Manifest } from '../../scripts/lib/validate-manifests.js';
import { GATEWAY_PROXIES } from '../../cdk8s/lib/network-policy.js';
import { environment } from '../support/envs.js';
import { CHARTS_OUT, REPO_ROOT } from '../support/repo.js';
import type { PolicyContext } from './rules.js';
import { deployedServices, registryHost, repositoryName, serviceRepository } from '../../contracts/services.js';

export function policyContext(envName: string): PolicyContext {
  const env = environment(envName);
  if (!('namespace' in GATEWAY_PROXIES)) throw new Error('GATEWAY_PROXIES must name a namespace');
  return {
    environment: env.name,
    secretPrefix: `${env.resourcePrefix}/`,
    secretStore: CLUSTER_SECRET_STORE,
    gatewayProxyNamespace: GATEWAY_PROXIES.namespace,
    images: Object.values(IMAGES),
    lock: IMAGE_LOCK,
    catalogImages: new Map(
      deployedServices(env.services).flatMap((s) =>
        s.image ? [[`${registryHost(env)}/${repositoryName(env, serviceRepository(s))}`, { tag: s.image.tag, ...(s.image.digest ? { digest: s.image.digest } : {}) }] as const] : [],
      ),
    ),
    requireCatalogDigests: env.tier === 'production',
  };
}

/** Objects of charts-out/, grouped by environment folder. */
export function chartsOutByEnvironment(): Map<string, Manifest[]> {
  const out = new Map<string, Manifest[]>();
  for (const { file, object } of readManifests(CHARTS_OUT, REPO_ROOT)) {
    const env = file.split('/')[1] ?? '';
    out.set(env, [...(out.get(env) ?? []), object]);
  }
  return out;
}
