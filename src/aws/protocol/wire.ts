// The HTTP request and response as codecs see them: already read, independent of node:http.

export interface WireRequest {
  readonly method: string;
  /** The raw path, without the query string, still percent-encoded. */
  readonly path: string;
  /** The raw query string without '?', still percent-encoded ('' when absent). */
  readonly rawQuery: string;
  readonly query: URLSearchParams;
  /** Lower-cased header names; repeated headers joined by ', '. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The peer's IP address (aws:SourceIp); undefined when not from a socket. */
  readonly remoteAddress?: string | undefined;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
  /** Set-Cookie values (pages only): one header each, as HTTP requires. */
  readonly setCookies?: readonly string[];
}
