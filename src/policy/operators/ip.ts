import { literalText } from '../glob.js';
import { inRange, parseIp, parseRange, type IpRange } from '../ip-address.js';
import { withNegation, type ConditionOperator } from './operator.js';

// IpAddress / NotIpAddress: IPv4 and IPv6 CIDR ranges (a bare address is a /32 or /128).

export const ipOperators: readonly ConditionOperator[] = withNegation<IpRange>(
  {
    name: 'IpAddress',
    parse: (v) => parseRange(literalText(v).trim()),
    test: (v, p) => {
      const ip = parseIp(v);
      return ip !== undefined && inRange(ip, p);
    },
  },
  'NotIpAddress',
);
