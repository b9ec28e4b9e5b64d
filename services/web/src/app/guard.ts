import type { User } from '../api/types';
import type { Place } from './router';

const PUBLIC = new Set(['/signin', '/register']);

/**
 * Where a person may not be, and where to send them instead (null: stay):
 * nobody signed in → sign in, remembering the page; a temporary password →
 * the password page and nowhere else; signed in on a sign-in page → their
 * plants; the bare root → the plants.
 */
export function guard(place: Place, user: User | null): string | null {
  const here = place.path + (place.query.size ? `?${place.query}` : '');
  if (!user) return PUBLIC.has(place.path) ? null : `/signin${place.path === '/' ? '' : `?next=${encodeURIComponent(here)}`}`;
  if (user.is_password_temp) return place.path === '/password' ? null : '/password';
  if (PUBLIC.has(place.path) || place.path === '/') return '/plants';
  return null;
}
