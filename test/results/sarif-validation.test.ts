// The SARIF we write, checked by Microsoft's SARIF Multitool with its SARIF rules and GitHub's ingestion rules
// (`validate --rule-kind "Sarif;Gh"`), on every public sample and on reports with waivers, errors, overlays and
// hostile text: no finding of level error. The first run installs the Multitool into .cache/ (about 100 MB, from npm).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateReportWithDetails, renderSarif } from '../../src/core/results/index.js';
import { makeTempDir } from '../support/temp-dir.js';
import { bigReport } from './big-report.js';
import { multitool, validateSarif, type Finding } from './format-tools.js';
import { readSample, SAMPLE_NAMES } from './report-builder.js';
import { richReport } from './rich-report.js';

const dir = makeTempDir('kcs-sarif-validate-');

function writeSarif(name: string, text: string, image: string | undefined, location = 'Dockerfile'): string {
  const { evaluation, details } = evaluateReportWithDetails(text, { origin: name });
  const file = join(dir, `${name.replace(/[^\w.-]+/g, '-')}.sarif`);
  writeFileSync(file, renderSarif([{ evaluation, details, meta: image ? { image } : {}, location }]));
  return file;
}

describe('SARIF Multitool validate --rule-kind "Sarif;Gh"', () => {
  let findings: Finding[] = [];
  const files: string[] = [];

  beforeAll(() => {
    multitool();
    for (const name of SAMPLE_NAMES) files.push(writeSarif(name, readSample(name), 'ghcr.io/acme/app:1.0'));
    files.push(writeSarif('rich', richReport(), 'registry.example:5000/team/app@sha256:' + 'b'.repeat(64)));
    files.push(writeSarif('rich-no-image', richReport(), undefined, 'docker/my app/Dockerfile'));
    files.push(writeSarif('generated-hostile', bigReport({ controls: 400, hostile: true, seed: 11 }), 'app:2'));
    findings = validateSarif(files, join(dir, 'validation.sarif'));
  }, 600_000);

  it('finds no error on any file', () => {
    expect(files).toHaveLength(SAMPLE_NAMES.length + 3);
    expect(findings.filter((f) => f.level === 'error')).toEqual([]);
  });

  it('reports warnings and notes only from rules we know and accept (none today)', () => {
    // A new finding is worth a look: list it here with the reason it is acceptable, or fix the writer.
    expect(findings.map((f) => `${f.level} ${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  it('really checks: a result without a location is an error under the GitHub rules', () => {
    const broken = join(dir, 'broken.sarif');
    writeFileSync(
      broken,
      JSON.stringify({
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'x', informationUri: 'https://example.com/', rules: [{ id: 'R1' }] } },
            results: [{ ruleId: 'R1', ruleIndex: 0, message: { text: 'x.' } }],
          },
        ],
      }),
    );
    const errors = validateSarif([broken], join(dir, 'broken-validation.sarif')).filter((f) => f.level === 'error');
    expect(errors.map((f) => f.ruleId)).toContain('GH1015');
  }, 120_000);
});
