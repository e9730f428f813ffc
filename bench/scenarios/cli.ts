import { loadavg } from 'node:os';
import { progress } from '../measure.js';
import { pad, resultHeader, type ResultHeader } from '../report.js';
import type { Scenario } from '../scenario.js';
import { cachedHome, gatehouseBin, timeCommands, type Timing } from '../cli/start-times.js';
import { timePopulate, type PopulateTiming } from '../cli/populate-org.js';

// The developer CLI as its users wait for it: process start-up and a cached assume / credential-process with a
// ~/.aws/config of thousands of profiles (Granted #172: 10-20 s per assume at 7,000 lines before lazy parsing),
// beside an empty node process and Debian's AWS CLI doing the same; then `gatehouse populate` for a user with
// several roles in each of 1,000 accounts, against gatehouse (Granted #811: throttled at 620 of 665 accounts).

export interface CliResult extends ResultHeader {
  readonly method: {
    readonly timing: string;
    readonly runs: number;
    readonly warmupRuns: number;
    readonly configProfiles: number;
  };
  readonly startTimes: readonly Timing[];
  /** null when BENCH_CLI_ACCOUNTS=0. */
  readonly populate: PopulateTiming | null;
}

function table(result: CliResult): string {
  const widths = [38, 8, 10, 8];
  const out = [pad(['command', 'min ms', 'median ms', 'p90 ms'], widths)];
  for (const t of result.startTimes) out.push(pad([t.label, t.minMs.toFixed(1), t.medianMs.toFixed(1), t.p90Ms.toFixed(1)], widths));
  const p = result.populate;
  if (p) {
    out.push(
      '',
      `populate: ${p.accounts} accounts x ${p.rolesPerAccount} roles = ${p.profiles} profiles (${Math.round(p.configBytes / 1024)} KiB of config): ` +
        `first run ${p.firstRunSeconds.toFixed(2)} s (${p.portalCallsPerSecond} portal calls/s), then ${p.repeatRunSeconds.map((s) => s.toFixed(2)).join(', ')} s; ` +
        `seeding the server took ${p.seedSeconds.toFixed(1)} s`,
    );
  }
  const m = result.machine;
  out.push(
    '',
    `${m.os}, ${m.cpus} x ${m.cpuModel}, node ${m.node}; ${result.method.runs} runs after ${result.method.warmupRuns} warm-up, ` +
      `${result.method.configProfiles} profiles in ~/.aws/config; load average ${result.loadAverage1m.before} -> ${result.loadAverage1m.after}`,
  );
  return `${out.join('\n')}\n`;
}

export const cliScenario: Scenario = {
  name: 'cli',
  resultName: 'cli',
  async run({ config, machine, gatehouseSource }) {
    const settings = config.cli;
    const name = config.name ?? this.resultName;
    const loadBefore = loadavg()[0] ?? 0;
    progress(`cli: ${settings.profiles} profiles, ${settings.runs} runs per command`);
    const fixture = await cachedHome(settings.profiles);
    let startTimes: Timing[];
    try {
      const env = { PATH: process.env['PATH'], HOME: fixture.home, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
      const gatehouse = (label: string, what: string, ...args: string[]) => ({ label, what, command: process.execPath, args: [gatehouseBin, ...args] });
      startTimes = timeCommands(
        [
          { label: 'node -e 0', what: 'an empty Node process: the floor for any Node CLI', command: process.execPath, args: ['-e', '0'] },
          gatehouse('gatehouse --version', 'start-up: commander and every command definition, nothing else loaded', '--version'),
          gatehouse('gatehouse assume (cached)', 'read ~/.aws/config and the cached role credentials, print the exports', 'assume', fixture.profile),
          gatehouse('gatehouse credential-process (cached)', 'the same, printed as credential_process JSON', 'credential-process', '--profile', fixture.profile),
          gatehouse('gatehouse profiles', 'list the profile names (what completion runs)', 'profiles'),
          { label: 'aws --version', what: "Debian's AWS CLI 2.9 start-up", command: '/usr/bin/aws', args: ['--version'] },
          {
            label: 'aws configure export-credentials',
            what: "Debian's AWS CLI reading the same cached role credentials",
            command: '/usr/bin/aws',
            args: ['configure', 'export-credentials', '--profile', fixture.profile, '--format', 'env'],
          },
        ],
        env,
        settings.runs,
        2,
      );
    } finally {
      await fixture.remove();
    }
    const populate = settings.populateAccounts > 0
      ? await timePopulate({ accounts: settings.populateAccounts, roles: settings.populateRoles, runs: settings.populateRuns }, progress)
      : null;
    const loadAfter = loadavg()[0] ?? 0;
    const date = new Date();
    const result: CliResult = {
      ...resultHeader(name, date, machine, gatehouseSource, loadBefore, loadAfter),
      method: {
        timing: 'wall time from spawn to exit of each process, run one at a time (spawnSync), stdout and stderr piped',
        runs: settings.runs,
        warmupRuns: 2,
        configProfiles: settings.profiles,
      },
      startTimes,
      populate,
    };
    return { name, date, result, table: table(result), complete: true };
  },
};
