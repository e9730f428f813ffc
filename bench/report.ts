import type { MeasureConfig } from './config.js';
import type { LoadGenerator, LoadResult } from './load/load-generator.js';
import type { Machine, SourceVersion } from './machine.js';
import type { TargetName } from './targets.js';

/** The targets the issue sets for gatehouse's throughput, as ratios of req/s at the same concurrency. */
export const ratioTargets = { gatehouseOverCeiling: 0.5, gatehouseOverMoto: 20 } as const;

/** How every scenario's points were measured, as its result records it. */
export interface MeasuredMethod {
  readonly loadGenerator: { readonly name: string; readonly version: string; readonly where: string };
  readonly connections: readonly number[];
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly order: string;
}

export interface Measurement {
  readonly connections: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly seconds: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Server CPU (all threads) over the measurement: ~100 means one busy core; null where /proc is missing. */
  readonly serverCpuPercent: number | null;
  /** Server CPU time per completed request, in microseconds: steadier than req/s on a busy machine. */
  readonly serverCpuUsPerRequest: number | null;
  /** Where a point was measured in several rounds (sts): every round's req/s, in the order measured; the rest of
   * the measurement is the median round's. */
  readonly roundsRequestsPerSecond?: readonly number[];
}

export interface TargetResult {
  readonly description: string;
  /** False for moto: Werkzeug sends `Connection: close`, so each of its requests includes a new TCP connection. */
  readonly keepsConnectionsOpen: boolean;
  readonly measurements: readonly Measurement[];
}

export interface Ratio {
  readonly connections: number;
  readonly gatehouseOverCeiling: number | null;
  readonly gatehouseOverMoto: number | null;
  /**
   * Ceiling CPU per request / gatehouse CPU per request: the throughput ratio both would have if each were held to
   * one busy core. Not the target, but far less moved by other work on the machine than req/s.
   */
  readonly gatehouseOverCeilingByCpu: number | null;
  readonly meetsGatehouseOverCeiling: boolean | null;
  readonly meetsGatehouseOverMoto: boolean | null;
}

/** The method fields every scenario that runs a load generator records the same way; `order` says in what order it
 * measured. */
export function measuredMethod(generator: LoadGenerator, settings: MeasureConfig, order: string): MeasuredMethod {
  return {
    loadGenerator: { name: generator.name, version: generator.version, where: generator.where },
    connections: settings.connections,
    warmupSeconds: settings.warmupSeconds,
    durationSeconds: settings.durationSeconds,
    order,
  };
}

/** What every scenario's result starts with: what ran, when, where, and how busy the machine was. */
export interface ResultHeader {
  readonly name: string;
  readonly date: string;
  readonly machine: Machine;
  /** The machine's 1-minute load average around the run: well above 0 means other work shared the CPUs. */
  readonly loadAverage1m: { readonly before: number; readonly after: number };
  readonly gatehouseSource: SourceVersion;
}

export function resultHeader(name: string, date: Date, machine: Machine, gatehouseSource: SourceVersion, loadBefore: number, loadAfter: number): ResultHeader {
  return {
    name,
    date: date.toISOString(),
    machine,
    loadAverage1m: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadAfter * 100) / 100 },
    gatehouseSource,
  };
}

export interface BenchResult extends ResultHeader {
  readonly method: MeasuredMethod & {
    readonly call: string;
    readonly request: string;
    readonly signing: string;
  };
  readonly targets: Partial<Record<TargetName, TargetResult>>;
  readonly ratioTargets: typeof ratioTargets;
  readonly ratios: readonly Ratio[];
}

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

export function measurement(connections: number, r: LoadResult, serverCpuSeconds: number | undefined): Measurement {
  return {
    connections,
    requestsPerSecond: Math.round(r.requestsPerSecond),
    p50Ms: round(r.p50Ms, 3),
    p99Ms: round(r.p99Ms, 3),
    requests: r.requests,
    seconds: round(r.seconds, 2),
    non2xx: r.non2xx,
    errors: r.errors,
    serverCpuPercent: serverCpuSeconds === undefined ? null : round((100 * serverCpuSeconds) / r.seconds, 1),
    serverCpuUsPerRequest: serverCpuSeconds === undefined ? null : round((1e6 * serverCpuSeconds) / r.requests, 1),
  };
}

export function ratios(connectionsList: readonly number[], targets: Partial<Record<TargetName, TargetResult>>): Ratio[] {
  const at = (name: TargetName, connections: number): Measurement | undefined =>
    targets[name]?.measurements.find((m) => m.connections === connections);
  const rps = (name: TargetName, connections: number): number | undefined => at(name, connections)?.requestsPerSecond;
  return connectionsList.map((connections) => {
    const g = rps('gatehouse', connections);
    const c = rps('ceiling', connections);
    const m = rps('moto', connections);
    const overCeiling = g !== undefined && c ? round(g / c, 3) : null;
    const overMoto = g !== undefined && m ? round(g / m, 1) : null;
    const gCpu = at('gatehouse', connections)?.serverCpuUsPerRequest;
    const cCpu = at('ceiling', connections)?.serverCpuUsPerRequest;
    const byCpu = gCpu && cCpu ? round(cCpu / gCpu, 3) : null;
    return {
      connections,
      gatehouseOverCeiling: overCeiling,
      gatehouseOverMoto: overMoto,
      gatehouseOverCeilingByCpu: byCpu,
      meetsGatehouseOverCeiling: overCeiling === null ? null : overCeiling >= ratioTargets.gatehouseOverCeiling,
      meetsGatehouseOverMoto: overMoto === null ? null : overMoto >= ratioTargets.gatehouseOverMoto,
    };
  });
}

export function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
}

/** One row per target and concurrency: the part of the printed table every scenario shares. */
export function measurementRows(targets: Partial<Record<TargetName, TargetResult>>, label = 'target'): string[] {
  const out: string[] = [];
  const widths = [10, 6, 10, 9, 9, 8, 12];
  out.push(pad([label, 'conns', 'req/s', 'p50 ms', 'p99 ms', 'CPU %', 'CPU us/req'], widths));
  for (const [name, target] of Object.entries(targets)) {
    for (const m of target.measurements) {
      out.push(
        pad(
          [
            name,
            String(m.connections),
            m.requestsPerSecond.toLocaleString('en-US'),
            m.p50Ms.toFixed(3),
            m.p99Ms.toFixed(3),
            m.serverCpuPercent === null ? '-' : m.serverCpuPercent.toFixed(0),
            m.serverCpuUsPerRequest === null ? '-' : m.serverCpuUsPerRequest.toFixed(1),
          ],
          widths,
        ),
      );
    }
  }
  return out;
}

export function table(result: BenchResult): string {
  const out = measurementRows(result.targets);
  const shown = (value: number | null, meets: boolean | null, places: number): string =>
    value === null ? '-' : `${value.toFixed(places)} ${meets ? 'ok' : 'BELOW'}`;
  out.push('');
  const ratioWidths = [10, 6, 26, 22, 18];
  out.push(
    pad(
      [
        'ratio',
        'conns',
        `gatehouse/ceiling (>=${ratioTargets.gatehouseOverCeiling})`,
        `gatehouse/moto (>=${ratioTargets.gatehouseOverMoto})`,
        'g/c by CPU/req',
      ],
      ratioWidths,
    ),
  );
  for (const r of result.ratios) {
    out.push(
      pad(
        [
          '',
          String(r.connections),
          shown(r.gatehouseOverCeiling, r.meetsGatehouseOverCeiling, 3),
          shown(r.gatehouseOverMoto, r.meetsGatehouseOverMoto, 1),
          r.gatehouseOverCeilingByCpu === null ? '-' : r.gatehouseOverCeilingByCpu.toFixed(3),
        ],
        ratioWidths,
      ),
    );
  }
  out.push('', runFooter(result, 'concurrency'));
  return `${out.join('\n')}\n`;
}

/** The last line of a printed table: the machine, the load generator and the timing, for any scenario's result. */
export function runFooter(
  result: Pick<BenchResult, 'machine' | 'loadAverage1m'> & {
    readonly method: Pick<BenchResult['method'], 'loadGenerator' | 'warmupSeconds' | 'durationSeconds'>;
  },
  per: string,
): string {
  const { machine: m, method, loadAverage1m: load } = result;
  return (
    `${m.os}, ${m.cpus} x ${m.cpuModel}, node ${m.node}, moto ${m.moto}; ` +
    `${method.loadGenerator.name} ${method.loadGenerator.version}, ${method.warmupSeconds} s warm-up + ` +
    `${method.durationSeconds} s per ${per}; load average ${load.before} -> ${load.after}`
  );
}
