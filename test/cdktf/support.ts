/** Synthesizes the stacks of one environment the way `npm run synth` does, for assertions on their JSON. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { addStacks, STACK_ORDER, type StackName } from '../../cdktf/stacks/index.js';
import type { Environment } from '../../config/derive.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { synthRoot } from '../support/synthesized.js';

/** A Terraform JSON document, loosely typed: read it with {@link resources}. */
export interface TfJson {
  readonly terraform: { readonly backend: { readonly s3: Record<string, unknown> }; readonly required_providers: Record<string, { version: string }> };
  readonly provider: Record<string, Record<string, unknown>[]>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
}

export interface SynthesizedEnvironment {
  /** Synthesized JSON text per stack. */
  readonly text: Readonly<Record<StackName, string>>;
  readonly json: Readonly<Record<StackName, TfJson>>;
}

function readStacks(outdir: string, env: string): SynthesizedEnvironment {
  const text = {} as Record<StackName, string>;
  const json = {} as Record<StackName, TfJson>;
  for (const name of STACK_ORDER) {
    text[name] = readFileSync(join(outdir, 'stacks', `${env}-${name}`, 'cdk.tf.json'), 'utf8');
    json[name] = JSON.parse(text[name]) as TfJson;
  }
  return { text, json };
}

/**
 * A full app synth (as `npm run synth` does), so cross-stack references are resolved into remote-state lookups exactly
 * as in `cdktf.out/`; `Testing.synth` of a single stack would not resolve them. A shipped environment is read from the
 * run's shared synthesis (test/support/global-setup.ts); a modified one is synthesized into a scratch folder.
 */
export function synthEnvironment(env: Environment): SynthesizedEnvironment {
  if (ENVIRONMENTS.includes(env)) return readStacks(join(synthRoot(), 'cdktf.out'), env.name);
  const outdir = mkdtempSync(join(tmpdir(), 'cdktf-test-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    addStacks(app, env);
    app.synth();
    return readStacks(outdir, env.name);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Resources of one type, without cdktf's metadata, keyed by logical id. */
export function resources(doc: TfJson, type: string): Record<string, Record<string, unknown>> {
  return strip(doc.resource?.[type] ?? {});
}

export function dataSources(doc: TfJson, type: string): Record<string, Record<string, unknown>> {
  return strip(doc.data?.[type] ?? {});
}

function strip(block: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(block).map(([id, body]) => [id, Object.fromEntries(Object.entries(body).filter(([k]) => k !== '//'))]));
}

/** An environment with some fields replaced (for error cases and optional features). */
export function withOverrides(env: Environment, patch: (env: Environment) => Partial<Environment>): Environment {
  return { ...env, ...patch(env) };
}

/** One statement of an IAM policy document as the synthesized JSON holds it. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: Record<string, string>;
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** The statements of a policy document (a JSON string attribute of an IAM resource). */
export const policyStatements = (policy: unknown): PolicyStatement[] => (JSON.parse(String(policy)) as { Statement: PolicyStatement[] }).Statement;
