import type { CompiledPolicy } from './compile.js';

// Which services a set of identity policies can grant anything of: the access report evaluates every action of
// those services rather than of all four hundred. An Allow with `*`, NotAction or a wildcard in the service part
// may grant any service.

export interface ServiceScope {
  /** Some Allow may cover any service. */
  readonly all: boolean;
  /** Lower-cased prefixes Allow statements name (when not `all`). */
  readonly prefixes: ReadonlySet<string>;
}

export function servicesAllowedBy(policies: readonly CompiledPolicy[]): ServiceScope {
  const prefixes = new Set<string>();
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (statement.effect !== 'Allow') continue;
      const actions = statement.actions;
      if (statement.notAction || actions.all || actions.crossService.length > 0) return { all: true, prefixes: new Set() };
      for (const service of actions.byService.keys()) prefixes.add(service);
    }
  }
  return { all: false, prefixes };
}
