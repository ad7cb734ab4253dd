/** The shipped environments, loaded once per test file. */
import { loadEnvironments } from '../../config/load.js';
import { ENVIRONMENTS_DIR } from './repo.js';

export const ENVIRONMENTS = loadEnvironments({ dir: ENVIRONMENTS_DIR });

export function environment(name: string) {
  const env = ENVIRONMENTS.find((e) => e.name === name);
  if (!env) throw new Error(`no shipped environment ${name}`);
  return env;
}

/** The names of the shipped environments, sorted: what every per-environment suite iterates over. */
export const ENVIRONMENT_NAMES: readonly string[] = ENVIRONMENTS.map((e) => e.name).sort();
