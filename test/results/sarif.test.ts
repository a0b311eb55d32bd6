// scan-results.sarif: the mapping of src/core/results/sarif.ts on a report with every kind of control, and its
// invariants on every public sample. The real validators run in sarif-validation.test.ts.
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import {
  automationId,
  evaluateReportWithDetails,
  fingerprint,
  renderSarif,
  type Evaluation,
  type ReportDetails,
} from '../../src/core/results/index.js';
import { bigReport } from './big-report.js';
import { fail, pass, readSample, SAMPLE_NAMES, simpleReport } from './report-builder.js';
import { ESCAPE, HOSTILE, RICH_STATUSES, richReport } from './rich-report.js';

const IMAGE = 'ghcr.io/acme/app:1.2.3';

function sarifOf(
  text: string,
  options: { image?: string; location?: string; scanAbove?: number } = {},
): { log: Sarif.Log; run: Sarif.Run; evaluation: Evaluation; details: ReportDetails; text: string } {
  const { evaluation, details } = evaluateReportWithDetails(text, {
    origin: 'r.json',
    ...(options.scanAbove !== undefined ? { scanAbove: options.scanAbove } : {}),
  });
  const rendered = renderSarif([
    {
      evaluation,
      details,
      meta: options.image === undefined ? { image: IMAGE } : options.image ? { image: options.image } : {},
      location: options.location ?? 'Dockerfile',
    },
  ]);
  const log = JSON.parse(rendered) as Sarif.Log;
  return { log, run: log.runs[0] as Sarif.Run, evaluation, details, text: rendered };
}

const rules = (run: Sarif.Run) => run.tool.driver.rules ?? [];
const ruleOf = (run: Sarif.Run, id: string) => rules(run).find((r) => r.id === id) as Sarif.ReportingDescriptor;
const resultOf = (run: Sarif.Run, id: string) => (run.results ?? []).find((r) => r.ruleId === id);

describe('scan-results.sarif: the mapping', () => {
  const { log, run, text } = sarifOf(richReport());

  it('is one SARIF 2.1.0 run of CINC Auditor, the profile as an extension, one analysis per image repository', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: 'CINC Auditor',
      version: '6.8.1',
      semanticVersion: '6.8.1',
      informationUri: 'https://cinc.sh/start/auditor/',
    });
    expect(run.tool.extensions).toEqual([
      { name: 'rich-profile', fullName: 'Profile rich-profile', version: '1.0.0', semanticVersion: '1.0.0' },
    ]);
    expect(run.automationDetails).toEqual({ id: 'kube-cinc-scan/ghcr.io/acme/app/rich-profile/' });
  });

  it('has one rule per counted control id, with title, description, level and GitHub security severity', () => {
    expect(
      rules(run)
        .map((r) => r.id)
        .sort(),
    ).toEqual(Object.keys(RICH_STATUSES).sort());
    const fail = ruleOf(run, 'C-FAIL');
    expect(fail.shortDescription?.text).toBe('SSH must not permit root login.');
    expect(fail.fullDescription?.text).toBe('Root login over SSH gives an attacker a known account name. Disable it.');
    expect(fail.defaultConfiguration?.level).toBe('error');
    expect(fail.properties).toMatchObject({ 'security-severity': '8.0', severity: 'high', impact: 0.7 });
    expect(fail.properties?.tags).toEqual(['security', 'compliance', 'high']);
    expect(ruleOf(run, 'C-PASS').properties?.tags).toEqual([
      'security',
      'compliance',
      'medium',
      'NIST AC-3',
      'CCI-000213',
    ]);
    // Severity from the tag, lowercased for display (the SAF CLI keeps "High" out of every bucket).
    expect(ruleOf(run, 'C-HIGH').properties).toMatchObject({ severity: 'high', 'security-severity': '8.0' });
    expect(ruleOf(run, 'C-WAIVED').properties).toMatchObject({ severity: 'critical', 'security-severity': '9.5' });
    expect(ruleOf(run, 'C-ERR').properties).toMatchObject({ severity: 'low', 'security-severity': '2.0' });
    expect(ruleOf(run, 'C-ERR').defaultConfiguration?.level).toBe('note');
  });

  it('gives a control with a result its full help: description, check and fix text, tags', () => {
    const help = ruleOf(run, 'C-FAIL').help as Sarif.MultiformatMessageString;
    expect(help.text).toContain('Root login over SSH gives an attacker a known account name.');
    expect(help.text).toContain('Check:\nRun:\n    $ grep PermitRootLogin /etc/ssh/sshd_config\nIf it is "yes"');
    expect(help.text).toContain('Fix:\nSet PermitRootLogin no in /etc/ssh/sshd_config.');
    expect(help.text).toContain('Severity: High (impact 0.7)');
    expect(help.markdown).toContain('#### Check');
    expect(help.markdown).toContain('#### Fix');
    expect(help.markdown).toContain('Set PermitRootLogin no in /etc/ssh/sshd&#95;config&#46;');
    const pass = ruleOf(run, 'C-PASS').help as Sarif.MultiformatMessageString;
    expect(pass.text).toContain('Status in this scan: Passed.');
    expect(pass.text).not.toContain('Check:');
  });

  it('has one result per failed or errored control and per waived one, none for passed, not reviewed, not applicable', () => {
    const byRule = Object.fromEntries((run.results ?? []).map((r) => [r.ruleId, r]));
    expect(Object.keys(byRule).sort()).toEqual(['C-ERR', 'C-FAIL', 'C-HIGH', 'C-HOSTILE', 'C-WAIVED', 'C-WAIVED-RUN']);
    for (const r of run.results ?? []) {
      expect(rules(run)[r.ruleIndex as number]?.id).toBe(r.ruleId);
      expect(r.locations).toEqual([
        {
          physicalLocation: {
            artifactLocation: { uri: 'Dockerfile' },
            region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
          },
        },
      ]);
    }
  });

  it('names the first failing test and its message, and how many more failed', () => {
    expect(resultOf(run, 'C-FAIL')?.message.text).toBe(
      'Failed: SSH Configuration PermitRootLogin is expected to eq "no".\nexpected: "no"\n     got: "yes"\n(1 more failing test)',
    );
    expect(resultOf(run, 'C-FAIL')?.level).toBe('error');
    expect(resultOf(run, 'C-ERR')?.message.text).toBe('Error: Command `x` stdout.\nundefined method for nil');
    expect(resultOf(run, 'C-ERR')?.properties).toMatchObject({ status: 'error' });
  });

  it('suppresses a control a waiver skipped, with the justification; a waived control that ran and failed stays open', () => {
    expect(resultOf(run, 'C-WAIVED')?.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'Accepted risk until the next release (TICKET-42)' },
    ]);
    expect(resultOf(run, 'C-WAIVED')?.message.text).toBe(
      'Waived (not run): Accepted risk until the next release (TICKET-42).',
    );
    expect(resultOf(run, 'C-WAIVED-RUN')?.suppressions).toBeUndefined();
    const open = (run.results ?? []).filter((r) => !r.suppressions);
    expect(open).toHaveLength(5); // failed 4 + error 1, as the summary counts them
  });

  it('keeps text from the report inert: no live Markdown or HTML, no control or bidi characters', () => {
    const rule = ruleOf(run, 'C-HOSTILE');
    // The tags are shown in a fenced code block (inert as written, whatever they hold); everything else is escaped.
    const [markdown = '', fence = ''] = (rule.help?.markdown ?? '').split(/\n\n(?=```text\n)/);
    expect(fence).toMatch(/^```text\nSeverity: Critical \(impact 0\.9\)\nnist: <img src=x[^\n]*\n[^`]*\n```$/);
    for (const live of [
      '<img',
      '<script',
      '](',
      '[link]',
      '@team',
      ' #12 ',
      '**bold**',
      '| cell |',
      '\n# heading',
      '\n> quote',
      '\n- item',
      '\n    indented',
    ]) {
      expect(markdown, live).not.toContain(live);
    }
    // The structure we write around it stays: the title in bold, the headings, the fenced facts.
    expect(markdown).toMatch(/^\*\*&#60;img src&#61;x/);
    expect(markdown).toContain('#### Check');
    for (const bad of ['\u001b', '\u202e', '\u0007']) expect(text).not.toContain(bad);
    expect(rule.help?.text).toContain(HOSTILE);
    expect(rule.help?.text).not.toContain(ESCAPE);
    expect(rule.help?.text).toContain('[31mred[0m evil bell');
  });

  it('fingerprints each result by image repository and control id: stable across tags, distinct across images', () => {
    const hash = resultOf(run, 'C-FAIL')?.partialFingerprints?.['primaryLocationLineHash'];
    expect(hash).toBe(fingerprint(IMAGE, 'C-FAIL', 1));
    expect(hash).toMatch(/^[0-9a-f]{16}:1$/);
    const retag = sarifOf(richReport(), { image: 'ghcr.io/acme/app@sha256:' + 'a'.repeat(64) }).run;
    expect(resultOf(retag, 'C-FAIL')?.partialFingerprints).toEqual(resultOf(run, 'C-FAIL')?.partialFingerprints);
    expect(retag.automationDetails).toEqual(run.automationDetails);
    const other = sarifOf(richReport(), { image: 'ghcr.io/acme/api:1.2.3' }).run;
    expect(resultOf(other, 'C-FAIL')?.partialFingerprints).not.toEqual(resultOf(run, 'C-FAIL')?.partialFingerprints);
    expect(other.automationDetails?.id).toBe('kube-cinc-scan/ghcr.io/acme/api/rich-profile/');
    const hashes = (run.results ?? []).map((r) => r.partialFingerprints?.['primaryLocationLineHash']);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('makes one rule of an id that counts twice, and fingerprints its results as its first and second copy', () => {
    // Three controls with one id in one profile: the SAF CLI counts the second and third (each extends the first).
    const { run: dup, details } = sarifOf(
      simpleReport([
        { id: 'C-A', ...fail('a') },
        { id: 'C-DUP', ...fail('first') },
        { id: 'C-B', ...pass },
        { id: 'C-DUP', ...fail('second') },
        { id: 'C-DUP', ...fail('third') },
        { id: 'C-C', ...fail('c') },
      ]),
    );
    expect(details.uniqueIds).toBe(false);
    expect(details.controls.map((c) => c.id)).toEqual(['C-A', 'C-B', 'C-DUP', 'C-DUP', 'C-C']);
    expect(rules(dup).map((r) => r.id)).toEqual(['C-A', 'C-B', 'C-DUP', 'C-C']);
    const results = dup.results ?? [];
    expect(results.map((r) => [r.ruleId, r.ruleIndex])).toEqual([
      ['C-A', 0],
      ['C-DUP', 2],
      ['C-DUP', 2],
      ['C-C', 3],
    ]);
    const dupHashes = results
      .filter((r) => r.ruleId === 'C-DUP')
      .map((r) => r.partialFingerprints?.['primaryLocationLineHash']);
    expect(dupHashes).toEqual([fingerprint(IMAGE, 'C-DUP', 1), fingerprint(IMAGE, 'C-DUP', 2)]);
    // Ids of their own: each control is its own rule, at its own position.
    const { run: own, details: ownDetails } = sarifOf(
      simpleReport([
        { id: 'C-A', ...pass },
        { id: 'C-B', ...fail() },
      ]),
    );
    expect(ownDetails.uniqueIds).toBe(true);
    expect((own.results ?? []).map((r) => [r.ruleId, r.ruleIndex])).toEqual([['C-B', 1]]);
  });

  it('attaches results to the sarif-location file, percent-encoded; without an image the analysis is the profile', () => {
    const { run: there } = sarifOf(richReport(), { location: 'docker/my app/Dockerfile', image: '' });
    expect(resultOf(there, 'C-FAIL')?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(
      'docker/my%20app/Dockerfile',
    );
    expect(there.automationDetails?.id).toBe('kube-cinc-scan/rich-profile/');
    expect(automationId({ details: sarifOf(richReport()).details, meta: { image: 'localhost:5000/app:1' } })).toBe(
      'kube-cinc-scan/localhost:5000/app/rich-profile/',
    );
  });

  it('writes the same log whether the report was parsed whole or scanned (texts copied from its bytes)', () => {
    const rich = richReport();
    expect(sarifOf(rich, { scanAbove: 0 }).text).toBe(sarifOf(rich).text);
    const generated = bigReport({ controls: 60, hostile: true, seed: 7 });
    expect(sarifOf(generated, { scanAbove: 0 }).text).toBe(sarifOf(generated).text);
    expect(sarifOf(Buffer.from(generated).toString(), { scanAbove: 0 }).text).toBe(sarifOf(generated).text);
  });
});

describe('scan-results.sarif on every public sample', () => {
  it.each(SAMPLE_NAMES)('%s: unsuppressed results = failed + errored controls, each rule exists once', (name) => {
    const text = readSample(name);
    const { run, evaluation } = sarifOf(text);
    const ids = rules(run).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const results = run.results ?? [];
    const open = results.filter((r) => !r.suppressions);
    expect(open).toHaveLength(evaluation.counts.failed.total + evaluation.counts.error.total);
    for (const r of results) {
      expect(rules(run)[r.ruleIndex as number]?.id, r.ruleId).toBe(r.ruleId);
      expect(r.message.text).toBeTruthy();
      expect(r.partialFingerprints?.['primaryLocationLineHash']).toMatch(/^[0-9a-f]{16}:\d+$/);
    }
    for (const rule of rules(run)) {
      expect(rule.shortDescription?.text, rule.id).toBeTruthy();
      expect(rule.fullDescription?.text, rule.id).toBeTruthy();
      expect(rule.fullDescription?.text.length, rule.id).toBeLessThanOrEqual(1024);
      expect(rule.help?.text, rule.id).toBeTruthy();
      expect((rule.properties?.['tags'] as string[]).length).toBeLessThanOrEqual(10);
    }
    expect(sarifOf(text, { scanAbove: 0 }).text).toBe(sarifOf(text).text);
  });
});
