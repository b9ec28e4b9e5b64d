import type { Knex } from 'knex';

/** Rows that belong to the user, table by table: theirs, or about their plants whoever sent them. */
const PARTS: Array<[string, string]> = [
  ['users', 't.id = :id'],
  ['plants', 't.user_id = :id'],
  ['readings', 't.user_id = :id OR t.plant_id IN (SELECT id FROM plants WHERE user_id = :id)'],
  ['waterings', 't.user_id = :id OR t.plant_id IN (SELECT id FROM plants WHERE user_id = :id)'],
  ['api_tokens', 't.user_id = :id'],
];

/**
 * A fingerprint of everything stored for one user: the user row, their
 * plants, the readings and waterings of their plants (or sent as them) and
 * their API tokens, every column. Taken before and after another user's
 * requests, it shows whether any of it changed (it must not). One statement;
 * the user must not act meanwhile.
 */
export async function userDigest(knex: Knex, userId: string): Promise<string> {
  const parts = PARTS.map(([table, where]) => `(SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t.id)), '') FROM ${table} t WHERE ${where})`);
  const { rows } = await knex.raw<{ rows: Array<{ digest: string }> }>(`SELECT md5(concat_ws('|', ${parts.join(', ')})) AS digest`, { id: userId });
  return rows[0]!.digest;
}
