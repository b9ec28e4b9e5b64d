import type { ApiToken } from '../../../shared/stores';

/** A token as listed: never the secret nor its hash. */
export function presentToken(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    created_at: token.created_at,
    last_used_at: token.last_used_at,
    revoked_at: token.revoked_at,
  };
}
