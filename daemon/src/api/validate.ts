/** Validation of query strings and JSON bodies with zod; failures become 400/415 problems. */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { Problem } from '../contract/api.js';
import { FlowForgeError } from '../errors.js';

/** A validation failure with the zod issues to show the client. */
export class RequestValidationError extends FlowForgeError {
  readonly issues: NonNullable<Problem['issues']>;

  constructor(message: string, issues: NonNullable<Problem['issues']> = []) {
    super('VALIDATION_FAILED', message);
    this.issues = issues;
  }
}

function toIssues(error: z.ZodError): NonNullable<Problem['issues']> {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Parses the query string (each parameter at most once) with schema, or throws VALIDATION_FAILED. */
export function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const raw: Record<string, string> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) throw new RequestValidationError(`Query parameter ${name} is given more than once.`);
    raw[name] = values[0] ?? '';
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new RequestValidationError('The query string is invalid.', toIssues(result.error));
  return result.data;
}

/** Parses a JSON body with schema; 415 when not JSON, 400 when malformed or invalid. */
export async function parseJsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new FlowForgeError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Expected Content-Type application/json, got ${JSON.stringify(type.slice(0, 80))}.`,
    );
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RequestValidationError(
      `The body is not valid JSON: ${error instanceof Error ? error.message : 'parse error'}.`,
    );
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new RequestValidationError('The body is invalid.', toIssues(result.error));
  return result.data;
}

/** Parses a path parameter that must be a run id. */
export function readRunId(value: string | undefined): string {
  if (value === undefined || value.length === 0 || value.length > 128) {
    throw new RequestValidationError('The run id must be 1 to 128 characters.');
  }
  return value;
}
