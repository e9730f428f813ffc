import type { MeasureConfig } from './config.js';
import { assertAnswers, type BodyCheck } from './http-check.js';
import type { LoadGenerator } from './load/load-generator.js';
import { measurePoint } from './measure.js';
import type { Measurement } from './report.js';
import { signCall, type SignedRequest, type UnsignedCall } from './signed-request.js';
import { progress } from './measure.js';
import { targets, type CeilingReply, type StartedServer, type TargetName } from './targets.js';

// What the scenarios that measure several calls on seeded servers share: each call signed for each server and
// checked (twice) before it is measured, the ceiling answering gatehouse's own replies, and the measurement loop.

/** Makes a call's request for one target itself: for calls not signed with the server's own key. */
export type RequestFor = (target: TargetName, server: StartedServer) => Promise<SignedRequest>;

/** One measured call: what to send and what a correct answer is. */
export interface BenchCall {
  readonly key: string;
  readonly description: string;
  readonly operation: string;
  /** Signed with the target's credentials, or made by the call for each target. */
  readonly call: UnsignedCall | RequestFor;
  readonly check: BodyCheck;
  /** Every answer is new (GetRoleCredentials mints credentials): the replayed request must answer as well, not the same. */
  readonly freshAnswers?: boolean;
  /** How many items a reply carries (accounts, users, assignments), for the record. */
  readonly items: (body: string) => number;
}

export interface PreparedCall {
  readonly request: SignedRequest;
  readonly replyBytes: number;
  readonly items: number;
  readonly keepAlive: boolean;
  readonly body: string;
  readonly contentType: string;
}

export interface Prepared {
  readonly server: StartedServer;
  /** By call key. */
  readonly calls: Map<string, PreparedCall>;
}

/** Signs each call for one server and checks, twice, that it answers 200 with the expected body, the same one unless
 * the call's answers are fresh each time. */
export async function prepareCalls(name: TargetName, server: StartedServer, calls: readonly BenchCall[]): Promise<Prepared> {
  const out = new Map<string, PreparedCall>();
  for (const call of calls) {
    const request = typeof call.call === 'function' ? await call.call(name, server) : await signCall(server.url, server.credentials, call.call);
    const what = `${call.key} (${call.operation} ${request.method} ${request.url} ${request.body})`;
    const first = await assertAnswers(name, request, call.check, what);
    // The same signed bytes are replayed for seconds: the second answer must be as good, and the same.
    const second = await assertAnswers(name, request, call.check, what);
    if (call.freshAnswers !== true && withoutRequestId(second.body) !== withoutRequestId(first.body)) {
      throw new Error(`${name} answered the replayed ${what} differently:\n${first.body.slice(0, 500)}\n---\n${second.body.slice(0, 500)}`);
    }
    out.set(call.key, {
      request,
      replyBytes: Buffer.byteLength(first.body),
      items: call.items(first.body),
      keepAlive: first.keepAlive && second.keepAlive,
      body: first.body,
      contentType: first.contentType,
    });
  }
  return { server, calls: out };
}

/** awsQuery answers carry their request id in the body; two answers to the same request differ only there. */
function withoutRequestId(body: string): string {
  return body.replace(/<RequestId>[^<]*<\/RequestId>/, '<RequestId/>');
}

/** For the ceiling: each request answered with the exact bytes gatehouse answered it. */
export function ceilingReplies(calls: readonly BenchCall[], gatehouse: Prepared): CeilingReply[] {
  return calls.map((call) => {
    const seen = gatehouse.calls.get(call.key)!;
    return { amzTarget: seen.request.headers['x-amz-target'] ?? '', requestBody: seen.request.body, contentType: seen.contentType, body: seen.body };
  });
}

/**
 * For each call, each concurrency, each target in turn (so the two numbers a ratio divides are seconds apart): a
 * discarded warm-up, then the measurement. Refuses a load generator that cannot follow a server closing connections.
 */
export async function measureCalls(
  order: readonly TargetName[],
  calls: readonly BenchCall[],
  prepared: ReadonlyMap<TargetName, Prepared>,
  generator: LoadGenerator,
  settings: MeasureConfig,
): Promise<Map<string, Map<TargetName, Measurement[]>>> {
  for (const [targetName, p] of prepared) {
    if ([...p.calls.values()].some((c) => !c.keepAlive) && !generator.followsConnectionClose) {
      throw new Error(`${targetName} closes the connection after every response, which ${generator.name} cannot follow; use BENCH_LOADGEN=wrk`);
    }
  }
  const measurements = new Map<string, Map<TargetName, Measurement[]>>();
  for (const call of calls) {
    const byTarget = new Map<TargetName, Measurement[]>();
    measurements.set(call.key, byTarget);
    for (const connections of settings.connections) {
      for (const targetName of order) {
        const p = prepared.get(targetName);
        // A target may serve only some of the calls (moto has no portal API).
        const request = p?.calls.get(call.key)?.request;
        if (!p || !request) continue;
        const m = await measurePoint(generator, `${call.key} ${targetName}`, p.server.pid, request, connections, settings);
        let list = byTarget.get(targetName);
        if (!list) byTarget.set(targetName, (list = []));
        list.push(m);
      }
    }
  }
  return measurements;
}

export function parseJson(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The last steps of a calls scenario: the ceiling (when asked for) started with gatehouse's answers and its calls
 * checked, then every call measured on every target that was prepared. The ceiling joins `started`, so the
 * scenario's own cleanup stops it.
 */
export async function ceilingThenMeasure(
  scenario: string,
  targetList: readonly TargetName[],
  calls: readonly BenchCall[],
  prepared: Map<TargetName, Prepared>,
  started: Map<TargetName, StartedServer>,
  generator: LoadGenerator,
  settings: MeasureConfig,
): Promise<Map<string, Map<TargetName, Measurement[]>>> {
  if (targetList.includes('ceiling')) {
    progress(`${scenario}: starting ceiling`);
    const ceiling = await targets.ceiling.start({ ceilingReplies: ceilingReplies(calls, prepared.get('gatehouse')!) });
    started.set('ceiling', ceiling);
    prepared.set('ceiling', await prepareCalls('ceiling', ceiling, calls));
  }
  return measureCalls(
    targetList.filter((t) => prepared.has(t)),
    calls,
    prepared,
    generator,
    settings,
  );
}
