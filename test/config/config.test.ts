import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseConfig,
  parseDuration,
  resolveProfileSource,
  resolveThresholdSource,
  sanitizeName,
  type RawInputs,
} from '../../src/core/config.js';
import { inputErrorOf } from '../support/input-error.js';
import { makeTempDir } from '../support/temp-dir.js';

// A package root of our own, so resolution is tested against known shipped names.
const root = makeTempDir('kcs-config-root-');
const cwd = makeTempDir('kcs-config-cwd-');
const savedRoot = process.env['KCS_ROOT'];

beforeAll(() => {
  mkdirSync(join(root, 'profiles', 'container-baseline', 'controls'), { recursive: true });
  writeFileSync(join(root, 'profiles', 'container-baseline', 'inspec.yml'), 'name: container-baseline\n');
  mkdirSync(join(root, 'thresholds'));
  for (const name of ['strict.yml', 'moderate.yml', 'baseline.yml'])
    writeFileSync(join(root, 'thresholds', name), 'compliance:\n  min: 100\n');
  process.env['KCS_ROOT'] = root;

  mkdirSync(join(cwd, 'my-profile'));
  writeFileSync(join(cwd, 'my-profile', 'inspec.yml'), 'name: mine\n');
  mkdirSync(join(cwd, 'not-a-profile'));
  writeFileSync(join(cwd, 'gate.yml'), 'failed:\n  critical:\n    max: 0\n');
  writeFileSync(join(cwd, 'inputs.yml'), 'x: 1\n');
  writeFileSync(join(cwd, 'kubeconfig'), 'apiVersion: v1\n');
});

afterAll(() => {
  if (savedRoot === undefined) delete process.env['KCS_ROOT'];
  else process.env['KCS_ROOT'] = savedRoot;
});

const parse = (raw: RawInputs, mode: 'action' | 'cli' = 'action', env: NodeJS.ProcessEnv = {}) =>
  parseConfig({ image: 'busybox:1.37', ...raw }, { env, cwd, mode });

describe('parseConfig defaults', () => {
  it('fills every default from the minimal input', () => {
    // HOME without a kubeconfig: the namespace comes from the kubeconfig's context when there is one.
    const config = parse({}, 'action', { RUNNER_TEMP: '/runner/tmp', GITHUB_JOB: 'scan', HOME: '/nonexistent' });
    expect(config.scan).toMatchObject({
      image: 'busybox:1.37',
      profile: { kind: 'shipped', name: 'container-baseline' },
      namespace: 'default',
      kubeconfig: { kind: 'default' },
      scannerImage: 'cincproject/auditor:6.8.24',
      keepaliveImage: 'busybox:1.37.0-musl',
      imagePullPolicy: 'IfNotPresent',
      imagePullSecrets: [],
      nodeSelector: {},
      tolerations: [],
      podAnnotations: {},
      scannerCpu: '1',
      scannerMemory: '1Gi',
      maxFileSize: 64 * 1024 * 1024,
      maxCommandOutput: 16 * 1024 * 1024,
      kindLoad: false,
      kindCluster: 'kind',
      timeoutSeconds: 600,
      cleanup: true,
      controls: [],
    });
    expect(config.results.threshold).toBeUndefined();
    expect(config.results.failOnThreshold).toBe(true);
    expect(config.results.outputDir.startsWith('/runner/tmp/kube-cinc-scan-scan-')).toBe(true);
    expect(config.publish).toMatchObject({
      uploadArtifact: true,
      jobSummary: true,
      commentOnPr: false,
      retentionDays: undefined,
      artifactName: 'kcs-busybox-1.37-scan',
    });
  });

  it('writes CLI results to ./kube-cinc-scan-results', () => {
    expect(parse({}, 'cli').results.outputDir).toBe(join(cwd, 'kube-cinc-scan-results'));
  });
});

describe('parseConfig accepts good values', () => {
  const cases: [string, RawInputs, (c: ReturnType<typeof parse>) => unknown, unknown][] = [
    ['timeout in minutes', { timeout: '5m' }, (c) => c.scan.timeoutSeconds, 300],
    ['timeout combined', { timeout: '1h30m' }, (c) => c.scan.timeoutSeconds, 5400],
    ['timeout as bare seconds', { timeout: '90' }, (c) => c.scan.timeoutSeconds, 90],
    ['boolean True', { 'kind-load': 'True' }, (c) => c.scan.kindLoad, true],
    ['boolean FALSE', { cleanup: 'FALSE' }, (c) => c.scan.cleanup, false],
    ['controls one per line', { controls: 'a-1\n  b-2 \n\n' }, (c) => c.scan.controls, ['a-1', 'b-2']],
    ['controls comma-separated', { controls: 'a-1,b-2' }, (c) => c.scan.controls, ['a-1', 'b-2']],
    [
      'pull secrets mixed separators',
      { 'image-pull-secrets': 'regcred, other\nthird.one' },
      (c) => c.scan.imagePullSecrets,
      ['regcred', 'other', 'third.one'],
    ],
    [
      'node selector YAML',
      { 'node-selector': 'kubernetes.io/arch: amd64\npool: 2' },
      (c) => c.scan.nodeSelector,
      { 'kubernetes.io/arch': 'amd64', pool: '2' },
    ],
    ['annotations flow YAML', { 'pod-annotations': '{team: sec}' }, (c) => c.scan.podAnnotations, { team: 'sec' }],
    [
      'tolerations',
      { tolerations: '- key: dedicated\n  operator: Equal\n  value: scans\n  effect: NoSchedule' },
      (c) => c.scan.tolerations,
      [{ key: 'dedicated', operator: 'Equal', value: 'scans', effect: 'NoSchedule' }],
    ],
    ['pull policy', { 'image-pull-policy': 'Never' }, (c) => c.scan.imagePullPolicy, 'Never'],
    [
      'quantities',
      { 'scanner-cpu': '500m', 'scanner-memory': '512Mi' },
      (c) => [c.scan.scannerCpu, c.scan.scannerMemory],
      ['500m', '512Mi'],
    ],
    ['retention days', { 'retention-days': '7' }, (c) => c.publish.retentionDays, 7],
    ['file cap in Mi', { 'max-file-size': '128Mi' }, (c) => c.scan.maxFileSize, 128 * 1024 * 1024],
    ['file cap in bytes', { 'max-file-size': '4096' }, (c) => c.scan.maxFileSize, 4096],
    ['file cap decimal', { 'max-file-size': '100M' }, (c) => c.scan.maxFileSize, 100_000_000],
    ['output cap in Ki', { 'max-command-output': '512Ki' }, (c) => c.scan.maxCommandOutput, 512 * 1024],
    ['output cap at the top', { 'max-command-output': '1Gi' }, (c) => c.scan.maxCommandOutput, 1024 ** 3],
    [
      'digest image',
      { image: `ghcr.io/acme/app@sha256:${'a'.repeat(64)}` },
      (c) => c.publish.artifactName,
      'kcs-ghcr.io-acme-app-aaaaaaaaaaaa',
    ],
    [
      'registry with port',
      { image: 'localhost:5000/team/app:v1.2' },
      (c) => c.scan.image,
      'localhost:5000/team/app:v1.2',
    ],
    ['explicit artifact name', { 'artifact-name': 'my-scan' }, (c) => c.publish.artifactName, 'my-scan'],
    ['profile inputs file', { 'profile-inputs': 'inputs.yml' }, (c) => c.scan.profileInputs, join(cwd, 'inputs.yml')],
    [
      'action kubeconfig is content',
      { kubeconfig: 'apiVersion: v1\nkind: Config\n' },
      (c) => c.scan.kubeconfig,
      { kind: 'content', content: 'apiVersion: v1\nkind: Config\n' },
    ],
    ['context', { context: 'kind-kind' }, (c) => c.scan.context, 'kind-kind'],
  ];
  it.each(cases)('%s', (_name, raw, pick, expected) => {
    expect(pick(parse(raw))).toEqual(expected);
  });

  it('takes the CLI kubeconfig as a file path', () => {
    expect(parse({ kubeconfig: 'kubeconfig' }, 'cli').scan.kubeconfig).toEqual({
      kind: 'file',
      path: join(cwd, 'kubeconfig'),
    });
  });

  it('adds the run attempt to the default artifact name after a re-run', () => {
    expect(parse({}, 'action', { GITHUB_JOB: 'scan', GITHUB_RUN_ATTEMPT: '2' }).publish.artifactName).toBe(
      'kcs-busybox-1.37-scan-attempt2',
    );
  });
});

describe('parseConfig rejects bad values, naming the input, the value and what is allowed', () => {
  const cases: [string, RawInputs, string, RegExp][] = [
    ['missing image', { image: '' }, 'KCS-CFG-001', /image is required/],
    ['image with spaces', { image: 'bad image' }, 'KCS-CFG-011', /image: "bad image" is not an image reference/],
    ['upper-case repository', { image: 'Acme/App' }, 'KCS-CFG-011', /image: "Acme\/App"/],
    ['bad duration', { timeout: '7x' }, 'KCS-CFG-003', /timeout: "7x" is not a duration; use 90s, 10m or 1h/],
    ['timeout too short', { timeout: '1s' }, 'KCS-CFG-003', /timeout: "1s" is out of range/],
    [
      'bad boolean',
      { 'fail-on-threshold': 'yes' },
      'KCS-CFG-002',
      /fail-on-threshold: "yes" is not a boolean; use true or false/,
    ],
    [
      'bad pull policy',
      { 'image-pull-policy': 'always' },
      'KCS-CFG-004',
      /image-pull-policy: "always" is not allowed; use Always, IfNotPresent, Never/,
    ],
    ['bad namespace', { namespace: 'Prod_NS' }, 'KCS-CFG-009', /namespace: "Prod_NS" is not a valid name/],
    ['bad secret name', { 'image-pull-secrets': 'Reg Cred' }, 'KCS-CFG-009', /image-pull-secrets: "Reg Cred"/],
    [
      'node selector not a mapping',
      { 'node-selector': '- a' },
      'KCS-CFG-005',
      /node-selector: expected a YAML mapping/,
    ],
    ['node selector invalid YAML', { 'node-selector': 'a: [' }, 'KCS-CFG-005', /node-selector: not valid YAML/],
    [
      'annotation value not a string',
      { 'pod-annotations': 'a: {b: c}' },
      'KCS-CFG-005',
      /pod-annotations: the value of "a" must be a string/,
    ],
    ['tolerations not a list', { tolerations: 'key: a' }, 'KCS-CFG-005', /tolerations: expected a YAML list/],
    [
      'toleration bad operator',
      { tolerations: '- {key: a, operator: In}' },
      'KCS-CFG-005',
      /tolerations\[0\]\.operator: "In" is not allowed; use Exists or Equal/,
    ],
    [
      'toleration unknown field',
      { tolerations: '- {key: a, colour: red}' },
      'KCS-CFG-005',
      /tolerations\[0\]: unknown field "colour"/,
    ],
    ['bad cpu', { 'scanner-cpu': 'lots' }, 'KCS-CFG-010', /scanner-cpu: "lots" is not a Kubernetes quantity/],
    [
      'file cap with a unit of its own',
      { 'max-file-size': '64MB' },
      'KCS-CFG-010',
      /max-file-size: "64MB" is not a size from 1Ki to 1Gi; use a number of bytes with an optional suffix Ki, Mi, Gi \(or k, M, G\), for example 64Mi/,
    ],
    ['file cap too small', { 'max-file-size': '100' }, 'KCS-CFG-010', /max-file-size: "100" is not a size from 1Ki/],
    ['file cap too large', { 'max-file-size': '2Gi' }, 'KCS-CFG-010', /max-file-size: "2Gi" is not a size/],
    ['file cap fraction', { 'max-file-size': '1.5Gi' }, 'KCS-CFG-010', /max-file-size: "1.5Gi"/],
    ['output cap negative', { 'max-command-output': '-1' }, 'KCS-CFG-010', /max-command-output: "-1" is not a size/],
    [
      'bad retention',
      { 'retention-days': '365' },
      'KCS-CFG-012',
      /retention-days: "365" is not allowed; use a whole number of days from 1 to 90/,
    ],
    [
      'missing inputs file',
      { 'profile-inputs': 'nope.yml' },
      'KCS-CFG-008',
      /profile-inputs: file "nope.yml" does not exist/,
    ],
    [
      'unknown profile',
      { profile: 'nope' },
      'KCS-CFG-006',
      /profile: "nope" is not a URL, an existing profile directory or a shipped profile; shipped profiles: container-baseline/,
    ],
    ['directory without inspec.yml', { profile: 'not-a-profile' }, 'KCS-CFG-006', /has no inspec.yml/],
    [
      'unknown threshold',
      { threshold: 'lenient' },
      'KCS-CFG-007',
      /threshold: "lenient" is not inline YAML, an existing file or a shipped threshold; shipped thresholds: baseline, moderate, strict/,
    ],
    [
      'artifact name with slash',
      { 'artifact-name': 'a/b' },
      'KCS-CFG-009',
      /artifact-name: "a\/b" contains a character/,
    ],
    [
      'kind-load with pull policy Always',
      { 'kind-load': 'true', 'image-pull-policy': 'Always' },
      'KCS-KIND-006',
      /kind-load .* image-pull-policy Always .* use IfNotPresent/,
    ],
  ];
  it.each(cases)('%s', (_name, raw, code, message) => {
    const error = inputErrorOf(() => parse(raw));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.category).toBe('input');
  });

  it('warns, without failing, when the caps may not fit scanner-memory', () => {
    expect(parse({}).warnings).toEqual([]);
    expect(parse({ 'max-file-size': '192Mi', 'max-command-output': '16Mi' }).warnings).toEqual([]);
    const [warning, ...rest] = parse({ 'max-file-size': '512Mi' }).warnings;
    expect(rest).toEqual([]);
    expect(warning).toBe(
      'max-file-size 512Mi and max-command-output 16Mi need up to about 1.8Gi of scanner memory (256Mi for CINC ' +
        'Auditor, 3 × max-file-size, 2 × max-command-output), more than scanner-memory 1Gi: a scan that meets files ' +
        'or output that large may be killed for memory (KCS-SCAN-114). Raise scanner-memory or lower the caps.',
    );
    expect(parse({ 'max-file-size': '512Mi', 'scanner-memory': '2Gi' }).warnings).toEqual([]);
    expect(parse({ 'scanner-memory': '256Mi' }).warnings[0]).toMatch(/more than scanner-memory 256Mi/);
    expect(parse({ 'scanner-memory': '2G' }).warnings).toEqual([]);
  });

  it('reports every bad input at once', () => {
    const error = inputErrorOf(() => parse({ timeout: '7x', namespace: 'A', cleanup: 'maybe' }));
    expect(error.message).toMatch(/^3 inputs are invalid:/);
    expect(error.message).toContain('timeout: "7x"');
    expect(error.message).toContain('namespace: "A"');
    expect(error.message).toContain('cleanup: "maybe"');
  });

  it('rejects a CLI kubeconfig path that does not exist', () => {
    expect(inputErrorOf(() => parse({ kubeconfig: 'missing' }, 'cli')).message).toMatch(
      /kubeconfig: file "missing" does not exist/,
    );
  });
});

describe('resolveThresholdSource, in its order', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['text with a colon is inline YAML', 'compliance.min: 80', { kind: 'inline' }],
    ['text with a brace is inline YAML', '{compliance: {min: 80}}', { kind: 'inline' }],
    ['text with a newline is inline YAML', 'x\ny', { kind: 'inline' }],
    ['an existing file', 'gate.yml', { kind: 'file' }],
    ['a shipped name', 'strict', { kind: 'shipped', name: 'strict' }],
    ['a shipped name with its extension', 'moderate.yml', { kind: 'shipped', name: 'moderate' }],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(resolveThresholdSource(text, cwd)).toMatchObject(expected);
  });

  it('prefers a local file over a shipped threshold of the same name', () => {
    writeFileSync(join(cwd, 'strict'), 'compliance:\n  min: 1\n');
    expect(resolveThresholdSource('strict', cwd)).toEqual({ kind: 'file', path: join(cwd, 'strict') });
  });
});

describe('resolveProfileSource, in its order', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['an https URL', 'https://github.com/dev-sec/linux-baseline/archive/main.tar.gz', { kind: 'url' }],
    ['an archive without a suffix (recognised by its content)', 'https://h/api/v4/archive?sha=v1', { kind: 'url' }],
    ['a git URL', 'git://example.com/profile.git', { kind: 'git', url: 'git://example.com/profile.git' }],
    ['a .git URL with a ref', 'https://h/org/p.git#v1.2.0', { kind: 'git', url: 'https://h/org/p.git', ref: 'v1.2.0' }],
    [
      'git+https, a branch with a slash',
      'git+https://h/org/p#release/1',
      { kind: 'git', url: 'https://h/org/p', ref: 'release/1' },
    ],
    [
      'an scp-like remote',
      'git@github.com:org/p.git#main',
      { kind: 'git', url: 'git@github.com:org/p.git', ref: 'main' },
    ],
    ['a local bare repository', 'file:///srv/p.git#v1', { kind: 'git', url: 'file:///srv/p.git', ref: 'v1' }],
    [
      'a GitHub repository page',
      'https://github.com/dev-sec/linux-baseline',
      { kind: 'git', url: 'https://github.com/dev-sec/linux-baseline.git' },
    ],
    [
      'a GitHub tree page',
      'https://github.com/o/r/tree/2.0',
      { kind: 'git', url: 'https://github.com/o/r.git', ref: '2.0' },
    ],
    ['an existing directory', 'my-profile', { kind: 'directory', path: join(cwd, 'my-profile') }],
    ['a shipped name', 'container-baseline', { kind: 'shipped', name: 'container-baseline' }],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(resolveProfileSource(text, cwd)).toMatchObject(expected);
  });
});

describe('profile URLs that are refused, and the profile token', () => {
  it.each([
    ['ftp://h/p.tar.gz', /scheme ftp:\/\/, which is not supported/],
    ['file:///srv/p.tar.gz', /file:\/\/ URL that is not a git repository/],
    ['https://h/p.git#--upload-pack=x', /not a branch, tag or commit name/],
    ['https://h/p.git#a..b', /not a branch, tag or commit name/],
  ])('%s', (text, message) => {
    expect(() => resolveProfileSource(text, cwd)).toThrow(message);
  });

  it('takes profile-token for a URL only, on one line, never over plain http to another machine (KCS-PROF-001)', () => {
    const token = 'tok-abcdef-123456';
    expect(parse({ profile: 'https://h/p.tar.gz', 'profile-token': token }).scan.profileToken).toBe(token);
    expect(parse({ profile: 'http://127.0.0.1:8080/p.tar.gz', 'profile-token': token }).scan.profileToken).toBe(token);
    for (const [raw, message] of [
      [{ 'profile-token': token }, /profile-token is set but profile is not a URL/],
      [{ profile: 'git@h:o/p.git', 'profile-token': token }, /ssh git remote/],
      [{ profile: 'http://h/p.tar.gz', 'profile-token': token }, /clear text over http:\/\/ to h/],
      [{ profile: 'http://u:pw@h/p.tar.gz' }, /clear text over http:\/\/ to h/],
      [{ profile: 'https://h/p.tar.gz', 'profile-token': 'a\nb' }, /profile-token contains a line break/],
    ] as const) {
      const error = inputErrorOf(() => parse(raw));
      expect(error.code).toBe('KCS-PROF-001');
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain(token);
    }
    expect(inputErrorOf(() => parse({ 'profile-token': token }, 'cli')).message).toMatch(/^KCS_PROFILE_TOKEN is set/);
  });
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['10m', 600],
    ['1h', 3600],
    ['1d', 86400],
    ['1500ms', 1.5],
    ['2m30s', 150],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseDuration('timeout', text)).toBe(seconds);
  });
  it.each(['', 'm', '10 m', '-5s', '5y', '1h-'])('%j is refused', (text) => {
    expect(() => parseDuration('timeout', text)).toThrow(/is not a duration/);
  });
});

describe('sanitizeName', () => {
  it.each([
    ['ghcr.io/acme/app:1.2.3', 'ghcr.io-acme-app-1.2.3'],
    ['busybox', 'busybox'],
    ['a//b::c', 'a-b-c'],
  ])('%s → %s', (input, expected) => {
    expect(sanitizeName(input)).toBe(expected);
  });
});
