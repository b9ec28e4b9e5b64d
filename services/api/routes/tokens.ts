import { Router } from 'express';
import { NotFoundError } from '../../../shared/domain/errors';
import type { TokenStore } from '../../../shared/stores';
import { generateToken, hashToken, type TokenAuthenticator } from '../auth/tokens';
import { createTokenBody } from '../contract/tokens';
import { signedIn } from '../middleware/requireUser';
import { bodyOf, param } from '../middleware/validate';
import { presentNewToken, presentToken } from '../presenters/token';

/** /tokens: API tokens for machines, owned by the caller. */
export function tokensRouter({ tokens, authenticator }: { tokens: TokenStore; authenticator: TokenAuthenticator }): Router {
  const router = Router();
  router.use(signedIn);

  router.post('/', async (req, res) => {
    const { name } = bodyOf(req, createTokenBody);
    const secret = generateToken();
    const row = await tokens.create(req.user!.id, name, hashToken(secret));
    res.status(201).json(presentNewToken(row, secret));
  });

  router.get('/', async (req, res) => {
    res.json({ data: (await tokens.listFor(req.user!.id)).map(presentToken) });
  });

  router.delete('/:id', async (req, res) => {
    const token = await tokens.findOwned(req.user!.id, param(req, 'id'));
    if (!token) throw new NotFoundError('Token');
    await tokens.revoke(token);
    authenticator.forget(token.token_hash);
    res.status(204).end();
  });

  return router;
}
