import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AcceptHandshakeCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  DeleteOrganizationCommand,
  DeleteOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand,
  InviteAccountToOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  UpdateOrganizationalUnitCommand,
} from '@aws-sdk/client-organizations';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { allPages, createAccount, foundOrganization, organizations, rejects, standalone, type Founded } from './support.js';

// The organization and its tree: create/describe/delete, the root, OUs (nesting limit, names, renames, deletion),
// children and parents, moving accounts, pagination, and who may call what. SDK v3 against a listening server.

for (const database of testDatabases) {
  describe(`organizations: the organization and its tree (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('CreateOrganization makes the caller the management account, with AWS-formed ids and ARNs', async () => {
      const mgmt = organizations(t.url, t.root);
      await rejects(mgmt.send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
      const { Organization: org } = await mgmt.send(new CreateOrganizationCommand({}));
      assert.match(org!.Id!, /^o-[a-z0-9]{10}$/);
      const mgmtId = t.root.accountId;
      assert.equal(org!.Arn, `arn:aws:organizations::${mgmtId}:organization/${org!.Id}`);
      assert.equal(org!.FeatureSet, 'ALL');
      assert.equal(org!.MasterAccountId, mgmtId);
      assert.equal(org!.MasterAccountArn, `arn:aws:organizations::${mgmtId}:account/${org!.Id}/${mgmtId}`);
      assert.match(org!.MasterAccountEmail!, /@/);
      await rejects(mgmt.send(new CreateOrganizationCommand({})), 'AlreadyInOrganizationException');

      const { Roots } = await mgmt.send(new ListRootsCommand({}));
      assert.equal(Roots!.length, 1);
      const root = Roots![0]!;
      assert.match(root.Id!, /^r-[0-9a-z]{4}$/);
      assert.equal(root.Arn, `arn:aws:organizations::${mgmtId}:root/${org!.Id}/${root.Id}`);
      assert.equal(root.Name, 'Root');

      const described = await mgmt.send(new DescribeOrganizationCommand({}));
      assert.equal(described.Organization!.Id, org!.Id);

      // The management account is listed, joined by invitation as AWS shows it.
      const { Accounts } = await mgmt.send(new ListAccountsCommand({}));
      assert.equal(Accounts!.length, 1);
      assert.equal(Accounts![0]!.Id, mgmtId);
      assert.equal(Accounts![0]!.JoinedMethod, 'INVITED');
      assert.equal(Accounts![0]!.Status, 'ACTIVE');
      assert.equal(Accounts![0]!.State, 'ACTIVE');
      assert.deepEqual(Accounts![0]!.Paths, [`${org!.Id}/${root.Id}/${mgmtId}/`]);
    });

    it('a CONSOLIDATED_BILLING organization, and DeleteOrganization only when no member account is left', async () => {
      const billing = await foundOrganization(t, 'Billing', 'CONSOLIDATED_BILLING');
      const described = await billing.client.send(new DescribeOrganizationCommand({}));
      assert.equal(described.Organization!.FeatureSet, 'CONSOLIDATED_BILLING');
      assert.deepEqual(described.Organization!.AvailablePolicyTypes, []);
      const member = await createAccount(billing.client, { AccountName: 'Member' });
      assert.match(member, /^\d{12}$/);
      await rejects(billing.client.send(new DeleteOrganizationCommand({})), 'OrganizationNotEmptyException');

      const empty = await foundOrganization(t, 'Empty');
      await empty.client.send(new CreateOrganizationalUnitCommand({ ParentId: empty.rootId, Name: 'Leftover' }));
      await empty.client.send(new DeleteOrganizationCommand({}));
      await rejects(empty.client.send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
      // the account is standalone again and may found another organization
      await empty.client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    });

    describe('organizational units', () => {
      let org: Founded;
      before(async () => {
        org = await foundOrganization(t, 'Tree');
      });

      it('creates, describes, renames and deletes OUs with AWS ids, ARNs and paths', async () => {
        const { OrganizationalUnit: ou } = await org.client.send(new CreateOrganizationalUnitCommand({ ParentId: org.rootId, Name: 'Workloads' }));
        assert.match(ou!.Id!, new RegExp(`^ou-${org.rootId.slice(2)}-[a-z0-9]{8}$`));
        assert.equal(ou!.Arn, `arn:aws:organizations::${org.accountId}:ou/${org.organizationId}/${ou!.Id}`);
        assert.equal(ou!.Path, `${org.organizationId}/${org.rootId}/${ou!.Id}/`);
        const { OrganizationalUnit: child } = await org.client.send(new CreateOrganizationalUnitCommand({ ParentId: ou!.Id!, Name: 'Development' }));
        assert.equal(child!.Path, `${org.organizationId}/${org.rootId}/${ou!.Id}/${child!.Id}/`);

        const described = await org.client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: child!.Id! }));
        assert.deepEqual(described.OrganizationalUnit, child);

        await rejects(org.client.send(new CreateOrganizationalUnitCommand({ ParentId: org.rootId, Name: 'Workloads' })), 'DuplicateOrganizationalUnitException');
        // the same name under another parent is fine
        await org.client.send(new CreateOrganizationalUnitCommand({ ParentId: ou!.Id!, Name: 'Workloads' }));

        const renamed = await org.client.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: child!.Id!, Name: 'Dev' }));
        assert.equal(renamed.OrganizationalUnit!.Name, 'Dev');
        await rejects(
          org.client.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: child!.Id!, Name: 'Workloads' })),
          'DuplicateOrganizationalUnitException',
        );

        await rejects(org.client.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: ou!.Id! })), 'OrganizationalUnitNotEmptyException');
        await org.client.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: child!.Id! }));
        await rejects(org.client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: child!.Id! })), 'OrganizationalUnitNotFoundException');
        await rejects(org.client.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: child!.Id! })), 'OrganizationalUnitNotFoundException');
        await rejects(
          org.client.send(new CreateOrganizationalUnitCommand({ ParentId: `ou-${org.rootId.slice(2)}-zzzzzzzz`, Name: 'x' })),
          'ParentNotFoundException',
        );
      });

      it('nests OUs five levels below the root and no deeper (OU_DEPTH_LIMIT_EXCEEDED)', async () => {
        let parent = org.rootId;
        for (let depth = 1; depth <= 5; depth++) {
          const { OrganizationalUnit } = await org.client.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: `level-${depth}` }));
          parent = OrganizationalUnit!.Id!;
        }
        await rejects(
          org.client.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'level-6' })),
          'ConstraintViolationException',
          'OU_DEPTH_LIMIT_EXCEEDED',
        );
        const parents = await org.client.send(new ListParentsCommand({ ChildId: parent }));
        assert.equal(parents.Parents!.length, 1);
        assert.equal(parents.Parents![0]!.Type, 'ORGANIZATIONAL_UNIT');
      });

      it('pages ListOrganizationalUnitsForParent and ListChildren with MaxResults and NextToken, and refuses a bad token', async () => {
        const { OrganizationalUnit: box } = await org.client.send(new CreateOrganizationalUnitCommand({ ParentId: org.rootId, Name: 'Box' }));
        const created = [];
        for (let i = 0; i < 7; i++) {
          created.push((await org.client.send(new CreateOrganizationalUnitCommand({ ParentId: box!.Id!, Name: `ou-${i}` }))).OrganizationalUnit!.Id!);
        }
        const ous = await allPages(
          (NextToken) => org.client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: box!.Id!, MaxResults: 3, NextToken })),
          (out) => out.OrganizationalUnits,
        );
        assert.equal(ous.pages, 3);
        assert.deepEqual(ous.items.map((o) => o.Id).sort(), [...created].sort());
        const children = await allPages(
          (NextToken) => org.client.send(new ListChildrenCommand({ ParentId: box!.Id!, ChildType: 'ORGANIZATIONAL_UNIT', MaxResults: 2, NextToken })),
          (out) => out.Children,
        );
        assert.equal(children.pages, 4);
        assert.deepEqual(children.items.map((c) => c.Id).sort(), [...created].sort());
        assert.ok(children.items.every((c) => c.Type === 'ORGANIZATIONAL_UNIT'));

        const first = await org.client.send(new ListChildrenCommand({ ParentId: box!.Id!, ChildType: 'ORGANIZATIONAL_UNIT', MaxResults: 2 }));
        await rejects(
          org.client.send(new ListChildrenCommand({ ParentId: box!.Id!, ChildType: 'ORGANIZATIONAL_UNIT', NextToken: 'garbage' })),
          'InvalidInputException',
          'INVALID_NEXT_TOKEN',
        );
        // a token of one list is not a token of another
        await rejects(
          org.client.send(new ListChildrenCommand({ ParentId: box!.Id!, ChildType: 'ACCOUNT', NextToken: first.NextToken! })),
          'InvalidInputException',
          'INVALID_NEXT_TOKEN',
        );
        await rejects(
          org.client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: `ou-${org.rootId.slice(2)}-00000000` })),
          'ParentNotFoundException',
        );
        await rejects(org.client.send(new ListRootsCommand({ NextToken: first.NextToken! })), 'InvalidInputException', 'INVALID_NEXT_TOKEN');
      });

      it('moves accounts between parents, checking the source and destination', async () => {
        const { OrganizationalUnit: ou } = await org.client.send(new CreateOrganizationalUnitCommand({ ParentId: org.rootId, Name: 'Moves' }));
        const account = await createAccount(org.client, { AccountName: 'Mover' });
        const other = `ou-${org.rootId.slice(2)}-00000000`;
        await rejects(
          org.client.send(new MoveAccountCommand({ AccountId: account, SourceParentId: other, DestinationParentId: ou!.Id! })),
          'SourceParentNotFoundException',
        );
        await rejects(
          org.client.send(new MoveAccountCommand({ AccountId: account, SourceParentId: org.rootId, DestinationParentId: other })),
          'DestinationParentNotFoundException',
        );
        await rejects(
          org.client.send(new MoveAccountCommand({ AccountId: '123456789012', SourceParentId: org.rootId, DestinationParentId: ou!.Id! })),
          'AccountNotFoundException',
        );
        await rejects(
          org.client.send(new MoveAccountCommand({ AccountId: account, SourceParentId: org.rootId, DestinationParentId: org.rootId })),
          'DuplicateAccountException',
        );
        await org.client.send(new MoveAccountCommand({ AccountId: account, SourceParentId: org.rootId, DestinationParentId: ou!.Id! }));
        // the account is no longer in the root: the root is not its source any more
        await rejects(
          org.client.send(new MoveAccountCommand({ AccountId: account, SourceParentId: org.rootId, DestinationParentId: ou!.Id! })),
          'SourceParentNotFoundException',
        );
        const parents = await org.client.send(new ListParentsCommand({ ChildId: account }));
        assert.deepEqual(parents.Parents, [{ Id: ou!.Id, Type: 'ORGANIZATIONAL_UNIT' }]);
        const inOu = await org.client.send(new ListAccountsForParentCommand({ ParentId: ou!.Id! }));
        assert.deepEqual(inOu.Accounts!.map((a) => a.Id), [account]);
        assert.deepEqual(inOu.Accounts![0]!.Paths, [`${ou!.Path}${account}/`]);
        const children = await org.client.send(new ListChildrenCommand({ ParentId: ou!.Id!, ChildType: 'ACCOUNT' }));
        assert.deepEqual(children.Children, [{ Id: account, Type: 'ACCOUNT' }]);
        await rejects(org.client.send(new ListParentsCommand({ ChildId: '123456789012' })), 'ChildNotFoundException');
        await rejects(org.client.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: ou!.Id! })), 'OrganizationalUnitNotEmptyException');
      });

      it('pages ListAccounts across pages and ListAccountsForParent', async () => {
        const { OrganizationalUnit: ou } = await org.client.send(new CreateOrganizationalUnitCommand({ ParentId: org.rootId, Name: 'Paged' }));
        const ids = await Promise.all([1, 2, 3].map((i) => createAccount(org.client, { AccountName: `Paged ${i}` })));
        for (const id of ids) await org.client.send(new MoveAccountCommand({ AccountId: id, SourceParentId: org.rootId, DestinationParentId: ou!.Id! }));
        const all = await allPages((NextToken) => org.client.send(new ListAccountsCommand({ MaxResults: 2, NextToken })), (out) => out.Accounts);
        const allIds = all.items.map((a) => a.Id!);
        assert.equal(new Set(allIds).size, allIds.length, 'no account twice');
        for (const id of [...ids, org.accountId]) assert.ok(allIds.includes(id));
        assert.equal(all.pages, Math.ceil(allIds.length / 2));
        const inOu = await allPages(
          (NextToken) => org.client.send(new ListAccountsForParentCommand({ ParentId: ou!.Id!, MaxResults: 1, NextToken })),
          (out) => out.Accounts,
        );
        assert.equal(inOu.pages, 3);
        assert.deepEqual(inOu.items.map((a) => a.Id).sort(), [...ids].sort());
        await rejects(org.client.send(new ListAccountsCommand({ NextToken: `${inOu.items[0]!.Id}` })), 'InvalidInputException', 'INVALID_NEXT_TOKEN');
      });

      it('refuses member accounts the management operations, and accounts in no organization everything but CreateOrganization', async () => {
        const member = await standalone(t, 'Member');
        const invite = await org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: member.accountId, Type: 'ACCOUNT' } }));
        await member.client.send(new AcceptHandshakeCommand({ HandshakeId: invite.Handshake!.Id! }));

        const described = await member.client.send(new DescribeOrganizationCommand({}));
        assert.equal(described.Organization!.Id, org.organizationId);
        for (const call of [
          () => member.client.send(new ListAccountsCommand({})),
          () => member.client.send(new ListRootsCommand({})),
          () => member.client.send(new ListChildrenCommand({ ParentId: org.rootId, ChildType: 'ACCOUNT' })),
          () => member.client.send(new CreateOrganizationalUnitCommand({ ParentId: org.rootId, Name: 'Nope' })),
          () => member.client.send(new DeleteOrganizationCommand({})),
        ]) {
          const f = await rejects(call(), 'AccessDeniedException');
          assert.equal(f.message, "You don't have permissions to access this resource.");
        }
        await rejects(member.client.send(new CreateOrganizationCommand({})), 'AlreadyInOrganizationException');

        const loner = await standalone(t, 'Loner');
        const f = await rejects(loner.client.send(new ListAccountsCommand({})), 'AWSOrganizationsNotInUseException');
        assert.equal(f.message, 'Your account is not a member of an organization.');
        await rejects(loner.client.send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
      });
    });
  });
}
