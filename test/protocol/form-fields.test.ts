import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formFields } from '../../src/aws/protocol/form-fields.js';

// The router reads Action and Version with formFields while the awsQuery codec reads the whole form with
// URLSearchParams: both must see the same values, whatever the client sent.

const names = ['Action', 'Version'];

function byUrlSearchParams(text: string): Map<string, string> {
  const params = new URLSearchParams(text);
  const out = new Map<string, string>();
  for (const name of names) {
    const value = params.get(name);
    if (value !== null) out.set(name, value);
  }
  return out;
}

describe('formFields', () => {
  const bodies = [
    'Action=GetCallerIdentity&Version=2011-06-15',
    'Version=2011-06-15&Action=GetCallerIdentity&Action=AssumeRole',
    'RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx&Action=AssumeRole&Version=2011-06-15',
    '%41ction=Get%43allerIdentity&Version=2011%2D06%2D15',
    'Action=Get+Caller&Version=%zz%4',
    'Action&Version=',
    'Action=a=b&&&Version=1',
    '?Action=GetCallerIdentity',
    '??Action=GetCallerIdentity',
    '=x&Action=%E2%9C%93&Version=%C3',
    'Ac+tion=x&Action=y',
    '',
    '&',
    'Version=2011-06-15',
  ];
  for (const body of bodies) {
    it(`reads ${JSON.stringify(body)} as URLSearchParams does`, () => {
      assert.deepEqual(formFields(body, names), byUrlSearchParams(body));
    });
  }
});
