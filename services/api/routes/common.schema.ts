import { z } from 'zod';
import { ROLES } from '../../../shared/models';

/** Emails: trimmed, at most 254 characters; case is kept (the column is CITEXT). */
export const email = z.string().trim().max(254).pipe(z.email({ message: 'must be an email address' }));

/** 8 to 256 characters, counted as Unicode code points; all of them count (see prehash). */
export const password = z
  .string()
  .refine((s) => [...s].length >= 8, 'must be at least 8 characters')
  .refine((s) => [...s].length <= 256, 'must be at most 256 characters');

export const role = z.enum(ROLES);

export const displayName = z.string().trim().min(1).max(100).nullable();

/** Path ids: a malformed one can't name any row, so it answers 404 like a missing row. */
export const uuid = z.uuid();
export const isUuid = (value: string): boolean => uuid.safeParse(value).success;
