/** What the API answers on a 4xx: RFC 9457 problem+json, field by field for bad input. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** A 4xx from the API, carrying its problem document. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }

  get status(): number {
    return this.problem.status;
  }

  /** Messages by field name (`name`, `every`…), for showing next to each input. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) out[e.field] ??= e.message;
    return out;
  }
}

/** Reads a problem from whatever an error response carried (a proxy may send HTML). */
export function toProblem(body: unknown, status: number): Problem {
  if (body && typeof body === 'object' && 'title' in body) return { status, ...(body as Omit<Problem, 'status'>) };
  return { type: 'about:blank', title: `HTTP ${status}`, status, detail: `The server answered ${status}.` };
}
