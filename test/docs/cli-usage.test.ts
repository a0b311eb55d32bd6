import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { allSteps, codeBlocks, loadWorkflow, read, workflowFiles } from './helpers.js';

// Every CLI command line the documentation shows (README, the e2e workflow, the examples) must name a real subcommand
// and only flags that subcommand's --help lists: a renamed flag must not leave the docs behind.

interface Invocation {
  where: string;
  command: string;
  flags: string[];
}

// The tool's name as a command (not inside a path, a label or a URL), or the bundle run by node.
const CLI = /(?:(?<![\w/=.-])kube-cinc-scan|node[ \t]+\S*dist\/cli\/index\.js)[ \t]+([a-z]+)\b([^\n|;&>]*)/g;

function invocations(text: string, where: string): Invocation[] {
  const joined = text.replace(/\\\n\s*/g, ' ');
  return [...joined.matchAll(CLI)].map((m) => ({
    where,
    command: m[1] ?? '',
    flags: [...(m[2] ?? '').matchAll(/(?:^|\s)--([a-z][a-z-]*)/g)].map((f) => f[1] ?? ''),
  }));
}

function documented(): Invocation[] {
  const list: Invocation[] = [];
  for (const block of codeBlocks(read('README.md')).filter((b) => ['sh', 'text', ''].includes(b.lang))) {
    list.push(...invocations(block.code, 'README.md'));
  }
  for (const path of [...workflowFiles('.github/workflows'), ...workflowFiles('examples/workflows')]) {
    for (const step of allSteps(loadWorkflow(path))) list.push(...invocations(step.run ?? '', path));
  }
  const gitlab = load(read('examples/gitlab-ci/.gitlab-ci.yml')) as Record<
    string,
    { script?: string[]; before_script?: string[] }
  >;
  for (const job of Object.values(gitlab)) {
    if (job && typeof job === 'object')
      list.push(...invocations([...(job.before_script ?? []), ...(job.script ?? [])].join('\n'), '.gitlab-ci.yml'));
  }
  return list;
}

async function helpOf(command: string): Promise<{ code: number; text: string }> {
  let text = '';
  const io = {
    out: (t: string) => (text += t),
    err: (t: string) => (text += t),
    env: {},
    cwd: process.cwd(),
    signal: new AbortController().signal,
  };
  const code = await main([command, '--help'], io);
  return { code, text };
}

const all = documented();

describe('CLI command lines in the documentation', () => {
  it('are found in the README, the e2e workflow and the GitLab example', () => {
    const where = new Set(all.map((i) => i.where));
    expect([...where].sort()).toEqual(
      expect.arrayContaining(['.github/workflows/e2e.yml', '.gitlab-ci.yml', 'README.md']),
    );
    expect(all.some((i) => i.command === 'scan' && i.where === 'README.md')).toBe(true);
  });

  it.each([...new Set(all.map((i) => i.command))])('use subcommand %s with flags its --help lists', async (command) => {
    const help = await helpOf(command);
    expect(help.code, help.text).toBe(0);
    const known = new Set([...help.text.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]));
    const unknown = all
      .filter((i) => i.command === command)
      .flatMap((i) => i.flags.filter((f) => !known.has(f)).map((f) => `${i.where}: --${f}`));
    expect(unknown).toEqual([]);
  });
});
