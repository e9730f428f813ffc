// IPv4 and IPv6 addresses and CIDR ranges for the IpAddress / NotIpAddress operators. Both families are held as
// bigints of their width (32 or 128 bits), so one comparison serves both. An IPv4-mapped IPv6 address
// (::ffff:203.0.113.7) is the IPv4 address it maps.

export interface IpAddress {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

export interface IpRange extends IpAddress {
  readonly prefix: number;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(text: string): bigint | undefined {
  const m = V4.exec(text);
  if (!m) return undefined;
  let value = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  const zone = text.indexOf('%');
  const address = zone === -1 ? text : text.slice(0, zone);
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): bigint[] | undefined => {
    if (half === undefined || half === '') return [];
    const out: bigint[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseV4(part);
        if (v4 === undefined) return undefined;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
        out.push(BigInt(`0x${part}`));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  let value = 0n;
  for (const g of [...head, ...Array<bigint>(halves.length === 1 ? 0 : missing).fill(0n), ...tail]) value = (value << 16n) | g;
  return value;
}

export function parseIp(text: string): IpAddress | undefined {
  const t = text.trim();
  if (t.includes(':')) {
    const value = parseV6(t);
    if (value === undefined) return undefined;
    if (value >> 32n === 0xffffn) return { bits: 32, value: value & 0xffffffffn };
    return { bits: 128, value };
  }
  const value = parseV4(t);
  return value === undefined ? undefined : { bits: 32, value };
}

/** A CIDR range (203.0.113.0/24, 2001:db8::/32) or a single address (as /32 or /128). */
export function parseRange(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!address) return undefined;
  const mapped = text.includes(':') && address.bits === 32; // ::ffff:a.b.c.d/104 style: prefix counts 128 bits
  let prefix: number = address.bits;
  if (slash !== -1) {
    const raw = text.slice(slash + 1).trim();
    if (!/^\d{1,3}$/.test(raw)) return undefined;
    prefix = Number(raw) - (mapped ? 96 : 0);
    if (prefix < 0 || prefix > address.bits) return undefined;
  }
  return { ...address, prefix };
}

export function inRange(ip: IpAddress, range: IpRange): boolean {
  if (ip.bits !== range.bits) return false;
  const shift = BigInt(range.bits - range.prefix);
  return ip.value >> shift === range.value >> shift;
}
