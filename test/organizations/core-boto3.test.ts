// The Organizations core through boto3 (the machine's python3, botocore with the current model): the tree, the
// asynchronous account lifecycle, boto3's own paginators over our NextTokens, invitations and the error paths with
// their codes and Reasons, as a Python client sees them.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runBoto3 } from '../support/boto3.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';

const script = `
import json, os, time, boto3
from botocore.exceptions import ClientError
org = boto3.client('organizations', region_name='us-east-1')
out = {}
def err(fn, **kw):
    try:
        fn(**kw)
        return 'no error'
    except ClientError as e:
        return [e.response['Error']['Code'], e.response.get('Reason')]

out['notInUse'] = err(org.describe_organization)
created = org.create_organization(FeatureSet='ALL')['Organization']
out['again'] = err(org.create_organization)
root = org.list_roots()['Roots'][0]['Id']
ou = org.create_organizational_unit(ParentId=root, Name='Workloads')['OrganizationalUnit']['Id']
deep = ou
for level in range(4):
    deep = org.create_organizational_unit(ParentId=deep, Name='L%d' % level)['OrganizationalUnit']['Id']
out['tooDeep'] = err(org.create_organizational_unit, ParentId=deep, Name='L5')
out['renamed'] = org.update_organizational_unit(OrganizationalUnitId=ou, Name='Apps')['OrganizationalUnit']['Name']

ids = []
for i in range(5):
    status = org.create_account(Email='acct%d@example.com' % i, AccountName='Account %d' % i, Tags=[{'Key': 'n', 'Value': str(i)}])['CreateAccountStatus']
    while status['State'] == 'IN_PROGRESS':
        time.sleep(0.05)
        status = org.describe_create_account_status(CreateAccountRequestId=status['Id'])['CreateAccountStatus']
    ids.append(status['AccountId'])
out['states'] = sorted({s['State'] for s in org.list_create_account_status()['CreateAccountStatuses']})
for account in ids[:3]:
    org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=ou)
out['wrongSource'] = err(org.move_account, AccountId=ids[0], SourceParentId=root, DestinationParentId=ou)

pages = list(org.get_paginator('list_accounts').paginate(PaginationConfig={'PageSize': 2}))
out['pages'] = len(pages)
out['accounts'] = sum(len(p['Accounts']) for p in pages)
children = org.get_paginator('list_children').paginate(ParentId=ou, ChildType='ACCOUNT', PaginationConfig={'PageSize': 1})
out['children'] = sorted(c['Id'] for p in children for c in p['Children']) == sorted(ids[:3])
out['badToken'] = err(org.list_accounts, NextToken='bm9wZQ')
out['parents'] = org.list_parents(ChildId=ids[0])['Parents']
out['tags'] = org.list_tags_for_resource(ResourceId=ids[4])['Tags']
out['noAccount'] = err(org.describe_account, AccountId='000000000000')
out['notEmpty'] = err(org.delete_organizational_unit, OrganizationalUnitId=ou)
out['described'] = org.describe_account(AccountId=ids[0])['Account']['JoinedMethod']

out['tooYoung'] = err(org.remove_account_from_organization, AccountId=ids[4])
handshake = org.invite_account_to_organization(Target={'Id': os.environ['INVITEE'], 'Type': 'ACCOUNT'})['Handshake']
out['handshake'] = [handshake['State'], handshake['Action'], sorted(p['Type'] for p in handshake['Parties'])]
out['canceled'] = org.cancel_handshake(HandshakeId=handshake['Id'])['Handshake']['State']
out['orgNotEmpty'] = err(org.delete_organization)
print(json.dumps(out))
`;

for (const database of testDatabases) {
  describe(`organizations core with boto3 (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('builds a tree, creates and pages accounts, invites, and sees AWS error codes and reasons', async () => {
      const invitee = await t.server.iam.createStandaloneAccount({ name: 'Invitee', email: `invitee-${database.name}@example.com` });
      const out = await runBoto3(script, t.url, t.root, { INVITEE: invitee.accountId });
      assert.deepEqual(out['notInUse'], ['AWSOrganizationsNotInUseException', null]);
      assert.deepEqual(out['again'], ['AlreadyInOrganizationException', null]);
      assert.deepEqual(out['tooDeep'], ['ConstraintViolationException', 'OU_DEPTH_LIMIT_EXCEEDED']);
      assert.equal(out['renamed'], 'Apps');
      assert.deepEqual(out['states'], ['SUCCEEDED']);
      assert.deepEqual(out['wrongSource'], ['SourceParentNotFoundException', null]);
      assert.equal(out['accounts'], 6, 'the management account and five created ones');
      assert.equal(out['pages'], 3);
      assert.equal(out['children'], true);
      assert.deepEqual(out['badToken'], ['InvalidInputException', 'INVALID_NEXT_TOKEN']);
      assert.deepEqual((out['parents'] as { Type: string }[]).map((p) => p.Type), ['ORGANIZATIONAL_UNIT']);
      assert.deepEqual(out['tags'], [{ Key: 'n', Value: '4' }]);
      assert.deepEqual(out['noAccount'], ['AccountNotFoundException', null]);
      assert.deepEqual(out['notEmpty'], ['OrganizationalUnitNotEmptyException', null]);
      assert.equal(out['described'], 'CREATED');
      assert.deepEqual(out['tooYoung'], ['ConstraintViolationException', 'WAIT_PERIOD_ACTIVE']);
      assert.deepEqual(out['handshake'], ['OPEN', 'INVITE', ['ACCOUNT', 'ORGANIZATION']]);
      assert.equal(out['canceled'], 'CANCELED');
      assert.deepEqual(out['orgNotEmpty'], ['OrganizationNotEmptyException', null]);
    });
  });
}
