import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../../shared/domain/errors';
import { ApiToken } from '../../../shared/models';
import { generateToken, hashToken, type TokenAuthenticator } from '../auth/tokens';
import { signedIn } from '../middleware/requireUser';
import { validateBody } from '../middleware/validate';
import { presentToken } from '../presenters/token';
import { isUuid, trimmedText } from './common.schema';

const createTokenBody = z.strictObject({ name: trimmedText(100).min(1) });

/** /tokens: API tokens for machines, owned by the caller. */
export function tokensRouter({ tokens }: { tokens: TokenAuthenticator }): Router {
  const router = Router();
  router.use(signedIn);

  router.post('/', validateBody(createTokenBody), async (req, res) => {
    const token = generateToken();
    const row = await ApiToken.query().insertAndFetch({ user_id: req.user!.id, name: req.body.name, token_hash: hashToken(token) });
    // The only time the secret is shown.
    res.status(201).json({ id: row.id, name: row.name, token, created_at: row.created_at });
  });

  router.get('/', async (req, res) => {
    const tokens = await ApiToken.query().where({ user_id: req.user!.id }).orderBy([{ column: 'created_at', order: 'desc' }, 'id']);
    res.json({ data: tokens.map(presentToken) });
  });

  router.delete('/:id', async (req, res) => {
    const { id } = req.params as { id: string };
    if (!isUuid(id)) throw new NotFoundError('Token');
    const token = await ApiToken.query().findOne({ id, user_id: req.user!.id });
    if (!token) throw new NotFoundError('Token');
    if (!token.revoked_at) await token.$query().patch({ revoked_at: new Date() });
    tokens.forget(token.token_hash);
    res.status(204).end();
  });

  return router;
}
