import { readFileSync } from 'node:fs';
import type { getOctokit } from '@actions/github';
import { truncateMarkdown } from './markdown.js';

/** GitHub refuses an issue comment body longer than this (characters). */
export const COMMENT_LIMIT = 65_536;
/** Room kept below the limit: GitHub counts some characters differently from JavaScript's UTF-16 length. */
const COMMENT_MARGIN = 1_024;

export type Octokit = ReturnType<typeof getOctokit>;

export interface PullRequestTarget {
  owner: string;
  repo: string;
  number: number;
}

/**
 * The pull request this run belongs to, from the event the runner wrote to GITHUB_EVENT_PATH; undefined on any other
 * event (a push, a schedule), where there is nothing to comment on.
 */
export function pullRequestFromEvent(env: NodeJS.ProcessEnv): PullRequestTarget | undefined {
  const event = env['GITHUB_EVENT_NAME'];
  if (event !== 'pull_request' && event !== 'pull_request_target') return undefined;
  const path = env['GITHUB_EVENT_PATH'];
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  if (!path || !owner || !repo) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  const number = (payload as { pull_request?: { number?: unknown } } | null)?.pull_request?.number;
  return typeof number === 'number' && Number.isInteger(number) ? { owner, repo, number } : undefined;
}

/**
 * The hidden marker that finds this step's comment again on a later run. One per job and image (the artifact name's
 * stem), so the legs of a matrix each keep their own comment instead of overwriting one another.
 */
export function commentMarker(key: string): string {
  const safe = key
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 200);
  return `<!-- kube-cinc-scan:${safe} -->`;
}

/** The comment body: marker, then the summary, cut at a line so the whole stays under GitHub's limit. */
export function commentBody(marker: string, markdown: string, truncatedNote: string): string {
  const room = COMMENT_LIMIT - COMMENT_MARGIN - marker.length - 1;
  return `${marker}\n${truncateMarkdown(markdown, room, truncatedNote)}`;
}

export interface CommentResult {
  action: 'created' | 'updated';
  id: number;
  url: string;
}

/** Updates this step's earlier comment on the pull request when there is one (found by its marker), else creates it. */
export async function upsertComment(
  octokit: Octokit,
  target: PullRequestTarget,
  marker: string,
  body: string,
): Promise<CommentResult> {
  const existing = await findComment(octokit, target, marker);
  if (existing !== undefined) {
    const { data } = await octokit.rest.issues.updateComment({
      owner: target.owner,
      repo: target.repo,
      comment_id: existing,
      body,
    });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    body,
  });
  return { action: 'created', id: data.id, url: data.html_url };
}

/**
 * Ours: starts with the marker and was written by a bot (the GITHUB_TOKEN comments as github-actions[bot]). Anyone
 * can paste the marker into a comment of their own; updating theirs would put our summary where they can edit it.
 * With a personal token the comments are a user's and never match, so each run adds a new one instead.
 */
function isOurs(comment: { body?: string | null; user?: { type?: string } | null }, marker: string): boolean {
  return (comment.body ?? '').startsWith(marker) && comment.user?.type === 'Bot';
}

async function findComment(octokit: Octokit, target: PullRequestTarget, marker: string): Promise<number | undefined> {
  const iterator = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    per_page: 100,
  });
  for await (const page of iterator) {
    const found = page.data.find((comment) => isOurs(comment, marker));
    if (found) return found.id;
  }
  return undefined;
}

/** The HTTP status of an Octokit RequestError, if the value is one. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
