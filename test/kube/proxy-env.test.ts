// Which proxy a URL goes through, from HTTPS_PROXY/HTTP_PROXY/NO_PROXY, rule for rule as Go's
// golang.org/x/net/http/httpproxy (what kubectl uses). The rows follow its own tests where they apply.
import { describe, expect, it } from 'vitest';
import { parseEnvProxy, proxyFromEnvironment } from '../../src/core/proxy-env.js';

const PROXY = 'http://proxy.corp:3128';

describe('proxyFromEnvironment: the variable by scheme', () => {
  const cases: [string, NodeJS.ProcessEnv, string, string | undefined][] = [
    ['https uses HTTPS_PROXY', { HTTPS_PROXY: PROXY }, 'https://k8s.example.com:6443', PROXY],
    ['https uses https_proxy', { https_proxy: PROXY }, 'https://k8s.example.com', PROXY],
    ['upper case wins', { HTTPS_PROXY: PROXY, https_proxy: 'http://other:1' }, 'https://k8s.example.com', PROXY],
    ['an empty upper-case value counts as unset', { HTTPS_PROXY: '', https_proxy: PROXY }, 'https://k', PROXY],
    ['https never falls back to HTTP_PROXY', { HTTP_PROXY: PROXY }, 'https://k8s.example.com', undefined],
    ['http uses HTTP_PROXY', { HTTP_PROXY: PROXY, HTTPS_PROXY: 'http://other:1' }, 'http://k8s.example.com', PROXY],
    ['http uses http_proxy', { http_proxy: PROXY }, 'http://k8s.example.com', PROXY],
    ['no variable, no proxy', {}, 'https://k8s.example.com', undefined],
    ['a bare host:port gets http://', { HTTPS_PROXY: 'proxy.corp:3128' }, 'https://k', 'http://proxy.corp:3128'],
    ['a bare IP:port gets http://', { HTTPS_PROXY: '10.0.0.1:3128' }, 'https://k', 'http://10.0.0.1:3128'],
    ['socks5 stays socks5', { HTTPS_PROXY: 'socks5://p:1080' }, 'https://k', 'socks5://p:1080'],
    ['https proxies stay https', { HTTPS_PROXY: 'https://p:443' }, 'https://k', 'https://p:443'],
  ];
  for (const [name, env, target, expected] of cases) {
    it(name, () => expect(proxyFromEnvironment(target, env)?.url).toBe(expected));
  }

  it('names the variable it used', () => {
    expect(proxyFromEnvironment('https://k', { https_proxy: PROXY })?.variable).toBe('https_proxy');
  });

  it('refuses a value that is no proxy URL, without showing its credentials (KCS-NET-001)', () => {
    for (const bad of ['ftp://proxy:21', 'http://', 'http://u:secret@[bad']) {
      expect(() => parseEnvProxy('HTTPS_PROXY', bad)).toThrow(/HTTPS_PROXY: .* is not a proxy URL/);
    }
    try {
      parseEnvProxy('HTTPS_PROXY', 'ftp://user:s3cret@proxy:21');
    } catch (error) {
      expect(String(error)).not.toContain('s3cret');
    }
  });
});

describe('NO_PROXY, and what is never proxied', () => {
  const direct = (target: string, noProxy: string, env: NodeJS.ProcessEnv = {}): boolean =>
    proxyFromEnvironment(target, { HTTPS_PROXY: PROXY, HTTP_PROXY: PROXY, NO_PROXY: noProxy, ...env }) === undefined;

  const cases: [string, string, string, boolean][] = [
    // [target, NO_PROXY, why, goes direct]
    ['https://localhost:6443', '', 'localhost is never proxied', true],
    ['https://127.0.0.1:6443', '', 'loopback IPv4', true],
    ['https://127.9.8.7', '', 'all of 127/8', true],
    ['https://[::1]:6443', '', 'loopback IPv6', true],
    ['https://[::ffff:127.0.0.1]', '', 'IPv4-mapped loopback', true],
    ['https://kube.localhost', '', 'only "localhost" itself is special, as in Go', false],
    ['https://k8s.example.com', '', 'no NO_PROXY: proxied', false],
    ['https://k8s.example.com', 'k8s.example.com', 'the host name', true],
    ['https://K8S.Example.COM', ' k8s.example.com ', 'case and blanks do not matter', true],
    ['https://k8s.example.com', 'example.com', 'a domain matches its subdomains', true],
    ['https://example.com', 'example.com', '…and itself', true],
    ['https://notexample.com', 'example.com', '…but not a longer name that ends the same', false],
    ['https://k8s.example.com', '.example.com', 'a leading dot: subdomains', true],
    ['https://example.com', '.example.com', 'a leading dot: not the domain itself', false],
    ['https://k8s.example.com', '*.example.com', '*. is a leading dot', true],
    ['https://example.com', '*.example.com', '*. does not match the domain itself', false],
    ['https://k8s.example.com:6443', 'k8s.example.com:6443', 'host:port, same port', true],
    ['https://k8s.example.com', 'k8s.example.com:6443', 'host:port, other port (443 by default)', false],
    ['https://k8s.example.com', 'k8s.example.com:443', 'the default port of https counts', true],
    ['https://10.0.0.5:6443', '10.0.0.5', 'an IP', true],
    ['https://10.0.0.6:6443', '10.0.0.5', 'another IP', false],
    ['https://10.0.0.5:6443', '10.0.0.5:6443', 'IP:port', true],
    ['https://10.0.0.5:6443', '10.0.0.5:443', 'IP:port, other port', false],
    ['https://10.1.2.3', '10.0.0.0/8', 'a CIDR', true],
    ['https://11.1.2.3', '10.0.0.0/8', 'outside the CIDR', false],
    ['https://192.168.1.200', '192.168.1.128/25', 'a CIDR not on a byte boundary', true],
    ['https://192.168.1.100', '192.168.1.128/25', 'below it', false],
    ['https://[2001:db8::1]:6443', '2001:db8::/32', 'an IPv6 CIDR', true],
    ['https://[2001:db9::1]', '2001:db8::/32', 'outside it', false],
    ['https://[2001:db8::1]:6443', '[2001:db8::1]:6443', '[IPv6]:port', true],
    ['https://[2001:db8::1]', '2001:db8::1', 'an IPv6 address', true],
    ['https://k8s.example.com', '10.0.0.0/8', 'a CIDR never matches a name', false],
    ['https://k8s.example.com', 'a.example.org, k8s.example.com ,b', 'a list, with blanks', true],
    ['https://anything.example', '*', '* matches everything', true],
    ['https://k8s.example.com', ':6443', 'an entry without a host is skipped', false],
  ];
  for (const [target, noProxy, why, expected] of cases) {
    it(`${why}: ${target} with NO_PROXY=${JSON.stringify(noProxy)} → ${expected ? 'direct' : 'proxy'}`, () => {
      expect(direct(target, noProxy)).toBe(expected);
    });
  }

  it('NO_PROXY wins over no_proxy; an empty NO_PROXY falls back to no_proxy', () => {
    const target = 'https://k8s.example.com';
    expect(
      proxyFromEnvironment(target, { HTTPS_PROXY: PROXY, NO_PROXY: 'other', no_proxy: 'example.com' }),
    ).toBeDefined();
    expect(proxyFromEnvironment(target, { HTTPS_PROXY: PROXY, NO_PROXY: '', no_proxy: 'example.com' })).toBeUndefined();
  });

  it('a non-ASCII NO_PROXY entry matches the punycode host', () => {
    expect(direct('https://k8s.bücher.example', 'bücher.example')).toBe(true);
  });
});
