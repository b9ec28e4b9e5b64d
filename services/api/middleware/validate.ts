import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { ValidationError, type FieldError } from '../../../shared/domain/errors';

/** Turns zod issues into field errors named by their dotted path. */
export function fieldErrors(error: z.ZodError, root: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'is not a known field' }));
    }
    return [{ field: path.join('.') || root, message: issue.message }];
  });
}

/** Parses `value` or throws a ValidationError naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, root = 'body'): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(fieldErrors(result.error, root));
  return result.data;
}

/** Validates the JSON body in place: handlers read a typed, cleaned `req.body`. */
export function validateBody(schema: z.ZodType): RequestHandler {
  return (req, _res, next) => {
    req.body = parse(schema, req.body ?? {});
    next();
  };
}
