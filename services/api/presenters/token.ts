import type { ApiToken } from '../../../shared/stores';
import { isoOrNull } from '../contract/common';
import type { NewTokenResponse, TokenResponse } from '../contract/tokens';

/** A token as listed: never the secret nor its hash. */
export function presentToken(token: ApiToken): TokenResponse {
  return {
    id: token.id,
    name: token.name,
    created_at: token.created_at.toISOString(),
    last_used_at: isoOrNull(token.last_used_at),
    revoked_at: isoOrNull(token.revoked_at),
  };
}

/** A token just created, with its secret: the only time it is shown. */
export function presentNewToken(token: ApiToken, secret: string): NewTokenResponse {
  return { id: token.id, name: token.name, token: secret, created_at: token.created_at.toISOString() };
}
