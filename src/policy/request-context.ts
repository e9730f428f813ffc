// The request's condition keys as the engine reads them. Condition key names are case-insensitive in IAM, so keys are
// lower-cased once here and conditions are compiled with lower-cased keys; values keep their case. Every value is a
// list (a single-valued key is a list of one), which lets one code path serve single- and multi-valued keys.

export type ContextValue = string | readonly string[];

/** Lower-cased key -> values. Build it with contextOf or requestContext (global-context.ts). */
export type RequestContext = ReadonlyMap<string, readonly string[]>;

export function contextOf(keys: Readonly<Record<string, ContextValue>>): RequestContext {
  const context = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(keys)) addKey(context, key, value);
  return context;
}

/** Sets a key (any case) on a context being built; a later value for the same key replaces an earlier one. */
export function addKey(context: Map<string, readonly string[]>, key: string, value: ContextValue): void {
  context.set(key.toLowerCase(), typeof value === 'string' ? [value] : value);
}
