import { loadavg } from 'node:os';
import { progress } from '../measure.js';
import { ceilingThenMeasure, prepareCalls, type Prepared } from '../measure-calls.js';
import { callResults, organizationsRatioTargets } from '../organizations/report.js';
import { fetchRoleCredentials, portalCalls } from '../portal/calls.js';
import { portalTable, type PortalResult } from '../portal/report.js';
import type { PortalSeed } from '../portal/seed.js';
import { measuredMethod, resultHeader, type Measurement } from '../report.js';
import type { Scenario } from '../scenario.js';
import { targets, targetNames, type StartedServer, type TargetName } from '../targets.js';

// The access portal as a developer's CLI meets it after `aws sso login`: GetRoleCredentials with the SSO access token,
// then GetCallerIdentity signed with the role credentials it returned, each beside the bare node:http ceiling
// answering gatehouse's own bytes. moto has no portal API (its server has no `sso` service), so only the signed call
// has a moto row.

export const motoHasNoPortal =
  "moto's server implements no SSO portal API (moto 5.x has ssoadmin and identitystore, no `sso` service): " +
  'GetRoleCredentials has no moto row; GetCallerIdentity with session credentials is measured on moto';

export const portalScenario: Scenario = {
  name: 'portal',
  resultName: 'portal',
  async run({ config, generator, machine, gatehouseSource, signerVersion }) {
    const settings = config.portal;
    const name = config.name ?? this.resultName;
    if (!config.targets.includes('gatehouse')) throw new Error('the portal scenario measures calls gatehouse makes possible: BENCH_TARGETS needs gatehouse');
    const loadBefore = loadavg()[0] ?? 0;
    const started = new Map<TargetName, StartedServer>();
    const prepared = new Map<TargetName, Prepared>();
    let measurements = new Map<string, Map<TargetName, Measurement[]>>();
    let seedSeconds = 0;
    let calls: ReturnType<typeof portalCalls> = [];
    try {
      progress('portal: starting gatehouse with a portal user (organization, Identity Center, assignment, device-flow sign-in)');
      const t0 = performance.now();
      const gatehouse = await targets.gatehouse.start({ portalUser: true });
      seedSeconds = Math.round((performance.now() - t0) / 10) / 100;
      started.set('gatehouse', gatehouse);
      const seed = JSON.parse(gatehouse.seed!) as PortalSeed;
      const role = await fetchRoleCredentials(gatehouse, seed);
      calls = portalCalls(seed, role);
      prepared.set('gatehouse', await prepareCalls('gatehouse', gatehouse, calls));
      const identity = prepared.get('gatehouse')?.calls.get('get-caller-identity-role-session')?.body ?? '';
      if (!identity.includes(`:assumed-role/AWSReservedSSO_${seed.roleName}_`)) {
        throw new Error(`gatehouse did not answer GetCallerIdentity as the AWSReservedSSO_ role session:\n${identity.slice(0, 500)}`);
      }
      if (config.targets.includes('moto')) {
        progress('portal: starting moto');
        const moto = await targets.moto.start();
        started.set('moto', moto);
        prepared.set('moto', await prepareCalls('moto', moto, calls.filter((call) => call.operation !== 'GetRoleCredentials')));
      }
      measurements = await ceilingThenMeasure('portal', config.targets, calls, prepared, started, generator, settings);
    } finally {
      await Promise.all([...started.values()].map((server) => server.stop()));
    }
    const loadAfter = loadavg()[0] ?? 0;
    const date = new Date();
    const result: PortalResult = {
      ...resultHeader(name, date, machine, gatehouseSource, loadBefore, loadAfter),
      seed: {
        how:
          'in the gatehouse process before it listens (portal/seed.ts): an organization with one member account, Identity ' +
          'Center with user dev in a group assigned AdministratorAccess on it (the AWSReservedSSO_ role provisioned), dev signed ' +
          'in through the sign-in domain (password, MFA) and the OIDC device flow approved in-process',
        seconds: seedSeconds,
      },
      method: {
        calls:
          'GetRoleCredentials: GET /federation/credentials?account_id=..&role_name=.. with x-amz-sso_bearer_token (unsigned, ' +
          'as the SDK sends it), the same request replayed; every call mints new credentials (a row written). GetCallerIdentity: ' +
          'awsQuery POST / signed with the role session credentials (X-Amz-Security-Token), keep-alive, no pipelining',
        signing:
          `SigV4 by @smithy/signature-v4 ${signerVersion} for sts/us-east-1, signed once per target and replayed; gatehouse with ` +
          'the credentials its GetRoleCredentials issued (fetched once before measuring), moto and the ceiling with dummy session credentials',
        preflight:
          'each request is sent twice before it is measured: both answers must be HTTP 200 with role credentials (an ASIA key, ' +
          "secret, token, expiration) or an <Arn>; gatehouse's GetCallerIdentity must name the AWSReservedSSO_ role session. " +
          'GetRoleCredentials answers differ by design (fresh credentials each time)',
        ceiling:
          "the ceiling answers the bytes gatehouse answered in the pre-flight (for GetRoleCredentials, the first credentials): " +
          'gatehouse/ceiling says what gatehouse spends on top of node:http, for reading only',
        moto: motoHasNoPortal,
        ...measuredMethod(
          generator,
          settings,
          "gatehouse started and seeded, role credentials fetched, its calls checked; moto started and checked; the ceiling last " +
            `with gatehouse's replies; then for each call, each concurrency, each target in turn (${config.targets.join(', ')})`,
        ),
      },
      calls: callResults(config.targets, calls, prepared, measurements, settings.connections, () => undefined),
      ratioTargets: organizationsRatioTargets,
    };
    return { name, date, result, table: portalTable(result), complete: targetNames.every((t) => prepared.has(t)) };
  },
};
