// Credentials that sit inside URLs (a kubeconfig's server or proxy-url, a private profile's URL) are masked one by one
// and never shown: not in messages, summaries, the pod spec or the scanner log that go into the artifact.
import { describe, expect, it } from 'vitest';
import { secretsToMask } from '../../src/action/secrets.js';
import { kubeconfigSecrets } from '../../src/core/kube/connection.js';
import { KubeNetworkError } from '../../src/core/kube/http.js';
import { redactUrl, urlSecrets } from '../../src/core/redact.js';

describe('redactUrl', () => {
  it.each([
    ['https://admin:S3cret@10.0.0.1:6443', {}, 'https://***@10.0.0.1:6443/'],
    [
      'https://ghp_token@github.com/org/p/archive/main.tar.gz',
      { query: true },
      'https://***@github.com/org/p/archive/main.tar.gz',
    ],
    ['https://gitlab.example/p.tar.gz?private_token=abc123#frag', { query: true }, 'https://gitlab.example/p.tar.gz?…'],
    ['https://example.com/plain', { query: true }, 'https://example.com/plain'],
    ['not a url', {}, 'not a url'],
  ])('%s', (input, options, expected) => {
    expect(redactUrl(input, options)).toBe(expected);
  });
});

describe('urlSecrets', () => {
  it('names the password, its decoded form and user:password', () => {
    expect(urlSecrets('https://admin:p%40ss@host')).toEqual(['p%40ss', 'p@ss', 'admin:p%40ss']);
  });
  it('names a token given as the user part, and query values', () => {
    expect(urlSecrets('https://ghp_abcdef@github.com/x?private_token=tok123&ref=main')).toEqual([
      'ghp_abcdef',
      'tok123',
      'main',
    ]);
  });
  it('names nothing in a URL without credentials', () => {
    expect(urlSecrets('https://example.com/p.tar.gz')).toEqual([]);
  });
});

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: c
    cluster:
      server: https://admin:S3cretPassw0rd@127.0.0.1:1
      proxy-url: http://proxyuser:Pr0xyPass@proxy.local:3128
contexts:
  - name: c
    context: {cluster: c, user: u}
current-context: c
users:
  - name: u
    user:
      username: admin
      password: 123456789
`;

describe('kubeconfig credentials', () => {
  it('masks the passwords inside server and proxy-url, and a numeric password', () => {
    const secrets = kubeconfigSecrets(KUBECONFIG);
    for (const expected of ['S3cretPassw0rd', 'admin:S3cretPassw0rd', 'Pr0xyPass', '123456789'])
      expect(secrets).toContain(expected);
  });

  it('shows the server without its credentials in a network error', () => {
    const error = new KubeNetworkError(
      'https://admin:S3cretPassw0rd@127.0.0.1:1',
      'GET',
      '/version',
      new Error('connect ECONNREFUSED'),
    );
    expect(error.server).toBe('https://***@127.0.0.1:1/');
    expect(JSON.stringify({ server: error.server, message: error.message })).not.toContain('S3cret');
  });
});

describe('action masking of a private profile URL', () => {
  it('masks the token of a profile URL on its own', () => {
    const masked = secretsToMask(
      { profile: 'https://oauth2:glpat-XYZ123456@gitlab.example/p.tar.gz' },
      kubeconfigSecrets,
    );
    expect(masked).toContain('glpat-XYZ123456');
    expect(masked).toContain('oauth2:glpat-XYZ123456');
  });
});
