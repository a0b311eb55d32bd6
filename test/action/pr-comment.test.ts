import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getOctokit } from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COMMENT_LIMIT,
  commentBody,
  commentMarker,
  pullRequestFromEvent,
  upsertComment,
} from '../../src/action/publish/pr-comment.js';
import { GITHUB_BODY_LIMIT, startFakeGitHubApi, type FakeGitHubApi } from '../support/fake-github-api/server.js';
import { makeTempDir } from '../support/temp-dir.js';

const TARGET = { owner: 'acme', repo: 'app', number: 7 };

describe('pull-request comment (real @actions/github client, fake GitHub REST API)', () => {
  let api: FakeGitHubApi;
  beforeEach(async () => {
    api = await startFakeGitHubApi({ owner: 'acme', repo: 'app' });
  });
  afterEach(async () => {
    await api.close();
  });
  const octokit = () => getOctokit(api.token, { baseUrl: api.url });

  it('creates the comment, then updates the same one on a later run', async () => {
    const marker = commentMarker('kcs-ghcr.io-acme-app-1.0-scan');
    const first = await upsertComment(octokit(), TARGET, marker, commentBody(marker, 'first run', 'cut'));
    expect(first.action).toBe('created');
    const second = await upsertComment(octokit(), TARGET, marker, commentBody(marker, 'second run', 'cut'));
    expect(second).toMatchObject({ action: 'updated', id: first.id });
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]?.body).toBe(`${marker}\nsecond run`);
    expect(api.requests).toEqual([
      'GET /repos/acme/app/issues/7/comments?per_page=100',
      'POST /repos/acme/app/issues/7/comments',
      'GET /repos/acme/app/issues/7/comments?per_page=100',
      `PATCH /repos/acme/app/issues/comments/${first.id}`,
    ]);
  });

  it('finds its comment past the first page, and leaves other comments (another matrix leg) alone', async () => {
    api.pageSize = 2;
    const other = commentMarker('kcs-other-image-scan');
    await upsertComment(octokit(), TARGET, other, commentBody(other, 'other leg', 'cut'));
    for (let i = 0; i < 3; i += 1)
      api.comments.push({
        id: 900 + i,
        issue: 7,
        body: `human comment ${i}`,
        user: { login: 'dev', type: 'User' },
        html_url: '',
      });
    const mine = commentMarker('kcs-app-scan');
    await upsertComment(octokit(), TARGET, mine, commentBody(mine, 'v1', 'cut'));
    const again = await upsertComment(octokit(), TARGET, mine, commentBody(mine, 'v2', 'cut'));
    expect(again.action).toBe('updated');
    expect(api.comments.map((c) => c.body)).toEqual([
      `${other}\nother leg`,
      'human comment 0',
      'human comment 1',
      'human comment 2',
      `${mine}\nv2`,
    ]);
    expect(api.requests.some((r) => r.includes('page=3'))).toBe(true);
  });

  it('never takes over a comment someone else wrote with our marker in it', async () => {
    const marker = commentMarker('kcs-app-scan');
    api.comments.push({
      id: 500,
      issue: 7,
      body: `${marker}\nforged: all passed`,
      user: { login: 'mallory', type: 'User' },
      html_url: '',
    });
    api.comments.push({
      id: 501,
      issue: 7,
      body: `quoting ${marker}`,
      user: { login: 'github-actions[bot]', type: 'Bot' },
      html_url: '',
    });
    const result = await upsertComment(octokit(), TARGET, marker, commentBody(marker, 'real results', 'cut'));
    expect(result.action).toBe('created');
    expect(api.comments.find((c) => c.id === 500)?.body).toBe(`${marker}\nforged: all passed`);
    expect(api.comments.find((c) => c.id === 501)?.body).toBe(`quoting ${marker}`);
    expect(api.comments.at(-1)?.body).toBe(`${marker}\nreal results`);
  });

  it('keeps an over-long summary under the 65,536-character limit, cut at a line', async () => {
    const marker = commentMarker('kcs-big');
    const line = `| control-${'x'.repeat(80)} | failed |`;
    const huge = Array.from({ length: 2_000 }, () => line).join('\n');
    expect(huge.length).toBeGreaterThan(GITHUB_BODY_LIMIT);
    const body = commentBody(marker, huge, '_The summary was cut._');
    expect(body.length).toBeLessThan(COMMENT_LIMIT);
    expect(body.endsWith('\n\n_The summary was cut._')).toBe(true);
    expect(
      body
        .split('\n')
        .slice(1, -2)
        .every((l) => l === line),
    ).toBe(true);
    await upsertComment(octokit(), TARGET, marker, body);
    expect(api.comments[0]?.body).toBe(body);
  });

  it('a read-only token (fork pull request) gets 403 with the status on the error', async () => {
    api.readOnly = true;
    const marker = commentMarker('kcs-fork');
    const error = await upsertComment(octokit(), TARGET, marker, 'x').catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(403);
    expect(api.comments).toEqual([]);
  });

  it.each([
    ['pull_request', { pull_request: { number: 7 } }, TARGET],
    ['pull_request_target', { pull_request: { number: 9 } }, { ...TARGET, number: 9 }],
    ['push', { ref: 'refs/heads/main' }, undefined],
    ['pull_request', { action: 'opened' }, undefined],
  ])('the pull request of a %s event', (event, payload, expected) => {
    const dir = makeTempDir('kcs-event-');
    writeFileSync(join(dir, 'event.json'), JSON.stringify(payload));
    expect(
      pullRequestFromEvent({
        GITHUB_EVENT_NAME: event,
        GITHUB_EVENT_PATH: join(dir, 'event.json'),
        GITHUB_REPOSITORY: 'acme/app',
      }),
    ).toEqual(expected);
  });

  it('the marker is an HTML comment that text cannot end early', () => {
    expect(commentMarker('a b-->c')).toBe('<!-- kube-cinc-scan:a-b-c -->');
  });
});
