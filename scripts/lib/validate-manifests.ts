/**
 * Validates synthesized manifests: core kinds against the Kubernetes OpenAPI schemas (kubernetes-models' compiled
 * validators), custom resources against the `openAPIV3Schema` of the pinned CRDs. An unknown kind is an error.
 *
 * CRD schemas are applied the way the API server's strict field validation does: an object that declares
 * `properties` accepts no other field unless it says `x-kubernetes-preserve-unknown-fields`. CEL rules
 * (`x-kubernetes-validations`) cannot be evaluated offline and are not checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { type CrdVersionSchema, loadCrdSchemas } from './crds.js';

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface LocatedManifest {
  /** File the object came from, relative to the repository root. */
  readonly file: string;
  readonly object: Manifest;
}

export interface ValidationProblem {
  readonly file: string;
  readonly object: string;
  readonly message: string;
}

/** Core kinds that are not namespaced; every other kind must name its namespace explicitly. */
const CLUSTER_SCOPED_CORE = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'CSIDriver',
  'PriorityClass', 'RuntimeClass', 'IngressClass', 'CustomResourceDefinition', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'APIService',
]);

/** Reads every `*.k8s.yaml` under `dir` (recursively), in a stable order. */
export function readManifests(dir: string, root: string = process.cwd()): LocatedManifest[] {
  const result: LocatedManifest[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.k8s.yaml')) {
        for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
          if (doc.errors.length > 0) throw new Error(`${relative(root, path)}: ${doc.errors[0]?.message}`);
          const object = doc.toJS() as Manifest | null;
          if (object) result.push({ file: relative(root, path), object });
        }
      }
    }
  };
  walk(dir);
  return result;
}

type JsonSchema = Record<string, unknown>;

/** Turns a CRD structural schema into a JSON Schema ajv understands, with strict unknown-field handling. */
export function crdToJsonSchema(schema: JsonSchema): JsonSchema {
  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert);
    if (node === null || typeof node !== 'object') return node;
    const input = node as JsonSchema;
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(input)) {
      if (key.startsWith('x-kubernetes-') || key === 'nullable') continue;
      if (key === 'properties' || key === 'patternProperties') {
        out[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, convert(v)]));
      } else {
        out[key] = convert(value);
      }
    }
    if (input['x-kubernetes-int-or-string'] === true) {
      delete out.type;
      return { ...out, anyOf: [{ type: 'integer' }, { type: 'string' }] };
    }
    if (input.properties && input.additionalProperties === undefined && input['x-kubernetes-preserve-unknown-fields'] !== true) {
      out.additionalProperties = false;
    }
    if (input.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
    return out;
  };
  const converted = convert(schema) as JsonSchema;
  // Object metadata is checked separately; the CRD only says it is an object.
  const properties = { ...(converted.properties as JsonSchema), metadata: { type: 'object' } };
  return { ...converted, properties };
}

type CoreValidator = (object: Manifest) => string[];

async function coreValidator(apiVersion: string, kind: string): Promise<CoreValidator | undefined> {
  const modulePath = `kubernetes-models/${apiVersion.includes('/') ? apiVersion : `v1`}/${kind}`;
  if (apiVersion !== 'v1' && !apiVersion.includes('/')) return undefined;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(modulePath)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const Model = mod[kind] as (new (data: unknown) => { validate(): void }) | undefined;
  if (typeof Model !== 'function') return undefined;
  return (object) => {
    try {
      new Model(structuredClone(object)).validate();
      return [];
    } catch (error) {
      const errors = (error as { errors?: { instancePath: string; message?: string; params?: unknown }[] }).errors;
      return errors?.map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params ?? {})}`) ?? [String(error)];
    }
  };
}

/**
 * CRD patterns are Go RE2 expressions; JavaScript lacks RE2's inline `(?i)` flag. Applying it to the whole
 * expression is exact for the patterns the pinned CRDs use (a leading or group-wide case-insensitive match).
 */
function re2Compatible(source: string, flags: string): RegExp {
  return source.includes('(?i)') ? new RegExp(source.replaceAll('(?i)', ''), `${flags}i`) : new RegExp(source, flags);
}
re2Compatible.code = 're2Compatible';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Validates objects; returns every problem found (an empty list means all valid). */
export class ManifestValidator {
  private readonly crds = new Map<string, CrdVersionSchema>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly core = new Map<string, CoreValidator | undefined>();
  private readonly ajv: Ajv;

  private constructor(crdSchemas: readonly CrdVersionSchema[]) {
    this.ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true, code: { regExp: re2Compatible } });
    addFormats.default(this.ajv);
    for (const name of ['int32', 'int64', 'byte', 'double', 'float', 'duration']) this.ajv.addFormat(name, true);
    for (const crd of crdSchemas) this.crds.set(`${crd.apiVersion}/${crd.kind}`, crd);
  }

  /** Compiles a CRD's schema on first use (some are megabytes). */
  private crdValidator(key: string): ValidateFunction | undefined {
    const crd = this.crds.get(key);
    if (!crd) return undefined;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(crdToJsonSchema(crd.schema));
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /** Loads the pinned CRDs from `.crds/` (run `npm run crds` first). */
  static create(crdSchemas: readonly CrdVersionSchema[] = loadCrdSchemas()): ManifestValidator {
    return new ManifestValidator(crdSchemas);
  }

  async validate(manifests: readonly LocatedManifest[]): Promise<ValidationProblem[]> {
    const problems: ValidationProblem[] = [];
    for (const { file, object } of manifests) {
      const id = `${object?.kind ?? '?'} ${object?.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object?.metadata?.name ?? '?'}`;
      const report = (message: string) => problems.push({ file, object: id, message });
      if (typeof object?.apiVersion !== 'string' || typeof object.kind !== 'string') {
        report('missing apiVersion or kind');
        continue;
      }
      if (typeof object.metadata?.name !== 'string' || !DNS_SUBDOMAIN.test(object.metadata.name) || object.metadata.name.length > 253) {
        report(`metadata.name ${JSON.stringify(object.metadata?.name)} is not a valid DNS subdomain`);
      }
      const key = `${object.apiVersion}/${object.kind}`;
      const crd = this.crds.get(key);
      const validateCrd = this.crdValidator(key);
      let namespaced: boolean;
      if (crd && validateCrd) {
        namespaced = crd.namespaced;
        if (!validateCrd(object)) {
          for (const e of validateCrd.errors ?? []) report(`${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
        }
      } else {
        if (!this.core.has(key)) this.core.set(key, await coreValidator(object.apiVersion, object.kind));
        const validate = this.core.get(key);
        if (!validate) {
          report(`unknown kind ${key}: neither a Kubernetes API kind nor one of the pinned CRDs`);
          continue;
        }
        namespaced = !CLUSTER_SCOPED_CORE.has(object.kind);
        for (const message of validate(object)) report(message);
      }
      if (namespaced && !object.metadata.namespace) report('namespaced kind without metadata.namespace (it would land in "default")');
      if (!namespaced && object.metadata.namespace) report('cluster-scoped kind must not set metadata.namespace');
    }
    return problems;
  }
}
