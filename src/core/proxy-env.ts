import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';
import { InputError } from './errors.js';
import { redactUrl } from './redact.js';

/**
 * The proxy for one URL from the environment, as kubectl picks it: Go's `http.ProxyFromEnvironment`
 * (golang.org/x/net/http/httpproxy). `https://` URLs use HTTPS_PROXY, `http://` URLs HTTP_PROXY (each upper case
 * first, then lower case; an empty value counts as unset); NO_PROXY (or no_proxy) lists what goes direct; `localhost`
 * and loopback addresses never go through a proxy. A kubeconfig's `proxy-url` is chosen before all of this by the
 * caller, as client-go does.
 */
export interface EnvProxy {
  /** The proxy URL, with `http://` added to a bare `host:port` as Go does. */
  url: string;
  /** The variable it came from, for messages: `HTTPS_PROXY`, `https_proxy`, `HTTP_PROXY` or `http_proxy`. */
  variable: string;
}

const PROXY_SCHEMES = new Set(['http:', 'https:', 'socks5:', 'socks5h:']);
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** The first non-empty of the names, with the name it was found under. */
function envAny(env: NodeJS.ProcessEnv, ...names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value) return { name, value };
  }
  return undefined;
}

/**
 * The proxy to reach `target` through, or undefined to connect directly. Throws (KCS-NET-001) when the variable that
 * applies holds something that is not a proxy URL: Go would quietly connect directly instead, which behind a proxy that
 * is the only way out fails later with a less helpful message.
 */
export function proxyFromEnvironment(target: string, env: NodeJS.ProcessEnv): EnvProxy | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  const found =
    url.protocol === 'https:'
      ? envAny(env, 'HTTPS_PROXY', 'https_proxy')
      : url.protocol === 'http:'
        ? envAny(env, 'HTTP_PROXY', 'http_proxy')
        : undefined;
  if (!found) return undefined;
  const noProxy = envAny(env, 'NO_PROXY', 'no_proxy')?.value ?? '';
  if (!useProxy(url, noProxy)) return undefined;
  return { url: parseEnvProxy(found.name, found.value), variable: found.name };
}

/** A proxy variable's value as a URL: `host:port` and `host` get `http://`, as in Go's httpproxy. */
export function parseEnvProxy(variable: string, value: string): string {
  const text = value.trim();
  const withScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text) ? text : `http://${text}`;
  let url: URL | undefined;
  try {
    url = new URL(withScheme);
  } catch {
    url = undefined;
  }
  if (!url || !PROXY_SCHEMES.has(url.protocol) || url.hostname === '') {
    throw new InputError(
      'KCS-NET-001',
      `${variable}: ${JSON.stringify(redactUrl(text, { query: true }))} is not a proxy URL; use http://host:port, https://host:port or socks5://host:port (credentials as http://user:password@host:port)`,
    );
  }
  return withScheme;
}

/** Whether a request to `url` goes through the proxy, given NO_PROXY: Go's `useProxy`, rule for rule. */
export function useProxy(url: URL, noProxy: string): boolean {
  const host = hostOf(url);
  if (host === '') return true;
  if (host === 'localhost') return false;
  const ip = parseIp(host);
  if (ip && isLoopback(ip)) return false;
  const port = url.port || DEFAULT_PORTS[url.protocol] || '';
  return !parseNoProxy(noProxy).some((rule) => rule(host, port, ip));
}

type Rule = (host: string, port: string, ip: Uint8Array | undefined) => boolean;

/** NO_PROXY, parsed as Go's httpproxy parses it; entries it cannot read are skipped, as there. */
export function parseNoProxy(noProxy: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return [() => true];
    const cidr = parseCidr(entry);
    if (cidr) {
      rules.push((_host, _port, ip) => ip !== undefined && cidrContains(cidr, ip));
      continue;
    }
    const split = splitHostPort(entry);
    let entryHost = split ? split.host : entry;
    const entryPort = split ? split.port : '';
    if (split && entryHost === '') continue;
    if (entryHost.startsWith('[') && entryHost.endsWith(']')) entryHost = entryHost.slice(1, -1);
    const entryIp = parseIp(entryHost);
    if (entryIp) {
      rules.push(
        (_host, port, ip) => ip !== undefined && sameIp(entryIp, ip) && (entryPort === '' || entryPort === port),
      );
      continue;
    }
    if (entryHost === '') continue;
    // foo.com matches foo.com and bar.foo.com; .foo.com and *.foo.com match bar.foo.com only.
    if (entryHost.startsWith('*.')) entryHost = entryHost.slice(1);
    const matchHost = !entryHost.startsWith('.');
    const suffix = toAscii(matchHost ? `.${entryHost}` : entryHost);
    rules.push(
      (host, port) =>
        (host.endsWith(suffix) || (matchHost && host === suffix.slice(1))) && (entryPort === '' || entryPort === port),
    );
  }
  return rules;
}

/** The URL's host as Go's canonicalAddr sees it: no brackets, lower case, ASCII (Node's URL already punycodes). */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function toAscii(domain: string): string {
  if ([...domain].every((c) => c.charCodeAt(0) < 0x80)) return domain;
  // A leading dot is not a label domainToASCII accepts.
  const dot = domain.startsWith('.') ? '.' : '';
  return dot + (domainToASCII(domain.slice(dot.length)) || domain.slice(dot.length));
}

/** `host:port` or `[v6]:port`, as Go's net.SplitHostPort; undefined when there is no port part. */
function splitHostPort(text: string): { host: string; port: string } | undefined {
  const bracketed = /^\[([^\]]*)\]:([^:]*)$/.exec(text);
  if (bracketed) return { host: `[${bracketed[1] ?? ''}]`, port: bracketed[2] ?? '' };
  const colons = text.split(':').length - 1;
  if (colons !== 1) return undefined;
  const [host = '', port = ''] = text.split(':');
  return { host, port };
}

// ----- IP addresses, as Go's net.IP: IPv4 as 4 bytes (an IPv4-mapped IPv6 address included), IPv6 as 16 ----------

export function parseIp(text: string): Uint8Array | undefined {
  if (isIPv4(text)) return Uint8Array.from(text.split('.').map(Number));
  if (!isIPv6(text) || text.includes('%')) return undefined;
  const bytes = ipv6Bytes(text);
  const mapped = bytes.subarray(0, 12).every((b, i) => (i < 10 ? b === 0 : b === 0xff));
  return mapped ? bytes.slice(12) : bytes;
}

function ipv6Bytes(text: string): Uint8Array {
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes its two 16-bit groups (::ffff:102:304).
  const address = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a: string, b: string, c: string, d: string) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((w) => w.toString(16)).join(':'),
  );
  const [head = '', rest] = address.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(rest);
  const words =
    rest === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return Uint8Array.from(words.flatMap((w) => [w >> 8, w & 0xff]));
}

function isLoopback(ip: Uint8Array): boolean {
  if (ip.length === 4) return ip[0] === 127;
  return ip.every((b, i) => (i < 15 ? b === 0 : b === 1));
}

function sameIp(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

interface Cidr {
  network: Uint8Array;
  bits: number;
}

function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!match?.[1] || match[2] === undefined) return undefined;
  // Go keeps an IPv4 CIDR as IPv4 even when written as an IPv4-mapped IPv6 address; a plain IPv6 CIDR stays 16 bytes.
  const network = isIPv4(match[1]) ? parseIp(match[1]) : isIPv6(match[1]) ? ipv6Bytes(match[1]) : undefined;
  const bits = Number(match[2]);
  if (!network || bits > network.length * 8) return undefined;
  return { network, bits };
}

function cidrContains(cidr: Cidr, ip: Uint8Array): boolean {
  if (cidr.network.length !== ip.length) return false;
  for (let bit = 0; bit < cidr.bits; bit += 1) {
    const mask = 0x80 >> (bit % 8);
    const index = Math.floor(bit / 8);
    if (((cidr.network[index] ?? 0) & mask) !== ((ip[index] ?? 0) & mask)) return false;
  }
  return true;
}
