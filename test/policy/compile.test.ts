// Compiling documents (and refusing unreadable ones), the compiled-policy cache, and validation on write.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePolicy, PolicyCache, policyHash, PolicySyntaxError, validatePolicy, type PolicyIssue } from '../../src/policy/index.js';
import { ReadOnlyAccess, ViewOnlyAccess } from './managed-policies.js';
import { allow, doc } from './support.js';

function syntaxIssues(document: string | object): readonly string[] {
  try {
    compilePolicy(document);
  } catch (error) {
    assert.ok(error instanceof PolicySyntaxError);
    return error.issues.map((i) => i.code);
  }
  assert.fail('compiled');
}

const codes = (issues: readonly PolicyIssue[]) => issues.map((i) => `${i.severity}:${i.code}`);

describe('compilePolicy', () => {
  it('reads JSON text and parsed documents alike, a single statement object too', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: { Sid: 'One', Effect: 'Allow', Action: 's3:*', Resource: '*' } });
    assert.equal(compilePolicy(text).statements[0]?.sid, 'One');
    assert.equal(compilePolicy(JSON.parse(text) as object).statements.length, 1);
    assert.equal(compilePolicy(ReadOnlyAccess.document).statements.length, 3);
  });

  it('lists everything that makes a document unreadable', () => {
    assert.deepEqual(syntaxIssues('{not json'), ['invalid-json']);
    assert.deepEqual(syntaxIssues('[]'), ['invalid-document']);
    assert.deepEqual(syntaxIssues({ Version: '2012-10-17' }), ['invalid-document']);
    assert.deepEqual(syntaxIssues({ Version: '2020-01-01', Statement: [], Extra: 1 }), ['invalid-document', 'invalid-version']);
    assert.deepEqual(
      syntaxIssues({
        Statement: [
          { Effect: 'Permit', Action: 's3:*', Resource: '*' },
          { Effect: 'Allow', Resource: '*' },
          { Effect: 'Allow', Action: 's3:*', NotAction: 'ec2:*', Resource: '*', Colour: 'red' },
          { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEqualz: { a: 'b' } } },
          'not a statement',
        ],
      }),
      ['invalid-effect', 'invalid-statement', 'invalid-statement', 'invalid-statement', 'unknown-condition-operator', 'invalid-statement'],
    );
  });
});

describe('PolicyCache', () => {
  it('compiles a document once, whatever its form, keyed by content', () => {
    const cache = new PolicyCache(10);
    const a = cache.compile(ViewOnlyAccess.document);
    assert.equal(cache.compile(JSON.stringify(ViewOnlyAccess.document)), a);
    assert.equal(cache.compile(ViewOnlyAccess.document, policyHash(ViewOnlyAccess.document)), a);
    assert.deepEqual(cache.stats, { hits: 2, misses: 1, size: 1 });
  });

  it('keeps at most its bound, dropping the least recently used', () => {
    const cache = new PolicyCache(2);
    const one = doc(allow('s3:GetObject'));
    const two = doc(allow('s3:PutObject'));
    const three = doc(allow('s3:DeleteObject'));
    const first = cache.compile(one);
    cache.compile(two);
    cache.compile(one); // one is now the most recent; two goes next
    cache.compile(three);
    assert.equal(cache.size, 2);
    assert.equal(cache.compile(one), first);
    assert.equal(cache.stats.misses, 3);
    cache.compile(two);
    assert.equal(cache.stats.misses, 4);
  });

  it('does not keep documents that fail to compile', () => {
    const cache = new PolicyCache();
    assert.throws(() => cache.compile('{'), PolicySyntaxError);
    assert.equal(cache.size, 0);
    assert.throws(() => new PolicyCache(0));
  });
});

describe('validatePolicy', () => {
  it('accepts AWS’s own managed policies', async () => {
    const issues = await validatePolicy(ViewOnlyAccess.document, 'managed');
    assert.deepEqual(issues.filter((i) => i.severity === 'error'), []);
  });

  it('names unknown services and actions precisely, as warnings: IAM stores them', async () => {
    const issues = await validatePolicy(doc(allow(['foo:Bar', 's3:GetObjekt', 'organizations:List*', 's3:Gett*', '*'])));
    assert.deepEqual(codes(issues), ['warning:unknown-service', 'warning:unknown-action', 'warning:action-matches-nothing']);
    assert.equal(issues[0]?.message, 'Action foo:Bar: foo is not the prefix of an AWS service');
    assert.equal(issues[1]?.message, 'Action s3:GetObjekt: s3 has no action GetObjekt');
  });

  it('wildcard-only actions on a named resource never match: a warning', async () => {
    const named = doc(allow('organizations:CreateAccount', 'arn:aws:organizations::111122223333:account/o-x/*'));
    assert.deepEqual(codes(await validatePolicy(named)), ['warning:wildcard-only-action']);
    assert.deepEqual(codes(await validatePolicy(doc({ Effect: 'Allow', Action: 'iam:ListUsers', NotResource: 'arn:aws:iam::1:user/x' }))), ['warning:wildcard-only-action']);
    assert.deepEqual(codes(await validatePolicy(doc({ Effect: 'Deny', NotAction: 'iam:ListUsers', Resource: 'arn:aws:s3:::b' }))), []);
  });

  it('refuses unknown condition operators with IAM’s syntax error', async () => {
    const issues = await validatePolicy(doc(allow('s3:*', '*', { StringEqualsIgnorecase: { a: 'b' }, DateAfter: { 'aws:CurrentTime': '2030-01-01' } })));
    assert.deepEqual(codes(issues), ['error:syntax']);
    assert.equal(issues[0]?.message, 'Syntax errors in policy.');
  });

  it('checks principals against where the policy is used', async () => {
    const trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    assert.deepEqual(codes(await validatePolicy(trust, 'trust')), []);
    assert.deepEqual(codes(await validatePolicy(trust, 'identity')), ['error:unexpected-principal']);
    assert.deepEqual(codes(await validatePolicy(doc(allow('sts:AssumeRole')), 'trust')), ['error:missing-principal']);
    assert.deepEqual(codes(await validatePolicy(doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'identity')), ['error:missing-resources']);
  });
});
