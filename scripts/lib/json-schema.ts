import { z } from 'zod';
import { CAPACITY_FILLED } from '../../config/capacity.js';
import { environmentSchema } from '../../config/schema.js';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  required?: string[];
}

/** Sizes the capacity model fills in may be left out of the file: they are not required for editors. */
function relaxCapacityFilled(schema: SchemaNode): void {
  for (const { path, keys } of CAPACITY_FILLED) {
    let node: SchemaNode | undefined = schema;
    for (const key of path) node = key === '[]' ? node?.items : node?.properties?.[key];
    if (!node?.required) throw new Error(`json-schema: no object with required keys at ${path.join('.')}`);
    node.required = node.required.filter((k) => !keys.includes(k));
  }
}

/** The editor JSON Schema of an environment file, generated from the zod schema (the source of truth). */
export function environmentJsonSchema(): string {
  const schema = z.toJSONSchema(environmentSchema, { io: 'input', unrepresentable: 'any' });
  relaxCapacityFilled(schema as SchemaNode);
  return `${JSON.stringify({ ...schema, title: 'Environment configuration', $id: 'environment.schema.json' }, null, 2)}\n`;
}
