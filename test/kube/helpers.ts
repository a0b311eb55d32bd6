import { join } from 'node:path';
import type { ScanConfig } from '../../src/core/config.js';
import { connect, type KubeConnection } from '../../src/core/kube/connection.js';
import type { Logger } from '../../src/core/logger.js';
import { silentLogger } from '../../src/core/logger.js';
import type { FakeKube } from '../support/fake-kube/index.js';

export const ROOT = join(import.meta.dirname, '../..');
export const NAMESPACE = 'kube-cinc-scan';

/** A complete scan configuration with the shipped profile; tests override what they exercise. */
export function scanConfig(overrides: Partial<ScanConfig> = {}): ScanConfig {
  return {
    image: 'registry.example.com/team/app:1.2.3',
    profile: { kind: 'shipped', name: 'container-baseline', path: join(ROOT, 'profiles/container-baseline') },
    profileInputs: undefined,
    waiverFile: undefined,
    controls: [],
    namespace: NAMESPACE,
    kubeconfig: { kind: 'default' },
    context: undefined,
    scannerImage: 'cincproject/auditor:6.8.24',
    keepaliveImage: 'busybox:1.38.0-musl',
    imagePullPolicy: 'IfNotPresent',
    imagePullSecrets: [],
    nodeSelector: {},
    tolerations: [],
    podAnnotations: {},
    scannerCpu: '500m',
    scannerMemory: '1Gi',
    maxFileSize: 64 * 1024 * 1024,
    maxCommandOutput: 16 * 1024 * 1024,
    kindLoad: false,
    kindCluster: 'kind',
    timeoutSeconds: 20,
    cleanup: true,
    ...overrides,
  };
}

/** Retries that keep a test fast: the fake answers in microseconds. */
export const FAST_RETRY = { attempts: 6, baseDelayMs: 5, maxDelayMs: 40, maxRetryAfterSeconds: 2 };

export function connectTo(
  fake: FakeKube,
  token = fake.tokens.scanner,
  logger: Logger = silentLogger,
): Promise<KubeConnection> {
  return connect({ kind: 'content', content: fake.kubeconfig(token) }, undefined, logger, {
    retry: FAST_RETRY,
    probeTimeoutMs: 2000,
  });
}
