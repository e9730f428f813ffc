import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';

// The ceiling: what node:http alone does on this machine. It reads the request body and answers a fixed reply,
// with no routing, signature check, store or serializing. gatehouse can only approach it.
//
// With no argument it answers a fixed GetCallerIdentity XML body to any request (the sts scenario). With a replies
// file (JSON, written by the parent: `CeilingReply[]` in targets.ts) it answers each request the bytes listed for its
// X-Amz-Target and body, which are what gatehouse answered the same call, and 400 to anything else.

interface Reply {
  readonly contentType: string;
  readonly body: Buffer;
}

const requestId = 'c0a1e4b2-0000-4000-8000-000000000000';

const getCallerIdentity: Reply = {
  contentType: 'text/xml',
  body: Buffer.from(
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
      '  <GetCallerIdentityResult>\n' +
      '    <Arn>arn:aws:iam::123456789012:root</Arn>\n' +
      '    <UserId>123456789012</UserId>\n' +
      '    <Account>123456789012</Account>\n' +
      '  </GetCallerIdentityResult>\n' +
      '  <ResponseMetadata>\n' +
      `    <RequestId>${requestId}</RequestId>\n` +
      '  </ResponseMetadata>\n' +
      '</GetCallerIdentityResponse>\n',
    'utf8',
  ),
};

const key = (target: string, body: string): string => `${target}\n${body}`;

const repliesFile = process.argv[2];
const replies = new Map<string, Reply>();
if (repliesFile) {
  const listed = JSON.parse(readFileSync(repliesFile, 'utf8')) as Array<{
    amzTarget: string;
    requestBody: string;
    contentType: string;
    body: string;
  }>;
  for (const r of listed) replies.set(key(r.amzTarget, r.requestBody), { contentType: r.contentType, body: Buffer.from(r.body, 'utf8') });
}
const unknown: Reply = { contentType: 'text/plain', body: Buffer.from('no reply listed for this request\n') };

function answer(res: ServerResponse, reply: Reply | undefined): void {
  res.writeHead(reply ? 200 : 400, {
    'content-type': (reply ?? unknown).contentType,
    'content-length': (reply ?? unknown).body.length,
    'x-amzn-requestid': requestId,
  });
  res.end((reply ?? unknown).body);
}

// Without a replies file the body is read and dropped, exactly as before replies existed, so sts results compare.
const server = createServer(
  repliesFile
    ? (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const target = req.headers['x-amz-target'];
          answer(res, replies.get(key(typeof target === 'string' ? target : '', Buffer.concat(chunks).toString('utf8'))));
        });
      }
    : (req, res) => {
        req.on('data', () => undefined);
        req.on('end', () => answer(res, getCallerIdentity));
      },
);

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
