import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../../shared/domain/errors';
import type { TokenStore } from '../../../shared/stores';
import { generateToken, hashToken, type TokenAuthenticator } from '../auth/tokens';
import { signedIn } from '../middleware/requireUser';
import { validateBody } from '../middleware/validate';
import { presentToken } from '../presenters/token';
import { trimmedText } from './common.schema';

const createTokenBody = z.strictObject({ name: trimmedText(100).min(1) });

/** /tokens: API tokens for machines, owned by the caller. */
export function tokensRouter({ tokens, authenticator }: { tokens: TokenStore; authenticator: TokenAuthenticator }): Router {
  const router = Router();
  router.use(signedIn);

  router.post('/', validateBody(createTokenBody), async (req, res) => {
    const token = generateToken();
    const row = await tokens.create(req.user!.id, req.body.name, hashToken(token));
    // The only time the secret is shown.
    res.status(201).json({ id: row.id, name: row.name, token, created_at: row.created_at });
  });

  router.get('/', async (req, res) => {
    res.json({ data: (await tokens.listFor(req.user!.id)).map(presentToken) });
  });

  router.delete('/:id', async (req, res) => {
    const token = await tokens.findOwned(req.user!.id, (req.params as { id: string }).id);
    if (!token) throw new NotFoundError('Token');
    await tokens.revoke(token);
    authenticator.forget(token.token_hash);
    res.status(204).end();
  });

  return router;
}
