// Condition operators one by one, and the rules shared by all of them: missing keys, IfExists, set qualifiers,
// negation, multivalued keys, variables in values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileConditions, conditionsHold } from '../../src/policy/conditions.js';
import { contextOf, type ContextValue } from '../../src/policy/index.js';
import type { PolicyIssue } from '../../src/policy/issues.js';

/** Whether the Condition block holds for the context. */
function holds(block: object, context: Record<string, ContextValue>): boolean {
  const issues: PolicyIssue[] = [];
  const compiled = compileConditions(block, true, 0, issues);
  assert.deepEqual(issues, []);
  return conditionsHold(compiled, contextOf(context));
}

const one = (op: string, policy: unknown, value: ContextValue | undefined, key = 'k:v') =>
  holds({ [op]: { [key]: policy } }, value === undefined ? {} : { [key]: value });

describe('string operators', () => {
  it('StringEquals / StringNotEquals are case-sensitive and read * literally', () => {
    assert.ok(one('StringEquals', 'blue', 'blue'));
    assert.ok(!one('StringEquals', 'blue', 'Blue'));
    assert.ok(!one('StringEquals', 'b*', 'blue'));
    assert.ok(one('StringEquals', 'b*', 'b*'));
    assert.ok(one('StringNotEquals', 'blue', 'red'));
    assert.ok(!one('StringNotEquals', ['red', 'blue'], 'blue'));
  });

  it('the IgnoreCase pair', () => {
    assert.ok(one('StringEqualsIgnoreCase', 'BLUE', 'blue'));
    assert.ok(!one('StringNotEqualsIgnoreCase', 'BLUE', 'Blue'));
    assert.ok(one('StringNotEqualsIgnoreCase', 'BLUE', 'red'));
  });

  it('StringLike / StringNotLike with * and ?', () => {
    assert.ok(one('StringLike', 'home/*', 'home/alice/x'));
    assert.ok(one('StringLike', 'q?', 'q1'));
    assert.ok(!one('StringLike', 'q?', 'q10'));
    assert.ok(one('StringLike', '', ''));
    assert.ok(one('StringNotLike', 'prod-*', 'dev-1'));
    assert.ok(!one('StringNotLike', 'prod-*', 'prod-1'));
  });
});

describe('numeric, date, bool, binary, IP and ARN operators', () => {
  it('numbers, integer or decimal', () => {
    assert.ok(one('NumericLessThan', '3600', '120'));
    assert.ok(!one('NumericLessThan', 3600, '7200'));
    assert.ok(one('NumericLessThanEquals', '10', '10.0'));
    assert.ok(one('NumericGreaterThan', '1.5', '2'));
    assert.ok(one('NumericGreaterThanEquals', '2', '2'));
    assert.ok(one('NumericEquals', '10', '10'));
    assert.ok(one('NumericNotEquals', '10', '11'));
    assert.ok(!one('NumericEquals', 'ten', '10'));
    assert.ok(!one('NumericLessThan', '10', 'abc'));
  });

  it('dates as ISO 8601 or epoch seconds, compared as instants', () => {
    assert.ok(one('DateLessThan', '2030-01-01T00:00:00Z', '2029-06-01T00:00:00Z'));
    assert.ok(one('DateLessThan', '1767225600', '2025-06-01T00:00:00Z'));
    assert.ok(!one('DateLessThan', '1767225600', '2026-06-01T00:00:00Z'));
    assert.ok(one('DateGreaterThan', '2023-01-01', '1767225600'));
    assert.ok(one('DateEquals', '2025-01-01T00:00:00Z', '1735689600'));
    assert.ok(one('DateNotEquals', '2025-01-01T00:00:00Z', '1735689601'));
    assert.ok(one('DateLessThanEquals', '2025-01-01T00:00:00+01:00', '2024-12-31T23:00:00Z'));
    assert.ok(one('DateGreaterThanEquals', '2025-01-01', '2025-01-01T00:00:00Z'));
    assert.ok(!one('DateLessThan', 'not a date', '2025-01-01'));
  });

  it('Bool in any case, as a JSON boolean too', () => {
    assert.ok(one('Bool', 'true', 'true'));
    assert.ok(one('Bool', true, 'TRUE'));
    assert.ok(!one('Bool', false, 'true'));
  });

  it('BinaryEquals compares decoded bytes', () => {
    assert.ok(one('BinaryEquals', 'QmluYXJ5VmFsdWU=', Buffer.from('BinaryValue').toString('base64')));
    assert.ok(!one('BinaryEquals', 'QmluYXJ5VmFsdWU=', Buffer.from('Other').toString('base64')));
  });

  it('IpAddress / NotIpAddress', () => {
    assert.ok(one('IpAddress', ['192.0.2.0/24', '203.0.113.0/24'], '203.0.113.5', 'aws:SourceIp'));
    assert.ok(one('NotIpAddress', ['192.0.2.0/24'], '198.51.100.1', 'aws:SourceIp'));
    assert.ok(!one('IpAddress', '192.0.2.0/24', 'not-an-ip', 'aws:SourceIp'));
  });

  it('ArnEquals / ArnLike take wildcards per segment; the Not forms negate', () => {
    const role = 'arn:aws:iam::111122223333:role/OrgAdminRole';
    for (const op of ['ArnLike', 'ArnEquals']) assert.ok(one(op, 'arn:aws:iam::*:role/OrgAdmin*', role));
    assert.ok(!one('ArnNotLike', 'arn:aws:iam::*:role/OrgAdmin*', role));
    assert.ok(one('ArnNotEquals', 'arn:aws:iam::*:role/Dev', role));
    assert.ok(!one('ArnLike', 'arn:aws:iam::*:role/OrgAdmin*', 'not-an-arn'));
  });
});

describe('rules shared by every operator', () => {
  it('a missing key: false, but true for IfExists, negated operators and ForAllValues', () => {
    assert.ok(!one('StringEquals', 'x', undefined));
    assert.ok(one('StringEqualsIfExists', 'x', undefined));
    assert.ok(one('StringNotEquals', 'x', undefined));
    assert.ok(one('NotIpAddress', '10.0.0.0/8', undefined));
    assert.ok(one('ArnNotLike', 'arn:*', undefined));
    assert.ok(one('ForAllValues:StringEquals', 'x', undefined));
    assert.ok(!one('ForAnyValue:StringEquals', 'x', undefined));
    assert.ok(!one('ForAnyValue:StringNotEquals', 'x', undefined));
    assert.ok(one('ForAnyValue:StringEqualsIfExists', 'x', undefined));
  });

  it('IfExists applies the operator when the key is there', () => {
    assert.ok(!one('StringEqualsIfExists', 'x', 'y'));
    assert.ok(one('NumericLessThanIfExists', '5', '4'));
  });

  it('Null tests presence', () => {
    assert.ok(one('Null', 'true', undefined));
    assert.ok(!one('Null', 'true', 'v'));
    assert.ok(one('Null', false, 'v'));
    assert.ok(!one('Null', 'false', undefined));
  });

  it('ForAnyValue and ForAllValues over multivalued keys, positive and negated', () => {
    const allowed = ['env', 'team'];
    assert.ok(one('ForAnyValue:StringEquals', allowed, ['owner', 'team']));
    assert.ok(!one('ForAnyValue:StringEquals', allowed, ['owner']));
    assert.ok(one('ForAllValues:StringEquals', allowed, ['env', 'team']));
    assert.ok(!one('ForAllValues:StringEquals', allowed, ['env', 'owner']));
    assert.ok(one('ForAllValues:StringEquals', allowed, []));
    assert.ok(one('ForAnyValue:StringNotEquals', allowed, ['env', 'owner']));
    assert.ok(!one('ForAllValues:StringNotEquals', allowed, ['env', 'owner']));
    assert.ok(one('ForAllValues:StringNotEquals', allowed, ['owner', 'cost']));
    assert.ok(one('ForAnyValue:StringLike', 'o-1/r-1/ou-1/*', ['o-1/r-1/ou-2/', 'o-1/r-1/ou-1/ou-3/']));
  });

  it('without a qualifier, a multivalued key: positive operators need one match, negated ones none', () => {
    assert.ok(one('StringEquals', 'team', ['owner', 'team']));
    assert.ok(!one('StringNotEquals', 'team', ['owner', 'team']));
    assert.ok(one('StringNotEquals', 'team', ['owner', 'cost']));
  });

  it('keys are ANDed, values ORed, operators ANDed; key names ignore case', () => {
    const block = { StringEquals: { 'aws:PrincipalTag/Team': ['red', 'blue'], 'aws:RequestedRegion': 'us-east-1' }, Bool: { 'aws:SecureTransport': 'true' } };
    assert.ok(holds(block, { 'AWS:PRINCIPALTAG/TEAM': 'blue', 'aws:requestedregion': 'us-east-1', 'aws:SecureTransport': 'true' }));
    assert.ok(!holds(block, { 'aws:PrincipalTag/team': 'blue', 'aws:RequestedRegion': 'eu-west-1', 'aws:SecureTransport': 'true' }));
    assert.ok(!holds(block, { 'aws:PrincipalTag/team': 'blue', 'aws:RequestedRegion': 'us-east-1', 'aws:SecureTransport': 'false' }));
  });

  it('variables in values; an unresolved one makes the condition false, whatever the operator', () => {
    const ctx = { 'aws:ResourceTag/team': 'blue', 'aws:PrincipalTag/team': 'blue' };
    assert.ok(!one('StringEquals', '${aws:PrincipalTag/team}', 'blue', 'aws:ResourceTag/team')); // no principal tag here
    assert.ok(holds({ StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } }, ctx));
    assert.ok(!holds({ StringNotEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/missing}' } }, ctx));
    assert.ok(holds({ StringLike: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}*' } }, { ...ctx, 'aws:ResourceTag/team': 'blue-2' }));
    assert.ok(!holds({ StringLike: { 'aws:ResourceTag/team': '${*}' } }, ctx));
    assert.ok(holds({ StringLike: { 'aws:ResourceTag/team': '${*}' } }, { 'aws:ResourceTag/team': '*' }));
  });

  it('unknown operators and malformed blocks are reported', () => {
    const issues: PolicyIssue[] = [];
    compileConditions({ StringEqualz: { a: 'b' }, NullIfExists: { a: 'true' }, 'ForAllValues:Null': { a: 'true' }, Bool: 'x', StringLike: { a: [{}] } }, true, 3, issues);
    assert.deepEqual(
      issues.map((i) => i.code),
      ['unknown-condition-operator', 'unknown-condition-operator', 'unknown-condition-operator', 'invalid-condition', 'invalid-condition'],
    );
    assert.match(issues[0]?.message ?? '', /StringEqualz/);
  });
});
