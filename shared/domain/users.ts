/**
 * The words of an account (SPEC §2, §4): its roles. Pure data with no
 * imports, like plants.ts.
 */
export const ROLES = ['operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
