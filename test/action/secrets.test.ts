import * as core from '@actions/core';
import { describe, expect, it } from 'vitest';
import { expandSecrets, secretsToMask } from '../../src/action/secrets.js';
import { kubeconfigSecrets } from '../../src/core/kube/connection.js';
import { captureStdout } from './helpers.js';
import { interpretStdout } from './runner-emulator.js';
import { plantedKubeconfig } from './planted-kubeconfig.js';

describe('secretsToMask', () => {
  const planted = plantedKubeconfig('https://127.0.0.1:6443');

  it('masks the token, and each credential of a kubeconfig input on its own', () => {
    const secrets = secretsToMask(
      { 'github-token': 'ghs_tokenvalue1234567890', kubeconfig: planted.text },
      kubeconfigSecrets,
    );
    for (const value of [...planted.secrets, 'ghs_tokenvalue1234567890', planted.text])
      expect(secrets).toContain(value);
    // The decoded PEM of the client key is multi-line: each of its lines is masked as well.
    for (const line of planted.keyPemLines) expect(secrets).toContain(line);
    // Lines of the kubeconfig itself are not masked one by one (they would blank `kind: Config` everywhere).
    expect(secrets).not.toContain('kind: Config');
  });

  it('each value gets its own ::add-mask:: and the runner then hides every one of them', async () => {
    const secrets = secretsToMask(
      { 'github-token': 'ghs_tokenvalue1234567890', kubeconfig: planted.text },
      kubeconfigSecrets,
    );
    const { output } = await captureStdout(() => {
      for (const secret of secrets) core.setSecret(secret);
      for (const value of planted.secrets) core.info(`leak: ${value}`);
    });
    const view = interpretStdout(output);
    for (const value of planted.secrets) expect(view.masks).toContain(value);
    for (const value of planted.secrets) expect(view.shown.join('\n')).not.toContain(value);
  });

  it.each([
    ['blank values are dropped', ['', '  '], []],
    ['a single line stays one value', ['abcdefgh'], ['abcdefgh']],
    [
      'each long line of a multi-line value, longest first',
      ['line-one-long\nshort\nline-two'],
      ['line-one-long\nshort\nline-two', 'line-one-long', 'line-two'],
    ],
    ['duplicates are merged', ['same-value', 'same-value'], ['same-value']],
  ])('expandSecrets: %s', (_name, input, expected) => {
    expect(expandSecrets(input)).toEqual(expected);
  });

  it('masks the profile token and the forms it travels in, and credentials in the runner proxy variables', () => {
    const token = 'glpat-profile-token-0123';
    const secrets = secretsToMask(
      { profile: 'https://ci:url-pass-4567@git.example/org/p.git#v1', 'profile-token': token },
      kubeconfigSecrets,
      { HTTPS_PROXY: 'http://proxyuser:proxy-pass-8910@proxy:3128', http_proxy: 'otheruser:other-pass-1112@proxy:80' },
    );
    for (const value of [
      token,
      // git's http.extraHeader carries a Basic credential: base64 of x-access-token:TOKEN, or of the URL's user:password.
      Buffer.from(`x-access-token:${token}`).toString('base64'),
      Buffer.from('ci:url-pass-4567').toString('base64'),
      'url-pass-4567',
      'proxy-pass-8910',
      'other-pass-1112',
    ])
      expect(secrets).toContain(value);
  });

  it('without a kubeconfig input only the token is masked', () => {
    expect(secretsToMask({ 'github-token': 'ghs_abcdefghijkl', kubeconfig: '' }, kubeconfigSecrets)).toEqual([
      'ghs_abcdefghijkl',
    ]);
  });
});
