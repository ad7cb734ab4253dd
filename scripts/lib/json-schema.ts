import { z } from 'zod';
import { environmentSchema } from '../../config/schema.js';

/** The editor JSON Schema of an environment file, generated from the zod schema (the source of truth). */
export function environmentJsonSchema(): string {
  const schema = z.toJSONSchema(environmentSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'Environment configuration', $id: 'environment.schema.json' }, null, 2)}\n`;
}
