// The codec registry: one generic codec per protocol, looked up by the service model's protocol.

import { awsJsonCodec } from './aws-json.js';
import { awsQueryCodec } from './aws-query.js';
import type { Codec } from './codec.js';
import type { Protocol } from './model.js';
import { restJsonCodec } from './rest-json.js';

const codecs: Readonly<Record<Protocol, Codec>> = {
  json: awsJsonCodec,
  'rest-json': restJsonCodec,
  query: awsQueryCodec,
};

export function codecFor(protocol: Protocol): Codec {
  return codecs[protocol];
}
