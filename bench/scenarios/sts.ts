import { loadavg } from 'node:os';
import { assertAnswers } from '../http-check.js';
import { measurePoint, progress } from '../measure.js';
import { measuredMethod, ratioTargets, ratios, resultHeader, table, type BenchResult, type Measurement, type TargetResult } from '../report.js';
import type { Scenario } from '../scenario.js';
import { signGetCallerIdentity, type SignedRequest } from '../signed-request.js';
import { targets, targetNames, type StartedServer, type TargetName } from '../targets.js';

// sts:GetCallerIdentity against a bare node:http ceiling, gatehouse and moto: the cost of gatehouse's whole request
// pipeline (route, SigV4, authorization, codec) on the cheapest signed call there is.

interface Running {
  readonly server: StartedServer;
  readonly request: SignedRequest;
  readonly keepAlive: boolean;
}

/** The round with the median req/s (the lower middle one of an even count), with every round's req/s. */
function medianRound(measured: readonly Measurement[]): Measurement {
  const sorted = [...measured].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!median) throw new Error('a point was never measured');
  return measured.length > 1 ? { ...median, roundsRequestsPerSecond: measured.map((m) => m.requestsPerSecond) } : median;
}

export const stsScenario: Scenario = {
  name: 'sts',
  resultName: 'sts-get-caller-identity',
  async run({ config, generator, machine, gatehouseSource, signerVersion }) {
    const settings = config.sts;
    const name = config.name ?? this.resultName;
    const loadBefore = loadavg()[0] ?? 0;

    // Every target is started (and checked) first, then each concurrency is measured on each target in turn: the
    // numbers a ratio divides are taken seconds apart, not a minute apart, which matters on a shared machine.
    // Idle targets wait in their own processes; only the one being measured gets requests.
    const running = new Map<TargetName, Running>();
    const measurements = new Map<TargetName, Measurement[]>();
    try {
      for (const targetName of config.targets) {
        progress(`sts: starting ${targetName}`);
        const server = await targets[targetName].start();
        try {
          // Signed after the server is ready, so the 15-minute validity window starts at the measurement.
          const request = await signGetCallerIdentity(server.url, server.credentials);
          const reply = await assertAnswers(targetName, request);
          running.set(targetName, { server, request, keepAlive: reply.keepAlive });
        } catch (error) {
          await server.stop();
          throw error;
        }
        if (!running.get(targetName)?.keepAlive && !generator.followsConnectionClose) {
          throw new Error(
            `${targetName} closes the connection after every response, which ${generator.name} cannot follow; use BENCH_LOADGEN=wrk`,
          );
        }
        measurements.set(targetName, []);
      }
      // Rounds, because this shared machine's speed drifts by a tenth or more within a minute: each round measures
      // every point once, and each point reports its median round.
      const rounds = new Map<string, Measurement[]>();
      for (let round = 1; round <= settings.rounds; round++) {
        for (const connections of settings.connections) {
          for (const [targetName, target] of running) {
            const label = settings.rounds > 1 ? `${targetName} (round ${round}/${settings.rounds})` : targetName;
            const m = await measurePoint(generator, label, target.server.pid, target.request, connections, settings);
            const key = `${targetName} ${connections}`;
            rounds.set(key, [...(rounds.get(key) ?? []), m]);
          }
        }
      }
      for (const [targetName] of running) {
        for (const connections of settings.connections) {
          measurements.get(targetName)?.push(medianRound(rounds.get(`${targetName} ${connections}`) ?? []));
        }
      }
    } finally {
      await Promise.all([...running.values()].map((target) => target.server.stop()));
    }
    const loadAfter = loadavg()[0] ?? 0;

    const results: BenchResult['targets'] = {};
    for (const [targetName, target] of running) {
      const result: TargetResult = {
        description: targets[targetName].description,
        keepsConnectionsOpen: target.keepAlive,
        measurements: measurements.get(targetName) ?? [],
      };
      results[targetName] = result;
    }

    const date = new Date();
    const result: BenchResult = {
      ...resultHeader(name, date, machine, gatehouseSource, loadBefore, loadAfter),
      method: {
        call: 'sts:GetCallerIdentity (awsQuery)',
        request:
          'POST / with body Action=GetCallerIdentity&Version=2011-06-15, ' +
          'content-type application/x-www-form-urlencoded; charset=utf-8, keep-alive, no pipelining',
        signing:
          `SigV4 by @smithy/signature-v4 ${signerVersion} for sts/us-east-1, signed once per target and the same ` +
          'headers replayed for every request (a signature stays valid for 15 minutes); moto and the ceiling get dummy keys',
        ...measuredMethod(
          generator,
          settings,
          `all targets started first; then ${settings.rounds} round(s), each measuring every concurrency on each target ` +
            `in turn (${config.targets.join(', ')}): a discarded warm-up, then the measurement; each point reported is ` +
            'its median round by req/s (the lower middle one when even), with every round\'s req/s beside it',
        ),
      },
      targets: results,
      ratioTargets,
      ratios: ratios(settings.connections, results),
    };
    return {
      name,
      date,
      result,
      table: table(result),
      complete: targetNames.every((targetName) => results[targetName] !== undefined),
    };
  },
};
