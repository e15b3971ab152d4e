import type * as z from 'zod/mini';
import { InvalidInputError } from '../errors.js';
import { joinPath } from '../chat/guard.js';

/** Parses one argument at a boundary; a failure is an `InvalidInputError` naming the field. */
export function parseInput<T extends z.ZodMiniType>(schema: T, value: unknown, name: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidInputError(
    result.error.issues.slice(0, 20).map((issue) => ({
      path: joinPath([name, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p.description) : p))]),
      message: issue.message,
    })),
  );
}
