// Timestamp wire forms shared by the codecs. Which form applies: the member's timestampFormat, else the shape's,
// else the protocol default for where the value travels (JSON bodies: epoch seconds; headers: RFC 7231 dates;
// query strings and awsQuery: ISO 8601).

import type { MemberRef, Shape, TimestampFormat } from './model.js';

export function timestampFormatOf(ref: MemberRef, shape: Shape, fallback: TimestampFormat): TimestampFormat {
  if (ref.timestampFormat) return ref.timestampFormat;
  if (shape.type === 'timestamp' && shape.timestampFormat) return shape.timestampFormat;
  return fallback;
}

/** A provider may hand us a Date, epoch milliseconds or an ISO string; everything else is not a time. */
export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value);
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : new Date(ms);
  }
  return undefined;
}

/** ISO 8601 as AWS writes it: `2026-11-22T11:40:43Z`, with milliseconds only when they are not zero. */
export function isoTimestamp(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

export function formatTimestamp(date: Date, format: TimestampFormat): string | number {
  switch (format) {
    case 'unixTimestamp':
      return epochSeconds(date);
    case 'rfc822':
      return date.toUTCString();
    case 'iso8601':
      return isoTimestamp(date);
  }
}

const numeric = /^[+-]?\d+(\.\d+)?$/;

/**
 * Reads a timestamp from text (headers, query strings, awsQuery forms), leniently: epoch seconds in any position,
 * otherwise whatever Date.parse accepts (ISO 8601 and RFC 7231 both).
 */
export function parseTimestampText(text: string): Date | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (numeric.test(trimmed)) return new Date(Number(trimmed) * 1000);
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
