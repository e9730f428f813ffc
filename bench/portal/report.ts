import { callRows, type CallsMethod, type CallsResult } from '../organizations/report.js';
import { runFooter } from '../report.js';

export interface PortalResult extends CallsResult {
  readonly seed: { readonly how: string; readonly seconds: number };
  readonly method: CallsMethod & { readonly moto: string };
}

export function portalTable(result: PortalResult): string {
  const out = [`seed: ${result.seed.seconds} s (${result.seed.how})`, ...callRows(result.calls), '', runFooter(result, 'point')];
  return `${out.join('\n')}\n`;
}
