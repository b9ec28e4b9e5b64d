import type { Knex } from 'knex';

/** Reads the live schema of the `public` schema from pg_catalog, in the shapes of expectedSchema.ts. */
export async function readColumns(knex: Knex): Promise<Record<string, Array<[string, string, boolean, string | null]>>> {
  const { rows } = await knex.raw(`
    SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      AND c.relname NOT LIKE 'knex\\_%'
    ORDER BY c.relname, a.attnum`);
  const out: Record<string, Array<[string, string, boolean, string | null]>> = {};
  for (const r of rows) (out[r.table] ??= []).push([r.name, r.type, r.not_null, r.default]);
  return out;
}

export async function readEnums(knex: Knex): Promise<Record<string, string[]>> {
  const { rows } = await knex.raw(`
    SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname`);
  return Object.fromEntries(rows.map((r: { name: string; labels: string[] }) => [r.name, r.labels]));
}

export async function readIndexes(knex: Knex): Promise<Record<string, string>> {
  const { rows } = await knex.raw(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'knex\\_%'`);
  return Object.fromEntries(rows.map((r: { indexname: string; indexdef: string }) => [r.indexname, r.indexdef]));
}

export async function readConstraints(knex: Knex): Promise<Record<string, string>> {
  const { rows } = await knex.raw(`
    SELECT conrelid::regclass::text AS table, conname, pg_get_constraintdef(oid) AS def
    FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace AND contype IN ('f', 'u', 'c')
      AND conrelid::regclass::text NOT LIKE 'knex\\_%'`);
  return Object.fromEntries(rows.map((r: { table: string; conname: string; def: string }) => [`${r.table}.${r.conname}`, r.def]));
}

/** Triggers on the public tables: table.name → definition (pg_get_triggerdef). */
export async function readTriggers(knex: Knex): Promise<Record<string, string>> {
  const { rows } = await knex.raw(`
    SELECT c.relname AS table, t.tgname AS name, pg_get_triggerdef(t.oid) AS def
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal`);
  return Object.fromEntries(rows.map((r: { table: string; name: string; def: string }) => [`${r.table}.${r.name}`, r.def]));
}

/** Functions of the public schema (extensions' left out): name(arguments) → result type. */
export async function readFunctions(knex: Knex): Promise<Record<string, string>> {
  const { rows } = await knex.raw(`
    SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name, pg_get_function_result(p.oid) AS result
    FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`);
  return Object.fromEntries(rows.map((r: { name: string; result: string }) => [r.name, r.result]));
}
