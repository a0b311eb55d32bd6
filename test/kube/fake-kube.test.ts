import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeKube, Timeline } from '../support/fake-kube/index.js';
import { NAMESPACE } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API answers */

let fake: FakeKube;
beforeAll(async () => {
  fake = await FakeKube.start({ bookmarkIntervalMs: 20 });
});
afterAll(() => fake.close());

const api = (path: string, init: RequestInit = {}, token = fake.tokens.admin) =>
  fetch(`${fake.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
const pods = `/api/v1/namespaces/${NAMESPACE}/pods`;
const pod = (name: string, labels: Record<string, string> = {}) => ({
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

/** Reads watch events until `count` arrived or the stream ended. */
async function events(response: Response, count: number): Promise<any[]> {
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  const found: any[] = [];
  let buffer = '';
  while (reader && found.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line) found.push(JSON.parse(line));
  }
  await reader?.cancel();
  return found;
}

describe('the fake API server', () => {
  it('answers Status objects with the right codes', async () => {
    const statuses = async (response: Response) => [response.status, ((await response.json()) as any).reason];
    expect(await statuses(await api(pods, {}, 'bad-token'))).toEqual([401, 'Unauthorized']);
    expect(await statuses(await api(`${pods}/none`))).toEqual([404, 'NotFound']);
    expect(await statuses(await api(pods, { method: 'POST', body: JSON.stringify(pod('dup')) }))).toEqual([
      201,
      undefined,
    ]);
    expect(await statuses(await api(pods, { method: 'POST', body: JSON.stringify(pod('dup')) }))).toEqual([
      409,
      'AlreadyExists',
    ]);
    expect(
      await statuses(
        await api(pods, {
          method: 'POST',
          body: JSON.stringify({ metadata: { name: 'Bad_Name' }, spec: { containers: [] } }),
        }),
      ),
    ).toEqual([422, 'Invalid']);
    expect(
      await statuses(
        await api(`${pods}?fieldValidation=Strict`, {
          method: 'POST',
          body: JSON.stringify({ ...pod('typo'), spec: { containers: [{ name: 'c', image: 'x', imagee: 'y' }] } }),
        }),
      ),
    ).toEqual([400, 'BadRequest']);
    expect(
      await statuses(await api(pods, { method: 'POST', body: JSON.stringify(pod('x')) }, fake.tokens.nobody)),
    ).toEqual([403, 'Forbidden']);
    fake.faults.refusals.push({ count: 1, status: 429, retryAfter: 3 }, { count: 1, status: 500 });
    const limited = await api(pods);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await statuses(limited)).toEqual([429, 'TooManyRequests']);
    expect(await statuses(await api(pods))).toEqual([500, 'InternalError']);
    await api(`${pods}/dup`, { method: 'DELETE' });
  });

  it('answers metadata alone when asked for PartialObjectMetadata, as the real server negotiates it', async () => {
    await api(pods, { method: 'POST', body: JSON.stringify(pod('meta')) });
    const partial = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1, application/json';
    const one = (await (await api(`${pods}/meta`, { headers: { Accept: partial } })).json()) as any;
    expect(one.kind).toBe('PartialObjectMetadata');
    expect(one.apiVersion).toBe('meta.k8s.io/v1');
    expect(one.metadata.name).toBe('meta');
    expect(one.metadata.uid).toMatch(/\S/);
    expect(one.spec).toBeUndefined();
    const list = (await (await api(pods, { headers: { Accept: partial } })).json()) as any;
    expect(list.kind).toBe('PartialObjectMetadataList');
    expect(list.items.every((i: any) => i.kind === 'PartialObjectMetadata' && i.spec === undefined)).toBe(true);
    // The first media type the server can serve wins: plain JSON first means the whole object.
    const whole = (await (
      await api(`${pods}/meta`, { headers: { Accept: `application/json, ${partial}` } })
    ).json()) as any;
    expect(whole.kind).toBe('Pod');
    expect(whole.spec.containers).toHaveLength(1);
    await api(`${pods}/meta`, { method: 'DELETE' });
  });

  it('lists with label and field selectors', async () => {
    for (const [name, tier] of [
      ['a', 'web'],
      ['b', 'db'],
      ['c', 'web'],
    ])
      await api(pods, { method: 'POST', body: JSON.stringify(pod(name ?? '', { tier: tier ?? '' })) });
    const names = async (query: string) =>
      ((await (await api(`${pods}?${query}`)).json()) as any).items.map((p: any) => p.metadata.name);
    expect(await names('labelSelector=tier%3Dweb')).toEqual(['a', 'c']);
    expect(await names('labelSelector=tier%20in%20(db,cache)')).toEqual(['b']);
    expect(await names('labelSelector=tier!%3Dweb')).toEqual(['b']);
    expect(await names('labelSelector=!tier')).toEqual([]);
    expect(await names('fieldSelector=metadata.name%3Db')).toEqual(['b']);
    expect((await api(`${pods}?labelSelector=a%20%3D%3D%3D`)).status).toBe(400);
    for (const name of ['a', 'b', 'c']) await api(`${pods}/${name}`, { method: 'DELETE' });
  });

  it('replays watch events from a resourceVersion, sends bookmarks, and 410 after compaction', async () => {
    const list = (await (await api(pods)).json()) as any;
    const from = list.metadata.resourceVersion;
    await api(pods, { method: 'POST', body: JSON.stringify(pod('w')) });
    await api(`${pods}/w`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { x: 'y' } } }),
    });
    const replay = await events(await api(`${pods}?watch=true&resourceVersion=${from}&allowWatchBookmarks=true`), 3);
    expect(replay.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'BOOKMARK']);
    expect(replay[1].object.metadata.labels).toEqual({ x: 'y' });
    fake.compact();
    const expired = await events(await api(`${pods}?watch=true&resourceVersion=${from}`), 1);
    expect(expired[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    await api(`${pods}/w`, { method: 'DELETE' });
  });

  it('deletes pods gracefully, ends followed logs at termination, and garbage-collects owned ConfigMaps', async () => {
    fake.timelineFor = () => Timeline.started().log('scanner', ['one', 'two'], 5).terminated('scanner', 0);
    const body = {
      metadata: { name: 'g' },
      spec: {
        terminationGracePeriodSeconds: 2,
        containers: [
          { name: 'target', image: 'x' },
          { name: 'scanner', image: 'y' },
        ],
        initContainers: [{ name: 'keepalive', image: 'z' }],
      },
    };
    const created = (await (await api(pods, { method: 'POST', body: JSON.stringify(body) })).json()) as any;
    await api(`/api/v1/namespaces/${NAMESPACE}/configmaps`, {
      method: 'POST',
      body: JSON.stringify({
        metadata: {
          name: 'owned',
          ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'g', uid: created.metadata.uid }],
        },
      }),
    });
    expect((await api(`${pods}/g/log`)).status).toBe(400);
    await new Promise((r) => setTimeout(r, 30));
    expect(await (await api(`${pods}/g/log?container=scanner&follow=true`)).text()).toBe('one\ntwo\n');
    const deleting = (await (await api(`${pods}/g`, { method: 'DELETE' })).json()) as any;
    expect(deleting.metadata.deletionTimestamp).toBeTruthy();
    expect(deleting.metadata.deletionGracePeriodSeconds).toBe(2);
    expect((await api(`${pods}/g`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 40));
    expect((await api(`${pods}/g`)).status).toBe(404);
    expect((await api(`/api/v1/namespaces/${NAMESPACE}/configmaps/owned`)).status).toBe(404);
    fake.timelineFor = () => undefined;
  });
});
