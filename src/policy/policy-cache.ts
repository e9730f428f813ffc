import { createHash } from 'node:crypto';
import { compilePolicy, type CompiledPolicy } from './compile.js';

// Compiled policies by content hash, so a document is compiled once however many principals, roles and accounts
// carry it (ReadOnlyAccess on every Identity Center role). Bounded, least recently used out first. Hashing costs about
// as much as a few decisions for a large document; a store that keeps policyHash(text) beside each version can pass
// it in and skip the hashing on every request.

export const DEFAULT_POLICY_CACHE_SIZE = 1000;

/** The cache key of a document: SHA-256 of its text (a parsed document is keyed by its JSON.stringify). */
export function policyHash(document: string | object): string {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  return createHash('sha256').update(text).digest('base64url');
}

export class PolicyCache {
  private readonly entries = new Map<string, CompiledPolicy>();
  private hitCount = 0;
  private missCount = 0;

  constructor(readonly maxEntries: number = DEFAULT_POLICY_CACHE_SIZE) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new Error(`PolicyCache size must be a positive integer, got ${maxEntries}`);
    }
  }

  /** The compiled document; throws PolicySyntaxError (uncached) when it does not compile. */
  compile(document: string | object, hash: string = policyHash(document)): CompiledPolicy {
    const cached = this.entries.get(hash);
    if (cached !== undefined) {
      this.hitCount++;
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.entries.delete(hash);
      this.entries.set(hash, cached);
      return cached;
    }
    this.missCount++;
    const compiled = compilePolicy(document);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, compiled);
    return compiled;
  }

  get size(): number {
    return this.entries.size;
  }

  get stats(): { readonly hits: number; readonly misses: number; readonly size: number } {
    return { hits: this.hitCount, misses: this.missCount, size: this.entries.size };
  }

  clear(): void {
    this.entries.clear();
  }
}
