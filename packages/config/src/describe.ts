import type { TSchema } from 'typebox';

type SchemaLike = TSchema & {
  anyOf?: SchemaLike[];
  const?: unknown;
  type?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  /** Says what a pattern means where the pattern itself would not, e.g. "a string containing {otp}". */
  expected?: string;
};

/** Says in words what a variable must hold, for startup error messages. */
export function describeExpected(schema: SchemaLike): string {
  if (schema.expected) return schema.expected;
  if (schema.anyOf) return `one of ${schema.anyOf.map((s) => String(s.const)).join(', ')}`;
  if (schema.type === 'integer') return `an integer from ${schema.minimum} to ${schema.maximum}`;
  if (schema.type === 'number') return `a number from ${schema.minimum} to ${schema.maximum}`;
  if (schema.type === 'boolean') return 'true or false';
  if (schema.minLength) return `a string of at least ${schema.minLength} characters`;
  if (schema.pattern) return `a string matching /${schema.pattern}/`;
  return 'a string';
}
