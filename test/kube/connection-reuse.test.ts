// One keep-alive agent per connection: a whole scan over HTTPS opens a handful of TLS connections, not one per request.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/core/logger.js';
import { planScan, runScan } from '../../src/core/scan.js';
import { FakeKube, Timeline } from '../support/fake-kube/index.js';
import { ROOT, connectTo, scanConfig } from './helpers.js';

const FIXTURE_LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');

let fake: FakeKube;
beforeAll(async () => {
  fake = await FakeKube.start({ tls: true });
});
afterAll(async () => {
  await fake.close();
});

describe('a full scan over HTTPS', () => {
  it('opens at most 4 TLS connections for all its requests, watches and log streams', async () => {
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG, { intervalMs: 2, batch: 5 });
    const handshakesBefore = fake.secureConnections;
    const requestsBefore = fake.requests.length;
    const connection = await connectTo(fake);
    try {
      const outcome = await runScan(await planScan(scanConfig()), {
        connection,
        logger: new MemoryLogger(),
        cleanup: true,
        timeoutSeconds: 10,
        logDrainMs: 500,
      });
      expect(outcome.reportText).toBeTruthy();
    } finally {
      connection.close();
    }
    const requests = fake.requests.length - requestsBefore;
    const handshakes = fake.secureConnections - handshakesBefore;
    expect(requests).toBeGreaterThanOrEqual(10);
    expect(handshakes, `${handshakes} TLS connections for ${requests} requests`).toBeLessThanOrEqual(4);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
  });
});
