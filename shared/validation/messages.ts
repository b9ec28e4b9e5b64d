import { z } from 'zod';

/**
 * Error messages written for people, for every zod schema in the process
 * (the API's contract and the CLI's arguments alike): installed once, the
 * first time this module is imported (parse.ts imports it). A message says
 * what the field must be, without the field's name, which the problem's
 * `errors[].field` carries: `kind` → "must be one of monstera, fig, pothos,
 * snake, succulent", `limit` → "must be at most 200". A schema's own message
 * (`.min(0, 'must be between 0 and 1')`) still wins.
 */

type Issue = z.core.$ZodRawIssue;

const NOUNS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function bound(issue: Extract<Issue, { code: 'too_big' | 'too_small' }>): string {
  const big = issue.code === 'too_big';
  const limit = Number(big ? issue.maximum : issue.minimum);
  if (issue.origin === 'string') {
    if (!big && limit === 1) return 'must not be empty';
    return `must be at ${big ? 'most' : 'least'} ${limit} characters`;
  }
  if (issue.origin === 'array' || issue.origin === 'set') return `must hold at ${big ? 'most' : 'least'} ${limit} item${limit === 1 ? '' : 's'}`;
  if (issue.inclusive === false) return `must be ${big ? 'less' : 'more'} than ${limit}`;
  return `must be at ${big ? 'most' : 'least'} ${limit}`;
}

/** The message for a zod issue, or undefined to keep zod's own (codes not listed here). */
export function messageFor(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${NOUNS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of ${issue.values.join(', ')}`;
    case 'too_big':
    case 'too_small':
      return bound(issue);
    case 'invalid_format':
      return `must be ${issue.format === 'email' ? 'an email address' : issue.format === 'uuid' ? 'a UUID' : `a valid ${issue.format}`}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return 'is not a known field';
    case 'invalid_union':
      return 'is not any of the accepted forms';
    default:
      return undefined;
  }
}

z.config({ customError: (issue) => messageFor(issue) });
