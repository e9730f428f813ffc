// Statement positions as IAM's simulator reports them, read from the policy's text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statementSpans } from '../../src/policy/index.js';

describe('statementSpans', () => {
  it('a single statement object: from its { to just after its }', () => {
    const text = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}';
    assert.deepEqual(statementSpans(text), [{ start: { line: 1, column: 37 }, end: { line: 1, column: text.length } }]);
  });

  it('statements of a list, across lines, past strings holding braces, quotes and a "Statement" of their own', () => {
    const text = [
      '{',
      '  "Id": "a } \\" { [",',
      '  "Statement": [',
      '    {"Sid": "One", "Effect": "Allow", "Action": "s3:*", "Resource": "*",',
      '     "Condition": {"StringEquals": {"Statement": "}"}}},',
      '\t{ "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*" }',
      '  ],',
      '  "Version": "2012-10-17"',
      '}',
    ].join('\n');
    assert.deepEqual(statementSpans(text), [
      { start: { line: 4, column: 5 }, end: { line: 5, column: 56 } },
      { start: { line: 6, column: 2 }, end: { line: 6, column: 68 } },
    ]);
  });

  it('no positions for what is not a policy object', () => {
    assert.deepEqual(statementSpans('[]'), []);
    assert.deepEqual(statementSpans('{"Statement":'), []);
  });
});
