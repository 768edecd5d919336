/**
 * Whether a URL is one our servers may call on a tenant's behalf: https, no credentials, and a host
 * that is neither loopback, private, link-local (the cloud metadata address) nor otherwise internal,
 * so a registered URL cannot point our outbound calls at our own network. This checks what was
 * written; whoever sends must check the resolved address again (a public name can resolve inward).
 */
import { BlockList, isIP } from 'node:net';

/** Address ranges that are not the public internet (RFC 6890 and friends). */
const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  // Node checks IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) against these rules too.
  internal.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  internal.addSubnet(network, prefix, 'ipv6');
}

/** Names that only ever resolve inside a network. */
const internalName = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa)$/;

export function isPublicHttpsUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  // The URL parser has already turned 0x7f.1 or 2130706433 into 127.0.0.1.
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const version = isIP(host);
  if (version !== 0) return !internal.check(host, version === 4 ? 'ipv4' : 'ipv6');
  // A single label (`https://intranet/`) is resolved by local search domains.
  return host.includes('.') && !internalName.test(host);
}
