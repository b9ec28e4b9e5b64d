import { ApiError } from '../api/problem';

/** What a form shows for a failed submit: field messages next to fields, the rest as one message. */
export interface FormErrors {
  fields: Record<string, string>;
  message?: string;
}

export const NO_ERRORS: FormErrors = { fields: {} };

/** An ApiError's problem split for a form; anything else is rethrown (the gate handles outages). */
export function formErrors(err: unknown, fieldMessage = 'Check the fields marked below.'): FormErrors {
  if (!(err instanceof ApiError)) throw err;
  const fields = err.fieldErrors();
  return Object.keys(fields).length > 0 ? { fields, message: fieldMessage } : { fields, message: err.message };
}
