import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utcDateTime, utcTime } from '../../src/cli/utc-time.js';

// Moments in messages: UTC to the minute, the zone said, from a Date or an ISO 8601 UTC timestamp as written.

describe('UTC times in messages', () => {
  it('shows a Date and a timestamp in UTC to the minute', () => {
    const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 59, 999));
    assert.equal(utcTime(when), '03:04 UTC');
    assert.equal(utcDateTime(when), '2026-01-02 03:04 UTC');
    assert.equal(utcTime('2026-11-26T23:59:00Z'), '23:59 UTC');
    assert.equal(utcDateTime('2026-11-26T23:59:00Z'), '2026-11-26 23:59 UTC');
  });

  it('cuts a timestamp rather than parsing it, so botocore\'s form and one with milliseconds read the same', () => {
    assert.equal(utcDateTime('2026-11-26T07:05:00.123Z'), utcDateTime('2026-11-26T07:05:00Z'));
  });
});
