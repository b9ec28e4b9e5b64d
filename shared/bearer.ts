/**
 * The token of an `Authorization: Bearer <token>` header: undefined without
 * a header, null for a header of another form. The one parser, for API
 * tokens and metrics scrapes alike.
 */
export function bearerToken(header: string | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  return /^Bearer (\S+)$/i.exec(header)?.[1] ?? null;
}
