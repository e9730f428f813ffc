import { CHILD_CONTROL, VALUE_OPERATORS, isJsonObject, type JsonObject, type JsonValue, type ValueOperator } from './policy-document.js';

// The effective policy of a management policy type for one account: the policies attached along the path from the
// root down to the account, merged with AWS's inheritance operators ("Understanding management policy inheritance").
// Pure: documents in, one document out.
//
//   @@assign   replaces the inherited value (single- or multi-valued); adds it if not inherited.
//   @@append   adds values to an inherited array (multi-valued settings only).
//   @@remove   removes values from an inherited array.
//   @@operators_allowed_for_child_policies  ["@@all"] (default), ["@@none"] or a subset of the three: what policies
//              attached further down may do to this node and everything under it. Restrictions from several
//              policies intersect, and a child can never widen them.
//
// Policies attached to the same target merge in the order they were attached; where two of them @@assign the same
// setting, the first attached wins (AWS's example 6). A child-control operator restricts the levels below the one
// that declares it, not the policies beside it. A setting written without an operator is an @@assign. Operations a
// restriction forbids are skipped and reported (ListEffectivePolicyValidationErrors reads the reports).

export interface AttachedDocument {
  readonly policyId: string;
  readonly document: JsonObject;
}

export interface MergeViolation {
  /** Dotted path of the setting, e.g. tags.costcenter.tag_value */
  readonly path: string;
  readonly operator: ValueOperator;
  /** The policy whose operator was refused, and the policies whose restriction refused it. */
  readonly policyId: string;
  readonly restrictedBy: readonly string[];
}

export interface MergeResult {
  readonly document: JsonObject;
  readonly violations: readonly MergeViolation[];
}

type Path = readonly string[];
type Mutable = { [key: string]: MutableValue };
type MutableValue = null | boolean | number | string | MutableValue[] | Mutable;

/** The child-control declarations made on one node: an operator is allowed only if every one allows it. */
type Restriction = readonly { readonly allowed: ReadonlySet<ValueOperator>; readonly by: string }[];

/** `levels`: root first, account last; each level's documents in attachment order. */
export function mergeEffectivePolicy(levels: readonly (readonly AttachedDocument[])[]): MergeResult {
  const effective = emptyObject();
  const violations: MergeViolation[] = [];
  // Restrictions in force for the level being merged, by path key; declared ones join them after their level.
  let restrictions = new Map<string, Restriction>();
  for (const level of levels) {
    const declared = new Map<string, Restriction>();
    const assignedHere = new Set<string>();
    for (const { policyId, document } of level) {
      const merge: MergeContext = { policyId, effective, restrictions, declared, assignedHere, violations };
      mergeNode(merge, document, []);
    }
    restrictions = combine(restrictions, declared);
  }
  return { document: effective as JsonObject, violations };
}

interface MergeContext {
  readonly policyId: string;
  readonly effective: Mutable;
  readonly restrictions: ReadonlyMap<string, Restriction>;
  readonly declared: Map<string, Restriction>;
  readonly assignedHere: Set<string>;
  readonly violations: MergeViolation[];
}

function mergeNode(ctx: MergeContext, node: JsonObject, path: Path): void {
  const control = node[CHILD_CONTROL];
  if (Array.isArray(control)) declare(ctx, path, control as readonly JsonValue[]);
  const operators = VALUE_OPERATORS.filter((op) => op in node);
  if (operators.length > 0) {
    for (const op of operators) apply(ctx, path, op, node[op] as JsonValue);
    return;
  }
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith('@@')) continue;
    if (isJsonObject(child)) mergeNode(ctx, child, [...path, key]);
    else apply(ctx, [...path, key], '@@assign', child);
  }
}

function declare(ctx: MergeContext, path: Path, values: readonly JsonValue[]): void {
  const allowed = new Set<ValueOperator>();
  for (const v of values) {
    if (v === '@@all') VALUE_OPERATORS.forEach((op) => allowed.add(op));
    else if ((VALUE_OPERATORS as readonly JsonValue[]).includes(v)) allowed.add(v as ValueOperator);
  }
  const key = pathKey(path);
  ctx.declared.set(key, [...(ctx.declared.get(key) ?? []), { allowed, by: ctx.policyId }]);
}

function apply(ctx: MergeContext, path: Path, op: ValueOperator, operand: JsonValue): void {
  const refusedBy = refusal(ctx.restrictions, path, op);
  if (refusedBy) {
    ctx.violations.push({ path: path.join('.'), operator: op, policyId: ctx.policyId, restrictedBy: refusedBy });
    return;
  }
  const key = pathKey(path);
  const current = get(ctx.effective, path);
  switch (op) {
    case '@@assign':
      if (ctx.assignedHere.has(key)) return;
      ctx.assignedHere.add(key);
      set(ctx.effective, path, clone(operand));
      return;
    case '@@append': {
      const values = current === undefined ? [] : asArray(current);
      for (const v of asArray(clone(operand))) if (!values.some((x) => equal(x, v))) values.push(v);
      set(ctx.effective, path, values);
      return;
    }
    case '@@remove': {
      if (current === undefined) return;
      const removed = asArray(operand as MutableValue);
      set(ctx.effective, path, asArray(current).filter((x) => !removed.some((r) => equal(x, r))));
      return;
    }
  }
}

/** The policies whose restrictions forbid `op` at `path` (declared on it or on any node above it), if any do. */
function refusal(restrictions: ReadonlyMap<string, Restriction>, path: Path, op: ValueOperator): readonly string[] | undefined {
  const by: string[] = [];
  for (let i = 0; i <= path.length; i++) {
    for (const d of restrictions.get(pathKey(path.slice(0, i))) ?? []) if (!d.allowed.has(op)) by.push(d.by);
  }
  return by.length > 0 ? [...new Set(by)] : undefined;
}

function combine(a: ReadonlyMap<string, Restriction>, b: ReadonlyMap<string, Restriction>): Map<string, Restriction> {
  const out = new Map(a);
  for (const [key, r] of b) out.set(key, [...(out.get(key) ?? []), ...r]);
  return out;
}

function pathKey(path: Path): string {
  return JSON.stringify(path);
}

function get(root: Mutable, path: Path): MutableValue | undefined {
  let node: MutableValue | undefined = root;
  for (const key of path) {
    if (!node || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) return undefined;
    node = (node as Mutable)[key];
  }
  return node;
}

function set(root: Mutable, path: Path, value: MutableValue): void {
  let node = root;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next && typeof next === 'object' && !Array.isArray(next)) {
      node = next;
    } else {
      // Settings below a scalar or list replace it: the later policy describes a structure there.
      const created = emptyObject();
      node[key] = created;
      node = created;
    }
  }
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

// Without a prototype, a policy key such as "__proto__" is just a key.
function emptyObject(): Mutable {
  return Object.create(null) as Mutable;
}

function asArray(value: MutableValue): MutableValue[] {
  return Array.isArray(value) ? [...value] : [value];
}

function clone(value: JsonValue): MutableValue {
  return value === null || typeof value !== 'object' ? value : (JSON.parse(JSON.stringify(value)) as MutableValue);
}

function equal(a: MutableValue, b: MutableValue): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
