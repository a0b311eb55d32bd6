// The README's "Private images" and "Avoiding Docker Hub limits" sections: their workflows pass actionlint and use
// only declared inputs, they name what the issue asks them to, and the Permissions table for the registry Secret is
// exactly the Role in deploy/rbac-registry-secret.yaml.
import { load, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import {
  action,
  actionlint,
  allSteps,
  codeBlocks,
  isThisAction,
  read,
  section,
  unknownWithKeys,
  type Step,
  type Workflow,
} from './helpers.js';

const readme = read('README.md');
const privateImages = section(readme, 'Private images');
const dockerHub = section(readme, 'Avoiding Docker Hub limits');
const inputs = Object.keys(action().inputs);

/** The YAML blocks of a section: whole workflows, and step lists (indented, as they sit under `steps:`). */
function yamlBlocks(text: string): string[] {
  return codeBlocks(text)
    .filter((b) => b.lang === 'yaml')
    .map((b) => b.code);
}

/** A block of steps or of `with:` keys, wrapped into a workflow so actionlint can read it. */
function asWorkflow(code: string): string {
  if (code.includes('jobs:')) return code;
  const steps = code.trimStart().startsWith('- ')
    ? code
    : `      - uses: kube-cinc-scan/kube-cinc-scan@v1\n        with:\n          image: app:1\n${code}`;
  return ['on: [push]', 'jobs:', '  scan:', '    runs-on: ubuntu-latest', '    steps:', steps].join('\n');
}

describe.each([
  ['Private images', privateImages],
  ['Avoiding Docker Hub limits', dockerHub],
])('README section %s', (_name, text) => {
  it('has workflow snippets', () => {
    expect(yamlBlocks(text).length).toBeGreaterThan(0);
  });

  it('passes actionlint, block by block', async () => {
    for (const [index, code] of yamlBlocks(text).entries())
      expect(await actionlint(asWorkflow(code), `readme-${index}.yml`), code).toEqual([]);
  });

  it('passes only declared inputs to the action', () => {
    for (const code of yamlBlocks(text)) {
      const steps: Step[] = allSteps(load(asWorkflow(code)) as Workflow);
      expect(steps.some((s) => isThisAction(s.uses))).toBe(true);
      expect(unknownWithKeys(steps, 'README', inputs)).toEqual([]);
    }
  });
});

describe('Private images', () => {
  it('uses the registry inputs, and names the cloud registries and their tokens', () => {
    const scan = allSteps(load(yamlBlocks(privateImages)[0] ?? '') as Workflow).find((s) => isThisAction(s.uses));
    expect(scan?.with?.['registry-username']).toBeTruthy();
    expect(String(scan?.with?.['registry-password'])).toContain('secrets.GITHUB_TOKEN');
    for (const text of [
      'aws ecr get-login-password',
      'gcloud auth print-access-token',
      '`oauth2accesstoken`',
      'GITHUB_TOKEN',
      'https://index.docker.io/v1/',
      'deploy/rbac-registry-secret.yaml',
      '--registry-password-stdin',
      'KCS_REGISTRY_PASSWORD',
      'REDACTED',
      'KCS-SCAN-127',
    ])
      expect(privateImages).toContain(text);
  });
});

describe('Avoiding Docker Hub limits', () => {
  it('caches the scanner images with actions/cache and loads them with kind-load', () => {
    const workflow = codeBlocks(dockerHub).find((b) => b.lang === 'yaml' && b.code.includes('jobs:'))?.code ?? '';
    const steps = allSteps(load(workflow) as Workflow);
    const cache = steps.find((s) => (s.uses ?? '').startsWith('actions/cache@'));
    expect(String(cache?.with?.['key'])).toContain('env.SCANNER_IMAGE');
    expect(String(cache?.with?.['key'])).toContain('env.KEEPALIVE_IMAGE');
    const scan = steps.find((s) => isThisAction(s.uses));
    expect(String(scan?.with?.['kind-load'])).toBe('true');
    expect(scan?.with?.['scanner-image']).toBe('${{ env.SCANNER_IMAGE }}');
    expect(scan?.with?.['keepalive-image']).toBe('${{ env.KEEPALIVE_IMAGE }}');
    expect(steps.findIndex((s) => s === cache)).toBeLessThan(steps.findIndex((s) => s === scan));
  });

  it('names the mirror, the air-gapped case and the codes', () => {
    for (const text of ['scanner-image', 'keepalive-image', 'air-gapped', 'ConfigMap', 'no egress', 'KCS-SCAN-128'])
      expect(dockerHub).toContain(text);
  });
});

describe('README Permissions table for the registry Secret matches deploy/rbac-registry-secret.yaml', () => {
  it('lists exactly the Role verbs, and the Role lists no list or watch', () => {
    const docs = loadAll(read('deploy/rbac-registry-secret.yaml')) as {
      kind: string;
      rules?: { resources: string[]; verbs: string[] }[];
    }[];
    const verbs = (docs.find((d) => d?.kind === 'Role')?.rules ?? []).flatMap((r) => r.verbs).sort();
    const permissions = section(readme, 'Permissions');
    const table = permissions.slice(permissions.indexOf('| `secrets` |'));
    const documented = [...table.matchAll(/^\| `secrets` \| `([a-z]+)` \|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(verbs);
    expect(verbs).not.toContain('list');
    expect(verbs).not.toContain('watch');
    // The default Role stays secret-free.
    expect(read('deploy/rbac.yaml')).not.toMatch(/resources: \[[^\]]*"secrets"/);
  });
});
