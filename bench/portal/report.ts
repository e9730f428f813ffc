import { callRows, organizationsRatioTargets, type CallResult } from '../organizations/report.js';
import { runFooter, type MeasuredMethod, type ResultHeader } from '../report.js';

export interface PortalResult extends ResultHeader {
  readonly seed: { readonly how: string; readonly seconds: number };
  readonly method: MeasuredMethod & {
    readonly calls: string;
    readonly signing: string;
    readonly preflight: string;
    readonly ceiling: string;
    readonly moto: string;
  };
  readonly calls: Readonly<Record<string, CallResult>>;
  /** As in the organizations scenario: gatehouse/moto >= 20 where moto serves the call; gatehouse/ceiling to read. */
  readonly ratioTargets: typeof organizationsRatioTargets;
}

export function portalTable(result: PortalResult): string {
  const out = [`seed: ${result.seed.seconds} s (${result.seed.how})`, ...callRows(result.calls), '', runFooter(result, 'point')];
  return `${out.join('\n')}\n`;
}
