import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { operationNames } from '../../src/aws/api/organizations.js';
import { closureQuota } from '../../src/services/organizations/accounts.js';
import { checkResourcePolicy } from '../../src/services/organizations/delegation.js';
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../src/lib/clock.js';
import { createSecretBox } from '../../src/lib/secret-box.js';
import { IamDomain } from '../../src/services/iam/domain.js';
import { createOrganizations } from '../../src/services/organizations/index.js';
import { openDatabase } from '../../src/store/database.js';
import { endOfMonth } from '../../src/services/organizations/transfers.js';
import { ServiceError } from '../../src/aws/errors.js';

// The pure rules of the Organizations core, and the shape of its service definition.

describe('organizations rules', () => {
  it('closure quota: the higher of 250 and 20% of the member accounts, at most 1,000 (AWS CloseAccount)', () => {
    assert.equal(closureQuota(0), 250);
    assert.equal(closureQuota(1_249), 250);
    assert.equal(closureQuota(2_000), 400);
    assert.equal(closureQuota(10_000), 1000);
  });

  it('a transfer ends on the last millisecond of a month, UTC', () => {
    assert.equal(new Date(endOfMonth(new Date(Date.UTC(2028, 1, 10)))).toISOString(), '2028-02-29T23:59:59.999Z');
    assert.equal(new Date(endOfMonth(new Date(Date.UTC(2027, 11, 31, 23, 59)))).toISOString(), '2027-12-31T23:59:59.999Z');
  });

  it('resource policies: JSON with statements that name a principal and Organizations actions only', () => {
    const reason = (content: string) => {
      try {
        checkResourcePolicy(content);
        return 'ok';
      } catch (error) {
        assert.ok(error instanceof ServiceError);
        return String(error.fields['Reason']);
      }
    };
    const statement = (s: object) => JSON.stringify({ Version: '2012-10-17', Statement: [s] });
    assert.equal(reason(statement({ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: ['organizations:List*'], Resource: '*' })), 'ok');
    assert.equal(reason('nope'), 'INVALID_RESOURCE_POLICY_JSON');
    assert.equal(reason('{}'), 'INVALID_RESOURCE_POLICY_JSON');
    assert.equal(reason(statement({ Effect: 'Allow', Action: 'organizations:List*' })), 'INVALID_PRINCIPAL');
    assert.equal(reason(statement({ Effect: 'Allow', Principal: '*', Action: 'iam:PassRole' })), 'UNSUPPORTED_ACTION_IN_RESOURCE_POLICY');
    assert.equal(reason(statement({ Effect: 'Maybe', Principal: '*', Action: 'organizations:List*' })), 'INVALID_RESOURCE_POLICY_JSON');
  });

  it('the wired service has a handler for every operation of the model, core and policies together', async () => {
    const store = await openDatabase(':memory:');
    try {
      const iam = new IamDomain(store, createSecretBox(randomBytes(32)), systemClock);
      const { service } = createOrganizations({ store, iam, clock: systemClock, accountCreationDelayMs: 0, wakeJobsAt: () => {} });
      assert.deepEqual(Object.keys(service.handlers).sort(), [...operationNames].sort());
    } finally {
      await store.close();
    }
  });
});
