import { z } from 'zod';
import { displayName, email, password, text } from './common.schema';

export const registerBody = z.strictObject({ email, password, display_name: displayName.optional() });

/** Login checks shape only: a wrong password must fail as a 401, not a 400. */
export const loginBody = z.strictObject({ email: text(254).min(1), password: z.string().min(1).max(1024) });

export const changePasswordBody = z.strictObject({ current_password: z.string().min(1).max(1024), new_password: password });
