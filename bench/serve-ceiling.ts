import { createServer } from 'node:http';

// The ceiling: what node:http alone does on this machine. It reads the request body and answers a fixed
// GetCallerIdentity reply, with no routing, signature check, store or XML writing. gatehouse can only approach it.

const body = Buffer.from(
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
    '  <GetCallerIdentityResult>\n' +
    '    <Arn>arn:aws:iam::123456789012:root</Arn>\n' +
    '    <UserId>123456789012</UserId>\n' +
    '    <Account>123456789012</Account>\n' +
    '  </GetCallerIdentityResult>\n' +
    '  <ResponseMetadata>\n' +
    '    <RequestId>c0a1e4b2-0000-4000-8000-000000000000</RequestId>\n' +
    '  </ResponseMetadata>\n' +
    '</GetCallerIdentityResponse>\n',
  'utf8',
);

const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, {
      'content-type': 'text/xml',
      'content-length': body.length,
      'x-amzn-requestid': 'c0a1e4b2-0000-4000-8000-000000000000',
    });
    res.end(body);
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
