import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Which hosts on private, loopback, link-local or other non-public addresses downloads may reach: `false` none
 * (the default), `true` any, or a list of hosts, each `host` (any port) or `host:port`, e.g.
 * `['127.0.0.1:8080', 'files.internal']`.
 */
export type PrivateDownloads = boolean | readonly string[];

/** Resolves a host name to its addresses (default: the system resolver, every address). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 127], // unspecified and loopback (::1)
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

/** The eight 16-bit groups of an IPv6 address (with or without an embedded dotted IPv4 tail). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const parts = dotted[1].split('.').map(Number);
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    text = `${text.slice(0, -dotted[1].length)}${hex(parts[0]!, parts[1]!)}:${hex(parts[2]!, parts[3]!)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (text.includes('::') ? missing < 0 : missing !== 0) return undefined;
  const groups = [...left, ...Array<string>(text.includes('::') ? missing : 0).fill('0'), ...right].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : undefined;
}

/** The IPv4 address an IPv6 one stands for: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible or NAT64. */
function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  if (!g) return undefined;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  const mapped = zeros(5) && g[5] === 0xffff;
  const compatible = zeros(6);
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (!mapped && !compatible && !nat64) return undefined;
  return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.');
}

/**
 * Whether `address` (an IP literal) is not a public Internet address: private (10/8, 172.16/12, 192.168/16,
 * fc00::/7), loopback (127/8, ::1), link-local and cloud metadata (169.254/16, fe80::/10), carrier-grade NAT,
 * multicast, reserved or unspecified, including such IPv4 addresses written as IPv6 (`::ffff:127.0.0.1`).
 */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return NON_PUBLIC.check(bare, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(bare);
  if (v4 !== undefined) return NON_PUBLIC.check(v4, 'ipv4');
  return NON_PUBLIC.check(bare.replace(/%.*$/, ''), 'ipv6');
}

/** `host` or `host:port` as `URL` spells it (lower case, IPv6 in brackets, default ports dropped). */
function canonicalHost(entry: string): { host: string; hasPort: boolean } | undefined {
  try {
    const url = new URL(`http://${entry.trim()}`);
    const hasPort = url.port !== '' || /:\d+$/.test(entry.trim());
    return { host: hasPort ? url.host : url.hostname, hasPort };
  } catch {
    return undefined;
  }
}

function listed(url: URL, hosts: readonly string[]): boolean {
  return hosts.some((entry) => {
    const canonical = canonicalHost(entry);
    if (!canonical) return false;
    return canonical.hasPort ? canonical.host === url.host : canonical.host === url.hostname;
  });
}

/** Names that public DNS never resolves (RFC 6761): looked up nowhere; a fetch to them fails unless mocked. */
const UNRESOLVABLE = /\.(test|invalid|example)\.?$/i;
const LOOPBACK_NAME = /(^|\.)localhost\.?$/i;

const systemResolve: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Why downloads may not reach `url`'s host, or `undefined` when they may: its address (the literal, else every
 * address its name resolves to) must be public, unless `allow` lets private ones through (all, or this host) or
 * the host is one of `trusted` (e.g. the configured API's own host). A name that does not resolve is left to the
 * fetch, which then fails on its own.
 */
export async function privateHostRefusal(
  url: URL,
  policy: {
    allow?: PrivateDownloads;
    trusted?: readonly string[];
    resolve?: ResolveHost;
    signal?: AbortSignal;
  },
): Promise<string | undefined> {
  const { allow = false } = policy;
  if (allow === true) return undefined;
  if (listed(url, policy.trusted ?? []) || (Array.isArray(allow) && listed(url, allow))) return undefined;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(hostname) !== 0) {
    return isNonPublicAddress(hostname) ? `points to the non-public address ${hostname}` : undefined;
  }
  if (LOOPBACK_NAME.test(hostname)) return `points to ${hostname}, a non-public (loopback) name`;
  if (UNRESOLVABLE.test(hostname)) return undefined;
  let addresses: string[];
  try {
    const resolving = (policy.resolve ?? systemResolve)(hostname);
    addresses = await (policy.signal ? abortable(resolving, policy.signal) : resolving);
  } catch (error) {
    if (policy.signal?.aborted) throw error;
    return undefined;
  }
  const inner = addresses.find(isNonPublicAddress);
  return inner === undefined
    ? undefined
    : `points to ${hostname}, which resolves to the non-public address ${inner}`;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
