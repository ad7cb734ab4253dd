/** Helpers for the logging tests: synthesize a construct and find objects by kind and name. */
import { Testing } from 'cdk8s';
import type { Construct } from 'constructs';

/** Synthesized JSON read without a schema: every property and element is again Loose (no `any`). */
export type Loose = { readonly [key: string]: Loose } & readonly Loose[];

export type Manifest = Loose & {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: Loose & { readonly name: string; readonly namespace?: string };
};

/** Synthesizes whatever `build` adds to a fresh chart. */
export function synth(build: (scope: Construct) => void): Manifest[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart) as Manifest[];
}

export function find(objects: readonly Manifest[], kind: string, name?: string): Manifest {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found) throw new Error(`no ${kind}${name ? ` named ${name}` : ''} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

export function all(objects: readonly Manifest[], kind: string): Manifest[] {
  return objects.filter((o) => o.kind === kind);
}
