// The layers beyond the reference table: trust policies (every Principal form, sts:ExternalId), resource-based
// policies within and across accounts, NotPrincipal, session policies, the root user, several resources, and the
// decision's explanation in AWS's words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PolicyPrincipal } from '../../src/policy/index.js';
import { ACCOUNT, Admin, alice, allow, decide, deny, doc, FullAWSAccess, OTHER_ACCOUNT, rootOf, sessionOf, userOf, type Document, type Statement } from './support.js';

const roleArn = `arn:aws:iam::${ACCOUNT}:role/Target`;
const assume = { action: 'sts:AssumeRole', resource: roleArn } as const;
const trust = (...statements: Statement[]) => ({ document: doc(...statements), kind: 'trust' as const });
const trusting = (principal: unknown, extra: Statement = {}): Statement => ({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });

describe('trust policies (sts:AssumeRole)', () => {
  it('a user named directly in the same account needs no identity policy', () => {
    const d = decide({ ...assume, resourcePolicy: trust(trusting({ AWS: alice.arn })) });
    assert.equal(d.decision, 'Allow');
    assert.deepEqual(d.statement, { layer: 'trust', policyId: 'resource-policy', index: 0, sid: undefined });
  });

  it('the account (id or root ARN) delegates to the identity policies', () => {
    for (const principal of [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`]) {
      const without = decide({ ...assume, resourcePolicy: trust(trusting({ AWS: principal })) });
      assert.equal(without.decision, 'ImplicitDeny');
      assert.equal(without.layer, 'identity');
      const withPolicy = decide({ ...assume, identity: [doc(allow('sts:AssumeRole', roleArn))], resourcePolicy: trust(trusting({ AWS: principal })) });
      assert.equal(withPolicy.decision, 'Allow');
      assert.equal(withPolicy.layer, 'identity');
    }
  });

  it('an identity policy alone does not let anyone assume a role the trust policy does not name', () => {
    const d = decide({ ...assume, identity: [Admin], resourcePolicy: trust(trusting({ AWS: userOf(ACCOUNT, 'bob').arn })) });
    assert.equal(d.decision, 'ImplicitDeny');
    assert.equal(d.layer, 'trust');
    assert.equal(
      d.message,
      `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn} because no role trust policy allows the sts:AssumeRole action`,
    );
  });

  it('across accounts both the trust policy and the caller’s identity policy must allow', () => {
    const caller = userOf(OTHER_ACCOUNT, 'carol');
    const resourcePolicy = trust(trusting({ AWS: OTHER_ACCOUNT }));
    assert.equal(decide({ ...assume, principal: caller, resourcePolicy }).decision, 'ImplicitDeny');
    assert.equal(decide({ ...assume, principal: caller, identity: [doc(allow('sts:AssumeRole', roleArn))], resourcePolicy }).decision, 'Allow');
    // Naming the user itself does not spare it its own account's identity policy across accounts.
    assert.equal(decide({ ...assume, principal: caller, resourcePolicy: trust(trusting({ AWS: caller.arn })) }).layer, 'identity');
  });

  it('sts:ExternalId must match when the trust policy asks for it', () => {
    const caller = userOf(OTHER_ACCOUNT, 'vendor');
    const base = {
      ...assume,
      principal: caller,
      identity: [doc(allow('sts:AssumeRole'))],
      resourcePolicy: trust(trusting({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, { Condition: { StringEquals: { 'sts:ExternalId': 'Unique-12345' } } })),
    };
    assert.equal(decide({ ...base, facts: { request: { 'sts:ExternalId': 'Unique-12345' } } }).decision, 'Allow');
    assert.equal(decide({ ...base, facts: { request: { 'sts:ExternalId': 'guess' } } }).decision, 'ImplicitDeny');
    assert.equal(decide(base).decision, 'ImplicitDeny');
  });

  it('a service principal', () => {
    const ec2: PolicyPrincipal = { type: 'service', accountId: '', arn: 'ec2.amazonaws.com' };
    const lambda: PolicyPrincipal = { type: 'service', accountId: '', arn: 'lambda.amazonaws.com' };
    const resourcePolicy = trust(trusting({ Service: ['ec2.amazonaws.com'] }));
    assert.equal(decide({ ...assume, principal: ec2, scp: [], resourcePolicy }).decision, 'Allow');
    assert.equal(decide({ ...assume, principal: lambda, scp: [], resourcePolicy }).decision, 'ImplicitDeny');
  });

  it('a SAML provider, with the documented SAML:aud condition', () => {
    const provider = `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`;
    const saml: PolicyPrincipal = { type: 'federated', accountId: '', arn: provider };
    const resourcePolicy = trust({
      Effect: 'Allow',
      Principal: { Federated: provider },
      Action: 'sts:AssumeRoleWithSAML',
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    });
    const base = { action: 'sts:AssumeRoleWithSAML', resource: roleArn, principal: saml, scp: [], resourcePolicy };
    assert.equal(decide({ ...base, facts: { request: { 'saml:aud': 'https://signin.aws.amazon.com/saml' } } }).decision, 'Allow');
    assert.equal(decide({ ...base, facts: { request: { 'saml:aud': 'https://evil.example/saml' } } }).decision, 'ImplicitDeny');
  });

  it('"*" with aws:PrincipalOrgID', () => {
    const resourcePolicy = trust(trusting('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }));
    const caller = userOf(OTHER_ACCOUNT, 'dana');
    const identity = [doc(allow('sts:AssumeRole'))];
    assert.equal(decide({ ...assume, principal: caller, identity, resourcePolicy, facts: { orgId: 'o-a1b2c3d4e5' } }).decision, 'Allow');
    assert.equal(decide({ ...assume, principal: caller, identity, resourcePolicy, facts: { orgId: 'o-zzzzzzzzzz' } }).decision, 'ImplicitDeny');
  });

  it('role chaining: a role named by ARN is still bound by its session’s boundary', () => {
    const resourcePolicy = trust(trusting({ AWS: `arn:aws:iam::${ACCOUNT}:role/Dev` }));
    const dev = sessionOf('Dev');
    assert.equal(decide({ ...assume, principal: dev, resourcePolicy }).decision, 'Allow');
    const bounded = decide({ ...assume, principal: dev, resourcePolicy, boundary: doc(allow('s3:*')) });
    assert.equal(bounded.decision, 'ImplicitDeny');
    assert.equal(bounded.layer, 'boundary');
    assert.equal(decide({ ...assume, principal: sessionOf('Ops'), resourcePolicy, identity: [Admin] }).layer, 'trust');
  });

  it('an explicit deny in the trust policy', () => {
    const d = decide({ ...assume, resourcePolicy: trust(trusting({ AWS: ACCOUNT }), { Effect: 'Deny', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }), identity: [Admin] });
    assert.equal(d.decision, 'ExplicitDeny');
    assert.equal(d.message, `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn} with an explicit deny in the role trust policy`);
  });

  it('the root user of the account', () => {
    const root = rootOf(ACCOUNT);
    assert.equal(decide({ ...assume, principal: root, resourcePolicy: trust(trusting({ AWS: ACCOUNT })) }).decision, 'Allow');
  });
});

describe('resource-based policies', () => {
  const bucket = 'arn:aws:s3:::shared';
  const object = `${bucket}/report.csv`;
  const granting = (principal: unknown): { document: Document } => ({
    document: doc({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: `${bucket}/*` }),
  });
  const get = { action: 's3:GetObject', resource: object } as const;

  it('a grant to a user of the same account needs no identity policy, and no boundary limits it', () => {
    assert.equal(decide({ ...get, resourcePolicy: granting({ AWS: alice.arn }) }).decision, 'Allow');
    assert.equal(decide({ ...get, resourcePolicy: granting({ AWS: alice.arn }), boundary: doc(allow('ec2:*')) }).decision, 'Allow');
  });

  it('a grant to a role ARN is limited by the session’s boundary and session policy', () => {
    const dev = sessionOf('Dev');
    const resourcePolicy = granting({ AWS: `arn:aws:iam::${ACCOUNT}:role/Dev` });
    assert.equal(decide({ ...get, principal: dev, resourcePolicy }).decision, 'Allow');
    assert.equal(decide({ ...get, principal: dev, resourcePolicy, boundary: doc(allow('ec2:*')) }).layer, 'boundary');
    const limited = decide({ ...get, principal: dev, resourcePolicy, session: [doc(allow('ec2:*'))] });
    assert.equal(limited.decision, 'ImplicitDeny');
    assert.equal(limited.layer, 'session');
  });

  it('a grant to the session ARN itself is not limited by the session policy', () => {
    const dev = sessionOf('Dev', 'build-42');
    const d = decide({ ...get, principal: dev, resourcePolicy: granting({ AWS: dev.arn }), session: [doc(allow('ec2:*'))], boundary: doc(allow('ec2:*')) });
    assert.equal(d.decision, 'Allow');
    assert.equal(d.layer, 'resource');
  });

  it('a grant to the account only delegates to the identity policies', () => {
    assert.equal(decide({ ...get, resourcePolicy: granting({ AWS: ACCOUNT }) }).layer, 'identity');
  });

  it('a resource in another account must allow the caller as well', () => {
    const resourcePolicy = { ...granting({ AWS: userOf(ACCOUNT, 'bob').arn }), account: OTHER_ACCOUNT };
    const d = decide({ ...get, identity: [doc(allow('s3:*'))], resourcePolicy });
    assert.equal(d.decision, 'ImplicitDeny');
    assert.equal(d.message, `User: ${alice.arn} is not authorized to perform: s3:GetObject on resource: ${object} because no resource-based policy allows the s3:GetObject action`);
    assert.equal(decide({ ...get, identity: [doc(allow('s3:*'))], resourcePolicy: { ...granting({ AWS: ACCOUNT }), account: OTHER_ACCOUNT } }).decision, 'Allow');
  });

  it('NotPrincipal with Deny spares only a caller whose account is listed too (IAM User Guide example)', () => {
    const statements = (listed: string[]) => ({
      document: doc(
        { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 's3:*', Resource: `${bucket}/*` },
        { Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: 's3:*', Resource: [bucket, `${bucket}/*`] },
      ),
    });
    const identity = [doc(allow('s3:*'))];
    const withAccount = statements([alice.arn, `arn:aws:iam::${ACCOUNT}:root`]);
    assert.equal(decide({ ...get, identity, resourcePolicy: withAccount }).decision, 'Allow');
    assert.equal(decide({ ...get, identity, principal: userOf(ACCOUNT, 'bob'), resourcePolicy: withAccount }).decision, 'ExplicitDeny');
    assert.equal(decide({ ...get, identity, resourcePolicy: statements([alice.arn]) }).decision, 'ExplicitDeny');
    const session = sessionOf('Audit', 'app');
    const chain = statements([session.arn, session.roleArn ?? '', `arn:aws:iam::${ACCOUNT}:root`]);
    assert.equal(decide({ ...get, identity, principal: session, resourcePolicy: chain }).decision, 'Allow');
    assert.equal(decide({ ...get, identity, principal: sessionOf('Audit', 'other'), resourcePolicy: chain }).decision, 'ExplicitDeny');
  });

  it('Allow with NotPrincipal grants everyone else', () => {
    const resourcePolicy = { document: doc({ Effect: 'Allow', NotPrincipal: { AWS: userOf(ACCOUNT, 'bob').arn }, Action: 's3:GetObject', Resource: `${bucket}/*` }) };
    assert.equal(decide({ ...get, resourcePolicy }).decision, 'Allow');
  });
});

describe('session policies', () => {
  const admin = sessionOf('Admin', 'alice');

  it('the session may do what both the role and the session policy allow', () => {
    assert.equal(decide({ principal: admin, identity: [Admin], session: [doc(allow('s3:*'))], action: 's3:ListAllMyBuckets' }).decision, 'Allow');
  });

  it('several session policies (inline and managed) are one layer: any of them may allow', () => {
    const d = decide({ principal: admin, identity: [Admin], session: [doc(allow('s3:*')), doc(allow('organizations:List*'))], action: 'organizations:ListAccounts' });
    assert.equal(d.decision, 'Allow');
  });

  it('the session policy grants nothing the role lacks', () => {
    const d = decide({ principal: admin, identity: [doc(allow('ec2:*'))], session: [FullAWSAccess], action: 's3:ListAllMyBuckets' });
    assert.equal(d.layer, 'identity');
  });

  it('an explicit deny in a session policy', () => {
    const d = decide({ principal: admin, identity: [Admin], session: [doc(allow('*'), deny('iam:*'))], action: 'iam:CreateUser' });
    assert.equal(d.decision, 'ExplicitDeny');
    assert.match(d.message, /with an explicit deny in a session policy$/);
  });
});

describe('the root user', () => {
  const root = rootOf(ACCOUNT);

  it('needs no identity policy', () => {
    assert.equal(decide({ principal: root, action: 'organizations:CreateAccount', scp: [] }).decision, 'Allow');
  });

  it('is bound by SCPs in a member account', () => {
    assert.equal(decide({ principal: root, action: 'organizations:LeaveOrganization', scp: [[FullAWSAccess, doc(deny('organizations:LeaveOrganization'))]] }).decision, 'ExplicitDeny');
    assert.equal(decide({ principal: root, action: 'ec2:RunInstances', scp: [[doc(allow('s3:*'))]] }).layer, 'scp');
  });
});

describe('several resources', () => {
  it('every resource must be allowed; the denial names the first resource denied', () => {
    const d = decide({
      identity: [doc(allow('organizations:MoveAccount', ['arn:aws:organizations::1:account/*', 'arn:aws:organizations::1:ou/*']))],
      action: 'organizations:MoveAccount',
      resource: ['arn:aws:organizations::1:account/o-x/2', 'arn:aws:organizations::1:root/o-x/r-1', 'arn:aws:organizations::1:ou/o-x/ou-1'],
    });
    assert.equal(d.decision, 'ImplicitDeny');
    assert.equal(d.resource, 'arn:aws:organizations::1:root/o-x/r-1');
  });

  it('an explicit deny on any resource wins over an implicit deny on an earlier one', () => {
    const d = decide({ identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::b/*'), deny('s3:GetObject', 'arn:aws:s3:::c/*'))], action: 's3:GetObject', resource: ['arn:aws:s3:::a/1', 'arn:aws:s3:::c/1'] });
    assert.equal(d.decision, 'ExplicitDeny');
    assert.equal(d.resource, 'arn:aws:s3:::c/1');
  });
});

describe('explanations', () => {
  const x = sessionOf('X', 'alice', '123');
  const head = 'User: arn:aws:sts::123:assumed-role/X/alice is not authorized to perform: organizations:CreateAccount on resource: *';
  const create = { principal: x, action: 'organizations:CreateAccount' } as const;

  it('each layer in AWS’s words', () => {
    assert.equal(decide({ ...create, identity: [] }).message, `${head} because no identity-based policy allows the organizations:CreateAccount action`);
    assert.equal(decide({ ...create, identity: [Admin], scp: [[FullAWSAccess, doc(deny('organizations:*'))]] }).message, `${head} with an explicit deny in a service control policy`);
    assert.equal(decide({ ...create, identity: [doc(allow('*'), deny('organizations:*'))] }).message, `${head} with an explicit deny in an identity-based policy`);
    assert.equal(decide({ ...create, identity: [Admin], boundary: doc(allow('*'), deny('organizations:*')) }).message, `${head} with an explicit deny in a permissions boundary`);
    assert.equal(decide({ ...create, identity: [Admin], scp: [[doc(allow('s3:*'))]] }).message, `${head} because no service control policy allows the organizations:CreateAccount action`);
    assert.equal(decide({ ...create, identity: [Admin], boundary: doc(allow('s3:*')) }).message, `${head} because no permissions boundary allows the organizations:CreateAccount action`);
    assert.equal(decide({ ...create, identity: [Admin], session: [doc(allow('s3:*'))] }).message, `${head} because no session policy allows the organizations:CreateAccount action`);
  });

  it('names the deciding policy and statement', () => {
    const d = decide({
      ...create,
      identity: [Admin, doc(allow('s3:*'), { Sid: 'NoOrgs', Effect: 'Deny', Action: 'organizations:Create*', Resource: '*' })],
    });
    assert.deepEqual(d.statement, { layer: 'identity', policyId: 'identity-1', index: 1, sid: 'NoOrgs' });
    const allowed = decide({ ...create, identity: [doc(allow('s3:*'), { Sid: 'Orgs', Effect: 'Allow', Action: 'organizations:*', Resource: '*' })] });
    assert.deepEqual(allowed, { decision: 'Allow', layer: 'identity', statement: { layer: 'identity', policyId: 'identity-0', index: 1, sid: 'Orgs' }, resource: '*', message: '' });
    const scp = decide({ ...create, identity: [Admin], scp: [[FullAWSAccess], [doc(deny('organizations:*'))]] });
    assert.deepEqual(scp.statement, { layer: 'scp', policyId: 'scp-1-0', index: 0, sid: undefined });
  });
});
