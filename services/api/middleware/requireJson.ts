import type { RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '../../../shared/domain/errors';

/** A request that carries a body must say it is JSON (415 otherwise). */
export const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) return next(new UnsupportedMediaTypeError());
  next();
};
