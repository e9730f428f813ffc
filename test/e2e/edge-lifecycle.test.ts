import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { listen, type Area } from '../../src/edge/http-server.js';
import { createLogger } from '../../src/lib/log.js';

// The front door on its own: bodies over the limit, clients that leave mid-body, and a close that waits for the
// requests in flight but not for ones whose client is gone.

const log = createLogger('silent');
const echo: Area = (request) => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: `${request.method} ${request.body.length}` });

function post(port: number, body: string, headers: Record<string, string> = {}): Promise<{ status: number; requestId: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, requestId: res.headers['x-amzn-requestid'] as string | undefined, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the edge', () => {
  it('answers 413 with a request id to a body over the limit, declared or streamed, and reads the rest', async () => {
    const edge = await listen({ port: 0, host: '127.0.0.1', areas: [echo], log, maxBodyBytes: 16 });
    try {
      const small = await post(edge.port, 'x'.repeat(16));
      assert.deepEqual([small.status, small.body], [200, 'POST 16']);
      const declared = await post(edge.port, 'x'.repeat(17));
      assert.equal(declared.status, 413);
      assert.ok(declared.requestId);
      assert.match(declared.body, /Request entity too large/);
      const chunked = await post(edge.port, 'x'.repeat(40), { 'transfer-encoding': 'chunked' });
      assert.equal(chunked.status, 413);
    } finally {
      await edge.close();
    }
  });

  it('close waits for a request in flight and answers it', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slow: Area = async (request) => {
      entered();
      await released;
      return echo(request, 'id');
    };
    const edge = await listen({ port: 0, host: '127.0.0.1', areas: [slow], log });
    const answer = post(edge.port, 'hello');
    await inside;
    let closed = false;
    const closing = edge.close(600_000).then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(closed, false, 'close returned while a request was in flight');
    release();
    assert.deepEqual([(await answer).status, (await answer).body], [200, 'POST 5']);
    await closing;
  });

  // A client that sends half its body and goes away leaves nothing in flight: close() would otherwise wait its
  // whole grace period (ten minutes here, past the test's timeout).
  it('a client that leaves mid-body is not waited for on close', { timeout: 20_000 }, async () => {
    let calls = 0;
    const counting: Area = (request) => {
      calls++;
      return echo(request, 'id');
    };
    const edge = await listen({ port: 0, host: '127.0.0.1', areas: [counting], log });
    const arrived = new Promise<IncomingMessage>((resolve) => edge.server.once('request', resolve));
    const socket = connect(edge.port, '127.0.0.1');
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789');
    const req = await arrived;
    const failed = new Promise<void>((resolve) => req.once('error', () => resolve()));
    socket.destroy();
    await failed;
    await edge.close(600_000);
    assert.equal(calls, 0);
  });

  // Pipelined requests arrive in one read, so their answers are ready in one event-loop turn: the first is written
  // at once and the rest are held to the turn's end. Each must still reach its own request, in order, and an answer
  // node refuses to write must not take the others of its turn with it.
  it('answers requests that arrive together, each its own, in order, even when one of them cannot be written', async () => {
    const area: Area = (request) =>
      request.body.toString() === 'bad'
        ? { status: 200, headers: { 'x-broken': 'line\nbreak' }, body: 'never sent' }
        : echo(request, 'id');
    const edge = await listen({ port: 0, host: '127.0.0.1', areas: [area], log });
    try {
      const bodies = ['a', 'bb', 'bad', 'dddd', 'eeeee'];
      const socket = connect(edge.port, '127.0.0.1');
      let received = '';
      const all = new Promise<string>((resolve, reject) => {
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => {
          received += chunk;
          if ((received.match(/HTTP\/1\.1 /g) ?? []).length === bodies.length && received.endsWith('POST 5')) resolve(received);
        });
        socket.on('error', reject);
      });
      socket.write(bodies.map((body) => `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`).join(''));
      const responses = (await all).split(/(?=HTTP\/1\.1 )/);
      socket.destroy();
      assert.deepEqual(
        responses.map((response) => [response.slice(9, 12), response.slice(response.indexOf('\r\n\r\n') + 4)]),
        [['200', 'POST 1'], ['200', 'POST 2'], ['500', '{"message":"Internal server error"}'], ['200', 'POST 4'], ['200', 'POST 5']],
      );
      const ids = responses.map((response) => /x-amzn-RequestId: (\S+)/i.exec(response)?.[1]);
      assert.equal(new Set(ids).size, bodies.length, 'every answer has a request id of its own');
    } finally {
      await edge.close();
    }
  });

  // close() called while answers of the turn are held still lets every answer out before the connections go.
  it('close in the middle of a turn with held answers answers every request first', async () => {
    let closing: Promise<void> | undefined;
    const area: Area = (request) => {
      if (request.body.toString() === 'ccc') closing = edge.close(600_000);
      return echo(request, 'id');
    };
    const edge = await listen({ port: 0, host: '127.0.0.1', areas: [area], log });
    const bodies = ['a', 'bb', 'ccc', 'dddd', 'eeeee'];
    const socket = connect(edge.port, '127.0.0.1');
    let received = '';
    const ended = new Promise<void>((resolve, reject) => {
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    socket.write(bodies.map((body) => `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`).join(''));
    await ended;
    await closing;
    assert.deepEqual(
      received.split(/(?=HTTP\/1\.1 )/).map((response) => response.slice(response.indexOf('\r\n\r\n') + 4)),
      ['POST 1', 'POST 2', 'POST 3', 'POST 4', 'POST 5'],
    );
  });
});
