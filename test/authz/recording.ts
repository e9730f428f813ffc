// The authorize step as the edge runs it, over a real server's service definitions, with a policy decider that records
// what it is asked instead of deciding: what the policy engine would evaluate for a call.
import assert from 'node:assert/strict';
import type { Principal } from '../../src/aws/auth/principal.js';
import { Authorizer, type AuthorizationCall, type PolicyDecider } from '../../src/aws/authz/authorize.js';
import type { AuthzRequest } from '../../src/aws/authz/types.js';
import type { ServiceDefinition } from '../../src/aws/protocol/service-definition.js';
import { createLogger } from '../../src/lib/log.js';
import type { TestServer } from '../support/servers.js';

class RecordingDecider implements PolicyDecider {
  readonly calls: AuthorizationCall[] = [];
  async decide(call: AuthorizationCall): Promise<void> {
    this.calls.push(call);
  }
}

export interface AuthzProbe {
  /** The request the decider is asked to decide for this call. */
  request(operation: string, input: Record<string, unknown>, principal: Principal): Promise<AuthzRequest>;
}

export function probe(t: TestServer, serviceId: string): AuthzProbe {
  const service: ServiceDefinition | undefined = t.server.services.find((s) => s.id === serviceId);
  assert.ok(service, `the server has no ${serviceId}`);
  const decider = new RecordingDecider();
  const authorizer = new Authorizer(decider, createLogger('silent'));
  return {
    async request(operation, input, principal) {
      const before = decider.calls.length;
      await authorizer.authorize(service, operation, { principal, region: 'us-east-1' }, input, 'test-request');
      assert.equal(decider.calls.length, before + 1, `${operation} was not decided`);
      return decider.calls[before]!.request;
    },
  };
}

/** The principal a long-term key (root's or an IAM user's) authenticates as. */
export async function principalOf(t: TestServer, accessKeyId: string): Promise<Principal> {
  const credential = await t.server.iam.find(accessKeyId);
  assert.ok(credential, `no credential ${accessKeyId}`);
  return credential.principal;
}

/**
 * The table test of a service's resolver: every name its authz.ts lists has a representative input here (so a name
 * cannot be listed without this test naming it), and the resolver answers it for that input about existing state.
 * `unanswerable` names a listed name that cannot be answered, with the reason; the resolver must answer it undefined.
 */
export async function assertEveryNameAnswered(
  service: ServiceDefinition,
  resolverNames: readonly string[],
  principal: Principal,
  representatives: Readonly<Record<string, Record<string, unknown>>>,
  unanswerable: Readonly<Record<string, string>> = {},
): Promise<void> {
  const resolve = service.resolveAuthzName;
  assert.ok(resolve, `${service.id} has no resolver`);
  assert.deepEqual([...Object.keys(representatives), ...Object.keys(unanswerable)].sort(), [...resolverNames].sort());
  for (const [name, input] of Object.entries(representatives)) {
    const answer = await resolve(name, { ...input }, principal);
    assert.equal(typeof answer, 'string', `${service.id} resolver name ${name} is not answered for ${JSON.stringify(input)}`);
    assert.notEqual(answer, '', `${service.id} resolver name ${name} answers an empty string`);
  }
  for (const name of Object.keys(unanswerable)) assert.equal(await resolve(name, {}, principal), undefined, name);
}
