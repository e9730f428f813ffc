import { callRows, type CallsMethod, type CallsResult } from '../organizations/report.js';
import { pad, runFooter } from '../report.js';
import type { TargetName } from '../targets.js';
import type { PhaseTiming } from './bulk-seed.js';
import type { IdentityCenterPlan } from './plan.js';

export interface SeedSummary {
  readonly how: string;
  readonly plan: IdentityCenterPlan;
  readonly seconds: number;
  readonly phases: Readonly<Record<string, PhaseTiming | undefined>>;
  /** moto only: client-side latency per operation. */
  readonly operations?: Readonly<Record<string, unknown>>;
}

export interface IdentityCenterResult extends CallsResult {
  readonly directory: { readonly shape: string; readonly motoDivisor: number };
  readonly seed: Partial<Record<TargetName, SeedSummary>>;
  readonly method: CallsMethod & { readonly moto: string };
}

export function identityCenterTable(result: IdentityCenterResult): string {
  const out: string[] = [];
  const widths = [10, 9, 9, 8, 8, 12, 9, 16];
  out.push(pad(['seed', 'users', 'groups', 'perm sets', 'accounts', 'assignments', 'seconds', 'assignments/s'], widths));
  for (const [name, s] of Object.entries(result.seed)) {
    const p = s.plan;
    out.push(
      pad(
        [name, String(p.users), String(p.groups), String(p.permissionSets), String(p.accounts), String(p.assignments), s.seconds.toFixed(1), String(s.phases['assignments']?.perSecond ?? '-')],
        widths,
      ),
    );
    out.push(
      `  ${s.how}; ` +
        Object.entries(s.phases)
          .filter((entry): entry is [string, PhaseTiming] => entry[1] !== undefined)
          .map(([phase, t]) => `${phase} ${t.seconds} s (${t.perSecond}/s)`)
          .join(', '),
    );
  }
  out.push(...callRows(result.calls));
  out.push('', runFooter(result, 'point'));
  return `${out.join('\n')}\n`;
}
