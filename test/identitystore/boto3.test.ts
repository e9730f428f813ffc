// The seed's identity store steps through boto3 (the machine's python3, botocore with the current model): the
// administrator creates users and an Admin group, adds the users to it and finds them again, with boto3's own
// paginators over our NextTokens and the error codes and fields a Python client sees.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runBoto3 } from '../support/boto3.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { enableIdentityCenter } from './support.js';

const script = `
import json, os, boto3
from botocore.exceptions import ClientError
ids = boto3.client('identitystore', region_name='us-east-1')
store = os.environ['STORE']
out = {}
def err(fn, **kw):
    try:
        fn(**kw)
        return 'no error'
    except ClientError as e:
        return [e.response['Error']['Code'], e.response.get('Reason'), e.response.get('ResourceType')]

group = ids.create_group(IdentityStoreId=store, DisplayName='Admin', Description='Administrators')['GroupId']
users = []
for name in ['alice', 'bob', 'carol']:
    users.append(ids.create_user(IdentityStoreId=store, UserName=name, DisplayName=name.title(),
        Name={'GivenName': name.title(), 'FamilyName': 'Example'},
        Emails=[{'Value': name + '@example.com', 'Type': 'work', 'Primary': True}])['UserId'])
for user in users[:2]:
    ids.create_group_membership(IdentityStoreId=store, GroupId=group, MemberId={'UserId': user})

out['duplicateUser'] = err(ids.create_user, IdentityStoreId=store, UserName='ALICE', DisplayName='A', Name={'GivenName': 'A', 'FamilyName': 'B'})
out['duplicateGroup'] = err(ids.create_group, IdentityStoreId=store, DisplayName='admin')
out['duplicateMembership'] = err(ids.create_group_membership, IdentityStoreId=store, GroupId=group, MemberId={'UserId': users[0]})
out['missingUser'] = err(ids.describe_user, IdentityStoreId=store, UserId='00000000-0000-4000-8000-000000000000')
out['missingStore'] = err(ids.list_users, IdentityStoreId='d-0000000000')
out['badToken'] = err(ids.list_users, IdentityStoreId=store, NextToken='bm9wZQ')

out['userId'] = ids.get_user_id(IdentityStoreId=store, AlternateIdentifier={'UniqueAttribute': {'AttributePath': 'userName', 'AttributeValue': 'bob'}})['UserId'] == users[1]
out['byEmail'] = ids.get_user_id(IdentityStoreId=store, AlternateIdentifier={'UniqueAttribute': {'AttributePath': 'emails.value', 'AttributeValue': 'carol@example.com'}})['UserId'] == users[2]
out['groupId'] = ids.get_group_id(IdentityStoreId=store, AlternateIdentifier={'UniqueAttribute': {'AttributePath': 'displayName', 'AttributeValue': 'Admin'}})['GroupId'] == group
pages = list(ids.get_paginator('list_users').paginate(IdentityStoreId=store, PaginationConfig={'PageSize': 2}))
out['userPages'] = [len(p['Users']) for p in pages]
members = ids.get_paginator('list_group_memberships').paginate(IdentityStoreId=store, GroupId=group, PaginationConfig={'PageSize': 1})
out['members'] = sorted(m['MemberId']['UserId'] for p in members for m in p['GroupMemberships']) == sorted(users[:2])
out['filtered'] = [u['UserName'] for u in ids.list_users(IdentityStoreId=store, Filters=[{'AttributePath': 'UserName', 'AttributeValue': 'carol'}])['Users']]
out['inGroups'] = [r['MembershipExists'] for r in ids.is_member_in_groups(IdentityStoreId=store, MemberId={'UserId': users[2]}, GroupIds=[group])['Results']]
ids.update_user(IdentityStoreId=store, UserId=users[2], Operations=[{'AttributePath': 'displayName', 'AttributeValue': 'Carol C.'}])
out['updated'] = ids.describe_user(IdentityStoreId=store, UserId=users[2])['DisplayName']
ids.delete_user(IdentityStoreId=store, UserId=users[0])
out['afterDelete'] = len(ids.list_group_memberships(IdentityStoreId=store, GroupId=group)['GroupMemberships'])
print(json.dumps(out))
`;

for (const database of testDatabases) {
  describe(`identitystore with boto3 (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it("runs the seed's users, group and membership steps", async () => {
      const directory = await enableIdentityCenter(t);
      const out = await runBoto3(script, t.url, t.root, { STORE: directory.identityStoreId });
      assert.deepEqual(out['duplicateUser'], ['ConflictException', 'UNIQUENESS_CONSTRAINT_VIOLATION', null]);
      assert.deepEqual(out['duplicateGroup'], ['ConflictException', 'UNIQUENESS_CONSTRAINT_VIOLATION', null]);
      assert.deepEqual(out['duplicateMembership'], ['ConflictException', 'UNIQUENESS_CONSTRAINT_VIOLATION', null]);
      assert.deepEqual(out['missingUser'], ['ResourceNotFoundException', null, 'USER']);
      assert.deepEqual(out['missingStore'], ['ResourceNotFoundException', null, 'IDENTITY_STORE']);
      assert.deepEqual(out['badToken'], ['ValidationException', null, null]);
      assert.equal(out['userId'], true);
      assert.equal(out['byEmail'], true);
      assert.equal(out['groupId'], true);
      assert.deepEqual(out['userPages'], [2, 1]);
      assert.equal(out['members'], true);
      assert.deepEqual(out['filtered'], ['carol']);
      assert.deepEqual(out['inGroups'], [false]);
      assert.equal(out['updated'], 'Carol C.');
      assert.equal(out['afterDelete'], 1);
    });
  });
}
