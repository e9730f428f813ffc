import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Calls a local gatehouse server's control API with the token from its data directory. */
export async function controlRequest<T>(endpoint: string, dataDir: string, method: string, path: string, body?: unknown): Promise<T> {
  let token: string;
  try {
    token = (await readFile(join(dataDir, 'control-token'), 'utf8')).trim();
  } catch {
    throw new Error(`no control token in ${dataDir}: start the server with this data directory first (gatehouse serve --data-dir ${dataDir})`);
  }
  let response: Response;
  try {
    response = await fetch(`${endpoint}/_gatehouse/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new Error(`cannot reach gatehouse at ${endpoint}: is 'gatehouse serve' running on that port?`);
  }
  if (response.status === 401) {
    throw new Error(`gatehouse at ${endpoint} refused the control token: is it using --data-dir ${dataDir}?`);
  }
  const payload = (await response.json().catch(() => ({}))) as T & { message?: string };
  if (!response.ok) throw new Error(payload.message ?? `gatehouse answered HTTP ${response.status}`);
  return payload;
}
