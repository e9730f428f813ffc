import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from '../../src/aws/errors.js';
import { applyGroupOperations, applyUserOperations, normalizeUser, pickExtensions } from '../../src/services/identitystore/attributes.js';

// The user attribute rules on their own: required attributes, canonical spellings, value counts and AttributeOperations.

const base = { userName: 'jane', displayName: 'Jane', name: { givenName: 'Jane', familyName: 'Doe' } };

function validation(fn: () => unknown, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof ServiceError && e.code === 'ValidationException' && (!message || message.test(e.message)));
}

describe('identitystore user attributes', () => {
  it('requires userName, displayName and a name with givenName and familyName, in that order of complaint', () => {
    validation(() => normalizeUser({ displayName: 'x' }), /^userName is a required attribute$/);
    validation(() => normalizeUser({ userName: 'x' }), /^displayname: The attribute displayname is required, name: The attribute name is required$/);
    validation(() => normalizeUser({ ...base, name: { givenName: 'x' } }), /familyname/);
    assert.deepEqual(normalizeUser(base), base);
  });

  it('matches structured keys case-insensitively and stores the canonical spelling; unknown keys and too many values are refused', () => {
    const user = normalizeUser({ ...base, emails: [{ VALUE: 'a@x', Type: 'work', primary: true }], addresses: [{ postalcode: '1' }] });
    assert.deepEqual(user.emails, [{ value: 'a@x', type: 'work', primary: true }]);
    assert.deepEqual(user.addresses, [{ postalCode: '1' }]);
    validation(() => normalizeUser({ ...base, emails: [{ value: 'a@x', colour: 'red' }] }));
    validation(() => normalizeUser({ ...base, phoneNumbers: [{ value: '1' }, { value: '2' }] }));
    validation(() => normalizeUser({ ...base, photos: [{ type: 'no value' }] }), /photos\.value/);
    validation(() => normalizeUser({ ...base, emails: [{ primary: 'yes' }] }));
    validation(() => normalizeUser({ ...base, userName: 'has space' }));
    validation(() => normalizeUser({ ...base, title: 'x'.repeat(1025) }));
  });

  it('applies AttributeOperations in order, removing when there is no value, and keeps the result valid', () => {
    const user = normalizeUser({ ...base, nickName: 'JJ' });
    const next = applyUserOperations(user, [
      { path: 'NAME.MIDDLENAME', value: 'Q' },
      { path: 'nickname' },
      { path: 'aws:identitystore:enterprise', value: { department: 'Ops' } },
      { path: 'aws:identitystore:enterprise.manager', value: { value: 'boss' } },
    ]);
    assert.deepEqual(next.name, { givenName: 'Jane', familyName: 'Doe', middleName: 'Q' });
    assert.equal(next.nickName, undefined);
    assert.deepEqual(next.extensions, { 'aws:identitystore:enterprise': { department: 'Ops', manager: { value: 'boss' } } });
    assert.deepEqual(pickExtensions(next, ['aws:identitystore:enterprise']), next.extensions);
    assert.equal(pickExtensions(next, undefined), undefined);
    assert.equal(user.nickName, 'JJ', 'the input is not changed');
    validation(() => applyUserOperations(user, [{ path: 'displayName' }]), /displayname/);
    validation(() => applyUserOperations(user, [{ path: 'name.nickName', value: 'x' }]));
    validation(() => applyUserOperations(user, [{ path: 'aws:identitystore:other', value: { a: 1 } }]), /not supported/);
  });

  it('groups: displayName cannot be removed, description can', () => {
    assert.deepEqual(applyGroupOperations({ displayName: 'A', description: 'd' }, [{ path: 'Description' }]), { displayName: 'A' });
    validation(() => applyGroupOperations({ displayName: 'A' }, [{ path: 'displayName' }]));
    validation(() => applyGroupOperations({ displayName: 'A' }, [{ path: 'members', value: 'x' }]));
  });
});
