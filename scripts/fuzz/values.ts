import fc from 'fast-check';
import type { JsonSchema } from './operations';

/**
 * Values for one field, mostly near misses of its JSON Schema: the bounds
 * and just past them, numbers JSON can carry but no column holds, instants
 * ISO 8601 accepts and PostgreSQL does not, text with NUL or far too long,
 * the wrong type — and now and then a value that is simply valid, so
 * requests also get past validation into the database.
 */

/** Instants ISO 8601 accepts that no column should take: year 0, a +14:00 offset that lands in year 0, before 2000, far ahead. */
export const BAD_INSTANTS = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+14:00',
  '1969-12-31T23:59:59Z',
  '1999-12-31T23:59:59Z',
  '9999-12-31T23:59:59-14:00',
  '2999-01-01T00:00:00Z',
];
/** Instants at the edge or no instant at all. */
export const ODD_INSTANTS = [
  '2000-01-01T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T00:00:00',
  '2026-01-01',
  'yesterday',
  '',
  '1700000000000',
];
const recentInstant = fc.integer({ min: 1, max: 30 * 86_400 }).map((s) => new Date(Date.now() - s * 1000).toISOString());

const NUMBERS = [0, -0, 1, -1, 0.5, 1.0000001, -1e-300, 5e-324, 1e308, -1e308, 2 ** 31, 2 ** 53 + 1, 3650, 3651, 1e21, 0.777];
const number = fc.oneof(fc.constantFrom(...NUMBERS), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());

const TEXTS = ['', ' ', 'a\u0000b', '\u0000', '\ud800', '🌱'.repeat(60), "'; DROP TABLE plants; --", '%00', '\\u0000', 'null', '{}', 'x'.repeat(2001)];
const text = fc.oneof(fc.constantFrom(...TEXTS), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 20 }));

/** Anything JSON, shallow: the wrong type for any field. */
export const anyJson = fc.jsonValue({ maxDepth: 2 });

/**
 * Ids a path or a body names: the caller's own rows (most often, so that
 * requests reach the database), other users' rows, unknown uuids, and
 * strings that are no uuid.
 */
export function idValues(own: readonly string[], others: readonly string[]): fc.Arbitrary<string> {
  const forms: Array<fc.WeightedArbitrary<string>> = [
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: fc.constantFrom('', 'not-a-uuid', '00000000-0000-0000-0000-000000000000', '1', "' OR '1'='1", 'x'.repeat(300)), weight: 1 },
    { arbitrary: text, weight: 1 },
  ];
  if (own.length) forms.push({ arbitrary: fc.constantFrom(...own), weight: 6 });
  if (others.length) forms.push({ arbitrary: fc.constantFrom(...others), weight: 3 });
  return fc.oneof(...forms);
}

function stringValue(schema: JsonSchema, ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  if (schema.enum) return fc.oneof(fc.constantFrom(...(schema.enum as string[])), text);
  if (schema.format === 'date-time') {
    return fc.oneof({ arbitrary: fc.constantFrom(...BAD_INSTANTS), weight: 4 }, fc.constantFrom(...ODD_INSTANTS), recentInstant, text);
  }
  if (schema.format === 'uuid') return ids;
  const long = 'y'.repeat((schema.maxLength ?? 100) + 1);
  return fc.oneof(text, fc.constant(long), fc.emailAddress(), fc.string({ minLength: 8, maxLength: 30 }));
}

/** A value for `schema` (a field named `name`: `*_id` fields take ids), or a wrong one. */
export function valueFor(schema: JsonSchema, name: string, ids: fc.Arbitrary<string>, depth = 0): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => valueFor(s, name, ids, depth)));
  let right: fc.Arbitrary<unknown>;
  if (name.endsWith('_id')) right = ids;
  else if (schema.type === 'number' || schema.type === 'integer') {
    const { minimum: min = 0, maximum: max = 100 } = schema;
    right = fc.oneof(fc.constantFrom(min, max, min - 1, max + 1, (min + max) / 2), number);
  } else if (schema.type === 'string') right = stringValue(schema, ids);
  else if (schema.type === 'array' && schema.items && depth < 2) {
    const item = valueFor(schema.items, name, ids, depth + 1);
    right = fc.oneof(
      fc.array(item, { maxLength: 5 }),
      fc.array(fc.constant(1), { minLength: (schema.maxItems ?? 10) + 1, maxLength: (schema.maxItems ?? 10) + 1 }),
    );
  } else if (schema.type === 'object' && schema.properties && depth < 2) right = objectFor(schema, ids, depth + 1);
  else if (schema.type === 'null') right = fc.constant(null);
  else right = anyJson;
  return fc.oneof({ arbitrary: right, weight: 4 }, { arbitrary: anyJson, weight: 1 });
}

/** A value `schema` accepts (as far as JSON Schema says: the validators may still refuse it). */
export function validFor(schema: JsonSchema, name: string, ids: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  if (schema.anyOf) return validFor(schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0]!, name, ids);
  if (name.endsWith('_id') || schema.format === 'uuid') return ids;
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const { minimum: min = 0, maximum: max = 1e6 } = schema;
  if (schema.type === 'integer') return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  if (schema.type === 'number') return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  if (schema.format === 'date-time') return recentInstant;
  if (schema.type === 'string') {
    if (name.includes('email')) return fc.emailAddress();
    return fc.string({ minLength: Math.max(8, schema.minLength ?? 0), maxLength: Math.min(schema.maxLength ?? 30, 30) });
  }
  if (schema.type === 'array' && schema.items) return fc.array(validFor(schema.items, name, ids), { maxLength: Math.min(schema.maxItems ?? 5, 5) });
  if (schema.type === 'object' && schema.properties) {
    // Every field present: the one a near miss then replaces is all that is wrong.
    return fc.record(Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, validFor(s, k, ids)])));
  }
  return fc.constant(null);
}

/**
 * An object for `schema`: mostly a valid one with a single field replaced by
 * a near miss (what finds a range the validators forgot), otherwise each
 * property absent, right or wrong; sometimes with an unknown key too.
 */
export function objectFor(schema: JsonSchema, ids: fc.Arbitrary<string>, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(schema.properties ?? {});
  const fields = Object.fromEntries(props.map(([k, s]) => [k, valueFor(s, k, ids, depth)]));
  const loose = fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.option(fc.dictionary(fc.constantFrom('user_id', 'id', '__proto__', 'constructor', 'x'), anyJson), { freq: 5 }),
    )
    .map(([known, extra]) => ({ ...(extra ?? {}), ...known }));
  if (props.length === 0) return loose;
  const oneOff = fc
    .tuple(
      validFor(schema, '', ids) as fc.Arbitrary<Record<string, unknown>>,
      fc.integer({ min: 0, max: props.length - 1 }).chain((i) => fc.tuple(fc.constant(props[i]![0]), fields[props[i]![0]]!)),
    )
    .map(([valid, [key, value]]) => ({ ...valid, [key]: value }));
  return fc.oneof({ arbitrary: oneOff, weight: 3 }, { arbitrary: loose, weight: 1 });
}
