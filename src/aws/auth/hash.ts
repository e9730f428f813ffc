import { hash } from 'node:crypto';

/** sha256 as lower-case hex, one-shot (Node 20.12+): no Hash object per call on the hot path. */
export function sha256Hex(value: string | Buffer): string {
  return hash('sha256', value, 'hex');
}
