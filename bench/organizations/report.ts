import { measurementRows, pad, runFooter, type MeasuredMethod, type Measurement, type ResultHeader, type TargetResult } from '../report.js';
import type { BenchCall, Prepared } from '../measure-calls.js';
import { targets, type TargetName } from '../targets.js';
import type { WalkResult } from './calls.js';
import type { SeedResult } from './seed.js';

/**
 * The one target that carries over from the sts scenario: gatehouse should answer at least 20 times moto's req/s.
 * gatehouse/ceiling has no target here: the ceiling answers fixed bytes, while gatehouse pages through 10,000
 * accounts in its store; that ratio says what the store and serializing cost on top of the HTTP pipeline.
 */
export const organizationsRatioTargets = { gatehouseOverMoto: 20, gatehouseOverCeiling: null } as const;

export interface CallTargetResult extends TargetResult {
  /** Bytes of the reply body and the items in it (moto answers every child to ListChildren, ignoring MaxResults). */
  readonly replyBytes: number;
  readonly itemsPerReply: number;
}

export interface CallRatio {
  readonly connections: number;
  readonly gatehouseOverMoto: number | null;
  readonly meetsGatehouseOverMoto: boolean | null;
  /** Informational: no target (see organizationsRatioTargets). */
  readonly gatehouseOverCeiling: number | null;
  readonly gatehouseOverCeilingByCpu: number | null;
}

export interface CallResult {
  readonly description: string;
  readonly operation: string;
  /** The JSON body sent to gatehouse (ids and tokens differ per server; the shape is the same). */
  readonly gatehouseRequestBody: string;
  readonly targets: Partial<Record<TargetName, CallTargetResult>>;
  readonly ratios: readonly CallRatio[];
}

/** How a scenario that measures calls beside moto and the ceiling says it measured them. */
export interface CallsMethod extends MeasuredMethod {
  readonly calls: string;
  readonly signing: string;
  readonly preflight: string;
  readonly ceiling: string;
}

/** What the results of the scenarios measuring calls (organizations, identity-center, portal) share. */
export interface CallsResult extends ResultHeader {
  readonly method: CallsMethod;
  readonly calls: Readonly<Record<string, CallResult>>;
  /** gatehouse/moto >= 20 where moto serves the call; gatehouse/ceiling is for reading only. */
  readonly ratioTargets: typeof organizationsRatioTargets;
}

export interface OrganizationsResult extends CallsResult {
  readonly organization: {
    readonly accounts: number;
    readonly ous: number;
    readonly nestedOus: number;
    readonly accountsPerOu: number;
    readonly shape: string;
  };
  /** Building the organization through the SDK: a real use (bulk setup), measured on each server. */
  readonly seed: Partial<Record<TargetName, SeedResult>>;
  readonly seedGatehouseOverMoto: number | null;
  /** Listing every account, one ListAccounts page (MaxResults 20) at a time, sequentially through the SDK. */
  readonly walk: Partial<Record<TargetName, WalkResult>>;
  readonly method: CallsMethod & { readonly seeding: string };
}

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

export function callRatios(connectionsList: readonly number[], targets: Partial<Record<TargetName, TargetResult>>): CallRatio[] {
  const at = (name: TargetName, connections: number): Measurement | undefined =>
    targets[name]?.measurements.find((m) => m.connections === connections);
  return connectionsList.map((connections) => {
    const g = at('gatehouse', connections);
    const m = at('moto', connections);
    const c = at('ceiling', connections);
    const overMoto = g && m?.requestsPerSecond ? round(g.requestsPerSecond / m.requestsPerSecond, 1) : null;
    return {
      connections,
      gatehouseOverMoto: overMoto,
      meetsGatehouseOverMoto: overMoto === null ? null : overMoto >= organizationsRatioTargets.gatehouseOverMoto,
      gatehouseOverCeiling: g && c?.requestsPerSecond ? round(g.requestsPerSecond / c.requestsPerSecond, 3) : null,
      gatehouseOverCeilingByCpu:
        g?.serverCpuUsPerRequest && c?.serverCpuUsPerRequest ? round(c.serverCpuUsPerRequest / g.serverCpuUsPerRequest, 3) : null,
    };
  });
}

/**
 * Each call's result on each target that ran it, with the ratios. `describe` may say more about a target than its
 * own description (moto's settings in a scenario); the ceiling is always the same: gatehouse's bytes, nothing behind.
 */
export function callResults(
  targetList: readonly TargetName[],
  calls: readonly BenchCall[],
  prepared: ReadonlyMap<TargetName, Prepared>,
  measurements: ReadonlyMap<string, ReadonlyMap<TargetName, readonly Measurement[]>>,
  connections: readonly number[],
  describe: (target: TargetName) => string | undefined,
): Record<string, CallResult> {
  const out: Record<string, CallResult> = {};
  for (const call of calls) {
    const results: Partial<Record<TargetName, CallTargetResult>> = {};
    for (const targetName of targetList) {
      const p = prepared.get(targetName)?.calls.get(call.key);
      if (!p) continue;
      results[targetName] = {
        description:
          targetName === 'ceiling'
            ? "bare node:http in a child process answering, for this request's X-Amz-Target and body, the exact bytes " +
              'gatehouse answered it in the pre-flight; no signature check, no store'
            : (describe(targetName) ?? targets[targetName].description),
        keepsConnectionsOpen: p.keepAlive,
        replyBytes: p.replyBytes,
        itemsPerReply: p.items,
        measurements: [...(measurements.get(call.key)?.get(targetName) ?? [])],
      };
    }
    out[call.key] = {
      description: call.description,
      operation: call.operation,
      gatehouseRequestBody: prepared.get('gatehouse')?.calls.get(call.key)?.request.body ?? '',
      targets: results,
      ratios: callRatios(connections, results),
    };
  }
  return out;
}

/** The printed rows of measured calls: each call's measurements per target, then its ratios. */
export function callRows(calls: Readonly<Record<string, CallResult>>): string[] {
  const out: string[] = [];
  for (const [key, call] of Object.entries(calls)) {
    out.push('', `${key}: ${call.description}`);
    out.push(...measurementRows(call.targets));
    const ratioWidths = [10, 6, 22, 20, 16];
    out.push(
      pad(
        ['ratio', 'conns', `gatehouse/moto (>=${organizationsRatioTargets.gatehouseOverMoto})`, 'gatehouse/ceiling', 'g/c by CPU/req'],
        ratioWidths,
      ),
    );
    for (const r of call.ratios) {
      out.push(
        pad(
          [
            '',
            String(r.connections),
            r.gatehouseOverMoto === null ? '-' : `${r.gatehouseOverMoto.toFixed(1)} ${r.meetsGatehouseOverMoto ? 'ok' : 'BELOW'}`,
            r.gatehouseOverCeiling === null ? '-' : r.gatehouseOverCeiling.toFixed(3),
            r.gatehouseOverCeilingByCpu === null ? '-' : r.gatehouseOverCeilingByCpu.toFixed(3),
          ],
          ratioWidths,
        ),
      );
    }
  }
  return out;
}

export function organizationsTable(result: OrganizationsResult): string {
  const out: string[] = [];
  const o = result.organization;
  out.push(`organization: ${o.accounts} accounts in ${o.ous} OUs (${o.nestedOus} nested), ${o.accountsPerOu} per OU`);
  const seedWidths = [10, 8, 11, 7, 16, 16, 13, 12, 11];
  out.push(
    pad(
      ['seed', 'seconds', 'accounts/s', 'OUs s', 'CreateAccount', 'MoveAccount', 'status polls', 'server CPU%', 'client CPU%'],
      seedWidths,
    ),
  );
  for (const [name, s] of Object.entries(result.seed)) {
    const op = (key: string): string => {
      const stats = s.operations[key];
      return stats ? `${stats.meanMs.toFixed(1)} ms mean` : '-';
    };
    out.push(
      pad(
        [
          name,
          s.seconds.toFixed(1),
          s.accountsPerSecond.toFixed(0),
          s.phaseSeconds.createOus.toFixed(2),
          op('CreateAccount'),
          op('MoveAccount'),
          String(s.operations['DescribeCreateAccountStatus']?.calls ?? 0),
          s.accountsPhaseCpuPercent.server === null ? '-' : s.accountsPhaseCpuPercent.server.toFixed(0),
          s.accountsPhaseCpuPercent.client.toFixed(0),
        ],
        seedWidths,
      ),
    );
  }
  if (result.seedGatehouseOverMoto !== null) out.push(`seed accounts/s gatehouse/moto: ${result.seedGatehouseOverMoto}`);
  for (const [name, w] of Object.entries(result.walk)) {
    out.push(`walk ${name}: ${w.pages} ListAccounts pages (${w.accounts} accounts) in ${w.seconds} s, ${w.pagesPerSecond} pages/s`);
  }

  out.push(...callRows(result.calls));
  out.push('', runFooter(result, 'point'));
  return `${out.join('\n')}\n`;
}
