// The namespace a scan runs in, in kubectl's order: the namespace input (--namespace), else the namespace of the
// context in use (the context input, else current-context), else default. Parsed up front from local files only,
// it must agree with what the connection reads from the same kubeconfig, and a whole scan must run there.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type KubeconfigSource } from '../../src/core/config.js';
import { connect } from '../../src/core/kube/connection.js';
import { chooseNamespace } from '../../src/core/kubeconfig-namespace.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { runPipeline } from '../../src/core/pipeline.js';
import { FakeKube, Timeline } from '../support/fake-kube/index.js';
import { makeTempDir } from '../support/temp-dir.js';
import { FAST_RETRY } from './helpers.js';

// The fake's scanner identity is bound in this namespace only (deploy/rbac.yaml), so a scan anywhere else would fail.
const SCAN_NAMESPACE = 'kube-cinc-scan';
const SCANNER_LOG = readFileSync(new URL('../fixtures/framing/scanner.log', import.meta.url), 'utf8');

let fake: FakeKube;
let dir: string;
beforeAll(async () => {
  fake = await FakeKube.start();
  dir = makeTempDir('kcs-namespace-');
});
afterAll(async () => {
  await fake.close();
});

/** A kubeconfig with two contexts on the fake: `a` (namespace `ns-a` unless given) and `b` (none). */
function kubeconfig(options: { current?: string; namespaceA?: string } = {}): string {
  const base = fake.kubeconfig();
  const server = /server: (\S+)/.exec(base)?.[1] ?? '';
  const token = /token: (\S+)/.exec(base)?.[1] ?? '';
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: c\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true`,
    'users:',
    `- name: u\n  user:\n    token: ${token}`,
    'contexts:',
    `- name: a\n  context:\n    cluster: c\n    user: u${options.namespaceA === '' ? '' : `\n    namespace: ${options.namespaceA ?? 'ns-a'}`}`,
    '- name: b\n  context:\n    cluster: c\n    user: u',
    `current-context: ${options.current ?? 'a'}`,
    '',
  ].join('\n');
}

describe('chooseNamespace: kubectl order', () => {
  // Thunks: the fake's address is known only once it runs.
  const content =
    (text: () => string): (() => KubeconfigSource) =>
    () => ({ kind: 'content', content: text() });
  const cases: [string, string, () => KubeconfigSource, string | undefined, string, string][] = [
    // [name, namespace input, kubeconfig, context input, expected namespace, expected origin]
    ['the input wins over everything', 'scans', content(() => kubeconfig()), undefined, 'scans', 'the namespace input'],
    ['the current context', '', content(() => kubeconfig()), undefined, 'ns-a', 'context "a" of the kubeconfig'],
    [
      'the chosen context',
      '',
      content(() => kubeconfig({ current: 'b' })),
      'a',
      'ns-a',
      'context "a" of the kubeconfig',
    ],
    ['a context without namespace: default', '', content(() => kubeconfig()), 'b', 'default', 'default'],
    [
      'a current context without one: default',
      '',
      content(() => kubeconfig({ current: 'b' })),
      undefined,
      'default',
      'default',
    ],
    [
      'a context that does not exist: default (connect then fails)',
      '',
      content(() => kubeconfig()),
      'nope',
      'default',
      'default',
    ],
    [
      'an unreadable kubeconfig: default (connect then fails)',
      '',
      content(() => '{{{'),
      undefined,
      'default',
      'default',
    ],
    ['no kubeconfig at all, not in a pod: default', '', () => ({ kind: 'default' }), undefined, 'default', 'default'],
  ];
  for (const [name, input, source, context, namespace, from] of cases) {
    it(name, () => {
      expect(chooseNamespace(input, source(), context, { HOME: join(dir, 'nohome') })).toEqual({ namespace, from });
    });
  }

  it('KUBECONFIG with several files: the first current-context and the first definition of a context win', () => {
    const first = join(dir, 'first');
    const second = join(dir, 'second');
    writeFileSync(first, kubeconfig({ current: 'a', namespaceA: 'from-first' }).replace(/current-context: .*/, ''));
    writeFileSync(second, kubeconfig({ current: 'a', namespaceA: 'from-second' }));
    const env = { KUBECONFIG: `${first}:${second}` };
    expect(chooseNamespace('', { kind: 'default' }, undefined, env).namespace).toBe('from-first');
  });

  it('in a pod without a kubeconfig: POD_NAMESPACE, then the ServiceAccount namespace file', () => {
    const sa = join(dir, 'sa');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), 'sa-token');
    writeFileSync(join(sa, 'namespace'), 'from-sa\n');
    const env = { HOME: join(dir, 'nohome'), KUBERNETES_SERVICE_HOST: '10.0.0.1' };
    expect(chooseNamespace('', { kind: 'default' }, undefined, env, sa)).toEqual({
      namespace: 'from-sa',
      from: 'the in-cluster ServiceAccount',
    });
    expect(
      chooseNamespace('', { kind: 'default' }, undefined, { ...env, POD_NAMESPACE: 'from-env' }, sa).namespace,
    ).toBe('from-env');
  });

  it('agrees with the namespace the connection reads from the same kubeconfig', async () => {
    for (const [options, context] of [
      [{}, undefined],
      [{ current: 'b' }, 'a'],
      [{ current: 'b' }, undefined],
    ] as const) {
      const text = kubeconfig(options);
      const connection = await connect({ kind: 'content', content: text }, context, new MemoryLogger(), {
        retry: FAST_RETRY,
      });
      connection.close();
      const chosen = chooseNamespace('', { kind: 'content', content: text }, context, {});
      expect(chosen.namespace).toBe(connection.namespaceDefault ?? 'default');
    }
  });
});

describe('parseConfig: the namespace input', () => {
  const parse = (raw: Record<string, string>) =>
    parseConfig({ image: 'app:1', ...raw }, { env: { HOME: join(dir, 'nohome') }, cwd: dir, mode: 'action' });

  it('has no literal default: the context decides when it is empty', () => {
    expect(parse({ kubeconfig: kubeconfig() }).scan).toMatchObject({
      namespace: 'ns-a',
      namespaceFrom: 'context "a" of the kubeconfig',
    });
    expect(parse({ kubeconfig: kubeconfig(), namespace: 'scans' }).scan.namespace).toBe('scans');
    expect(parse({ kubeconfig: kubeconfig(), context: 'b' }).scan.namespace).toBe('default');
  });

  it('checks a namespace taken from the context like the input, naming where it came from', () => {
    expect(() => parse({ kubeconfig: kubeconfig({ namespaceA: 'Not_A_Label' }) })).toThrow(
      /namespace \(from context "a" of the kubeconfig\): "Not_A_Label" is not a valid name/,
    );
  });
});

describe('a scan with a context namespace and no namespace input', () => {
  it('runs in the context namespace, and every message names it', async () => {
    fake.timelineFor = () => Timeline.scan(SCANNER_LOG, { intervalMs: 2, batch: 5 });
    const config = parseConfig(
      {
        image: 'ghcr.io/acme/app:1.0',
        kubeconfig: kubeconfig({ namespaceA: SCAN_NAMESPACE }),
        'output-dir': join(dir, 'out'),
        timeout: '30s',
        cleanup: 'false',
      },
      { env: {}, cwd: dir, mode: 'action' },
    );
    const logger = new MemoryLogger();
    let saved = '';
    const outcome = await runPipeline(config, { logger, onPlanned: (plan) => void (saved = plan.names.namespace) });
    expect(outcome.error).toBeUndefined();
    expect(saved).toBe(SCAN_NAMESPACE);
    expect(outcome.names?.namespace).toBe(SCAN_NAMESPACE);
    const created = fake.requests.filter((r) => r.method === 'POST').map((r) => r.path);
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((path) => path.startsWith(`/api/v1/namespaces/${SCAN_NAMESPACE}/`))).toBe(true);
    const info = logger.messages('info').join('\n');
    expect(info).toContain('(namespace from context "a" of the kubeconfig)');
    expect(info).toContain(
      `kubectl -n ${SCAN_NAMESPACE} delete pod,configmap -l kube-cinc-scan/run-id=${outcome.names?.runId ?? ''}`,
    );
    expect(info).not.toMatch(/namespaces?\/default|-n default/);
  });
});
