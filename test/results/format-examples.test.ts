// The examples publish the SARIF and JUnit files the way their platforms want them.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const yaml = (path: string) => load(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
}

describe('examples/workflows/gate-image-build.yml', () => {
  const workflow = yaml('examples/workflows/gate-image-build.yml') as {
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const scan = steps.find((s) => /\/kube-cinc-scan@v\d+$/.test(s.uses ?? '')) as Step;
  const upload = steps.find((s) => (s.uses ?? '').startsWith('github/codeql-action/upload-sarif@')) as Step;

  it('uploads the SARIF whatever the threshold said, when there is one, in a category per image', () => {
    expect(upload).toBeDefined();
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(scan));
    expect(upload.if).toContain('always()');
    expect(upload.if).toContain(`steps.${scan.id}.outputs.sarif-file != ''`);
    expect(upload.with?.['sarif_file']).toBe(`\${{ steps.${scan.id}.outputs.sarif-file }}`);
    expect(upload.with?.['category']).toContain('${{ env.IMAGE }}');
    expect(workflow.permissions['security-events']).toBe('write');
    expect(scan.with?.['sarif-location']).toBe('Dockerfile');
  });
});

describe('examples/gitlab-ci/.gitlab-ci.yml', () => {
  it('publishes the JUnit file as the job’s test report, also when the job fails', () => {
    const job = yaml('examples/gitlab-ci/.gitlab-ci.yml')['compliance-scan'] as {
      script: string[];
      artifacts: { when: string; reports: { junit: string } };
    };
    const outputDir = /--output-dir (\S+)/.exec(job.script.join('\n'))?.[1];
    expect(job.artifacts.when).toBe('always');
    expect(job.artifacts.reports.junit).toBe(`${outputDir}/scan-results.junit.xml`);
  });
});
