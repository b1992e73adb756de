import { hostname as machineHostname, networkInterfaces } from 'node:os';

const LOOPBACK_NAMES = new Set(['localhost', '::1', '[::1]']);

/** Whether binding to `host` keeps the server reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** A hostname as it appears in a `Host` or `Origin` header: IPv6 literals in brackets. */
function asHeaderHostname(host: string): string {
  const h = host.trim().toLowerCase();
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
}

/**
 * The hostnames a request's `Host` (and a browser's `Origin`) may name, against DNS rebinding: always the
 * loopback names; the bound address itself; for a wildcard bind, this machine's name and addresses; plus
 * whatever the operator added (e.g. a DNS name in front of the server).
 */
export function allowedHostnamesFor(bindHost: string, extra: readonly string[] = []): string[] {
  const names = new Set<string>(['localhost', '127.0.0.1', '[::1]']);
  if (isWildcardHost(bindHost)) {
    names.add(machineHostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) names.add(asHeaderHostname(address.address));
    }
  } else {
    names.add(asHeaderHostname(bindHost));
  }
  for (const name of extra) if (name.trim() !== '') names.add(asHeaderHostname(name));
  return [...names];
}
