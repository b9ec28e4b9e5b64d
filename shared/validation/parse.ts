import type { z } from 'zod';
import { ValidationError, type FieldError } from '../domain/errors';
import './messages';

/** Turns zod issues into field errors named by their dotted path (`readings.3.moisture`), `root` for the whole value. */
export function fieldErrors(error: z.ZodError, root: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'is not a known field' }));
    }
    return [{ field: path.join('.') || root, message: issue.message }];
  });
}

/** Parses `value` with `schema`, or throws a ValidationError (400) naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, root = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(fieldErrors(result.error, root));
  return result.data;
}
