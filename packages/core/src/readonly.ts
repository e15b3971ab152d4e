import type * as z from 'zod/mini';

/** Read-only all the way down: what core hands out is frozen or shared, and its types say so. */
export type DeepReadonly<T> = T extends readonly (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The value a schema parses to, read-only all the way down: every shape core defines as a schema is typed this way. */
export type Parsed<Schema extends z.ZodMiniType> = DeepReadonly<z.output<Schema>>;
