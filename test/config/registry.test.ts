// Registry credentials as inputs: which registry an image names, the docker config a pull Secret holds, and how the
// registry inputs are validated (never quoting the password).
import { describe, expect, it } from 'vitest';
import { parseConfig, type RawInputs } from '../../src/core/config.js';
import {
  DOCKER_HUB_KEY,
  basicAuth,
  dockerConfigJson,
  dockerConfigKey,
  normalizeRegistry,
  registryCredentialForms,
  registryCredentials,
  registryOf,
} from '../../src/core/registry.js';
import { inputErrorOf } from '../support/input-error.js';
import { makeTempDir } from '../support/temp-dir.js';

const cwd = makeTempDir('kcs-registry-cwd-');
const PASSWORD = 'planted-registry-password-7f3a9c';

const parse = (raw: RawInputs, mode: 'action' | 'cli' = 'action') =>
  parseConfig({ image: 'ghcr.io/acme/app:1.0', ...raw }, { env: {}, cwd, mode });

describe('registryOf: the registry an image reference names, as Docker and the kubelet read it', () => {
  it.each([
    ['busybox:1.37.0', 'docker.io'],
    ['library/busybox', 'docker.io'],
    ['acme/app:1', 'docker.io'],
    ['docker.io/acme/app:1', 'docker.io'],
    ['index.docker.io/library/busybox', 'docker.io'],
    ['ghcr.io/acme/app:1.0', 'ghcr.io'],
    ['GHCR.IO/acme/app', 'ghcr.io'],
    ['localhost/app', 'localhost'],
    ['localhost:5000/app:1', 'localhost:5000'],
    ['registry.example.com:5443/team/app@sha256:' + 'a'.repeat(64), 'registry.example.com:5443'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1', '123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
    ['europe-docker.pkg.dev/project/repo/app:1', 'europe-docker.pkg.dev'],
  ])('%s is on %s', (image, registry) => {
    expect(registryOf(image)).toBe(registry);
  });
});

describe('normalizeRegistry and the docker config key', () => {
  it.each([
    ['ghcr.io', 'ghcr.io'],
    ['https://ghcr.io/', 'ghcr.io'],
    ['Registry.Example.com:5000', 'registry.example.com:5000'],
    ['registry.example.com/team', 'registry.example.com/team'],
    ['docker.io', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
  ])('%s reads as %s', (text, registry) => {
    expect(normalizeRegistry(text)).toBe(registry);
  });

  it.each(['', 'not a host', 'ghcr.io:port', 'user@ghcr.io', '-bad.example.com', 'ghcr.io?x=1'])(
    '%j is not a registry',
    (text) => {
      expect(normalizeRegistry(text)).toBeUndefined();
    },
  );

  it('files Docker Hub under its historical URL, every other registry under its host', () => {
    expect(dockerConfigKey('docker.io')).toBe('https://index.docker.io/v1/');
    expect(DOCKER_HUB_KEY).toBe('https://index.docker.io/v1/');
    expect(dockerConfigKey('ghcr.io')).toBe('ghcr.io');
  });

  it('writes the docker config kubectl create secret docker-registry writes', () => {
    const credentials = registryCredentials('ghcr.io', 'octocat', PASSWORD);
    expect(JSON.parse(dockerConfigJson(credentials))).toEqual({
      auths: {
        'ghcr.io': {
          username: 'octocat',
          password: PASSWORD,
          auth: Buffer.from(`octocat:${PASSWORD}`).toString('base64'),
        },
      },
    });
    expect(basicAuth('AWS', 'x')).toBe(Buffer.from('AWS:x').toString('base64'));
  });

  it('keeps the password out of JSON, util.inspect and object spreads', () => {
    const credentials = registryCredentials('ghcr.io', 'octocat', PASSWORD);
    expect(credentials.password).toBe(PASSWORD);
    expect(JSON.stringify(credentials)).not.toContain(PASSWORD);
    expect(JSON.stringify({ ...credentials })).not.toContain(PASSWORD);
    expect(Object.keys(credentials)).toEqual(['registry', 'username']);
  });

  it('names every form of the credentials that could show up in text', () => {
    const credentials = registryCredentials('docker.io', 'me', 'pa"ss\\word');
    const forms = registryCredentialForms(credentials);
    expect(forms).toContain('pa"ss\\word');
    expect(forms).toContain('pa\\"ss\\\\word');
    expect(forms).toContain(Buffer.from('me:pa"ss\\word').toString('base64'));
    expect(forms).toContain(Buffer.from(dockerConfigJson(credentials)).toString('base64'));
  });
});

describe('parseConfig: registry-username, registry-password, registry', () => {
  it('no registry inputs: no credentials', () => {
    expect(parse({}).scan.registryCredentials).toBeUndefined();
  });

  it("username and password: the registry defaults to the image's", () => {
    const credentials = parse({ 'registry-username': 'octocat', 'registry-password': PASSWORD }).scan
      .registryCredentials;
    expect(credentials).toMatchObject({ registry: 'ghcr.io', username: 'octocat' });
    expect(credentials?.password).toBe(PASSWORD);
  });

  it('an unqualified image means Docker Hub', () => {
    const config = parse({ image: 'busybox:1.37.0', 'registry-username': 'me', 'registry-password': PASSWORD });
    expect(config.scan.registryCredentials?.registry).toBe('docker.io');
  });

  it('an explicit registry wins, normalised', () => {
    const config = parse({
      'registry-username': 'AWS',
      'registry-password': PASSWORD,
      registry: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/',
    });
    expect(config.scan.registryCredentials?.registry).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com');
  });

  const invalid: [string, RawInputs, RegExp][] = [
    [
      'a password without a user name',
      { 'registry-password': PASSWORD },
      /registry-password is set but registry-username is empty/,
    ],
    [
      'a user name without a password',
      { 'registry-username': 'me' },
      /registry-username is set but registry-password is empty/,
    ],
    [
      'a registry without credentials',
      { registry: 'ghcr.io' },
      /registry: "ghcr.io" is set but registry-username and registry-password are empty/,
    ],
    [
      'a registry that is no host',
      { 'registry-username': 'me', 'registry-password': PASSWORD, registry: 'ghcr io' },
      /registry: "ghcr io" is not a registry; use its host\[:port\]/,
    ],
    [
      'a user name with a colon',
      { 'registry-username': 'a:b', 'registry-password': PASSWORD },
      /registry-username: "a:b" contains a ':'/,
    ],
    [
      'a password with a line break',
      { 'registry-username': 'me', 'registry-password': `${PASSWORD}\nsecond-line` },
      /the registry password contains a line break/,
    ],
  ];
  it.each(invalid)('%s is KCS-CFG-014, and the message never quotes the password', (_name, raw, message) => {
    const error = inputErrorOf(() => parse(raw));
    expect(error.code).toBe('KCS-CFG-014');
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('on the CLI the messages name the stdin flag and the variable, not an input', () => {
    const error = inputErrorOf(() => parse({ 'registry-username': 'me' }, 'cli'));
    expect(error.message).toBe(
      '--registry-username is set but a registry password (--registry-password-stdin or KCS_REGISTRY_PASSWORD) is empty; give both, or neither',
    );
  });
});
