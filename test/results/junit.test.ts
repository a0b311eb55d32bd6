// scan-results.junit.xml: one testsuite per scan, one testcase per counted control, counts equal to summary.json's,
// valid against the Ant JUnit schema (xmllint --schema, libxml2-utils), for every public sample and for reports with
// waivers, errors, overlays and hostile text.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  evaluateReportWithDetails,
  renderJunit,
  renderJunitError,
  writeResultFiles,
} from '../../src/core/results/index.js';
import { makeTempDir } from '../support/temp-dir.js';
import { bigReport } from './big-report.js';
import { validateJunit } from './format-tools.js';
import { readSample, report, SAMPLE_NAMES } from './report-builder.js';
import { richReport } from './rich-report.js';

const dir = makeTempDir('kcs-junit-');

function junitOf(text: string, meta = { image: 'ghcr.io/acme/app:1.0', threshold: 'strict' }) {
  const { evaluation, details } = evaluateReportWithDetails(text, { origin: 'r.json' });
  return { xml: renderJunit([{ evaluation, details, meta }]), evaluation };
}

/** The attributes of the first element named `tag`. */
function attributes(xml: string, tag: string): Record<string, string> {
  const m = new RegExp(`<${tag} ([^>]*?)/?>`).exec(xml);
  return Object.fromEntries([...(m?.[1] ?? '').matchAll(/([\w.-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
}

function testcase(xml: string, id: string): string {
  const m = new RegExp(`<testcase name="${id}[:"][^>]*?(?:/>|>[\\s\\S]*?</testcase>)`).exec(xml);
  return m?.[0] ?? '';
}

describe('scan-results.junit.xml: the mapping', () => {
  const { xml, evaluation } = junitOf(richReport());

  it('is one testsuites with one testsuite (the profile), counts as summary.json gives them', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n')).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    const c = evaluation.counts;
    const total = c.passed.total + c.failed.total + c.skipped.total + c.no_impact.total + c.error.total;
    expect(attributes(xml, 'testsuite')).toMatchObject({
      name: 'rich-profile',
      package: 'rich-profile',
      id: '0',
      hostname: 'ghcr.io/acme/app:1.0',
      tests: String(total),
      failures: String(c.failed.total),
      errors: String(c.error.total),
      skipped: String(c.skipped.total + c.no_impact.total),
      // The earliest start_time (10:00:01+02:00), in UTC without a zone, as the schema wants it.
      timestamp: '2024-05-01T08:00:01',
    });
    expect(xml.match(/<testcase /g)).toHaveLength(total);
    expect(xml).toContain('<property name="compliance" value="');
    expect(xml).toContain('<property name="threshold" value="strict"/>');
  });

  it('has a testcase per control: classname the profile, name the id and title, time from the report', () => {
    expect(testcase(xml, 'C-PASS')).toMatch(
      /^<testcase name="C-PASS: [^"]+" classname="rich-profile" time="0\.250000"\/>$/,
    );
    expect(attributes(testcase(xml, 'C-FAIL'), 'testcase')).toEqual({
      name: 'C-FAIL: SSH must not permit root login.',
      classname: 'rich-profile',
      time: '0.750000',
    });
  });

  it('says why: failure with the failing tests, error, skipped for not reviewed and not applicable', () => {
    const fail = testcase(xml, 'C-FAIL');
    expect(fail).toContain(
      '<failure message="SSH Configuration PermitRootLogin is expected to eq &quot;no&quot;: expected: &quot;no&quot; got: &quot;yes&quot;" type="failed">',
    );
    expect(fail).toContain('FAILED: SSH Configuration PermitRootLogin is expected to eq "no"\n  expected: "no"');
    expect(fail).toContain('FAILED: SSH Configuration Protocol is expected to eq 2');
    expect(testcase(xml, 'C-ERR')).toContain(
      '<error message="Command `x` stdout: undefined method for nil" type="NoMethodError">',
    );
    expect(testcase(xml, 'C-SKIP')).toContain(
      '<skipped message="Not Reviewed: Skipped control due to only_if condition: no sshd"/>',
    );
    expect(testcase(xml, 'C-NA')).toContain('<skipped message="Not Applicable: impact 0"/>');
    expect(testcase(xml, 'C-WAIVED')).toContain(
      '<skipped message="Not Applicable: waived (Accepted risk until the next release (TICKET-42))"/>',
    );
    expect(testcase(xml, 'C-WAIVED-RUN')).toContain('<failure message="check failed: still failing" type="failed">');
  });

  it('writes one failing test as the failing tests are written: its line, what it said indented, nothing trimmed away', () => {
    const one = (results: Record<string, unknown>[]) => {
      const text = report([{ name: 'p', controls: [{ id: 'C-1', results: [] }] }]).replace(
        '"results":[]',
        `"results":${JSON.stringify(results.map((r) => ({ start_time: '2024-01-01T00:00:00+00:00', ...r })))}`,
      );
      return testcase(junitOf(text).xml, 'C-1');
    };
    expect(one([{ status: 'failed', code_desc: 'a & b', message: 'line <1>\r\n   line 2\n' }])).toContain(
      '>FAILED: a &amp; b\n  line &lt;1&gt;\n     line 2</failure>',
    );
    // No description and nothing said: the line is trimmed, as the failing tests of any control are.
    expect(one([{ status: 'failed', code_desc: '' }])).toContain('>FAILED:</failure>');
    expect(one([{ status: 'failed', code_desc: '', message: 'only this' }])).toContain(
      '>FAILED: \n  only this</failure>',
    );
  });

  it('keeps text from the report as data: escaped, without control or bidi characters', () => {
    const hostile = testcase(xml, 'C-HOSTILE');
    expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hostile).not.toContain('<img');
    for (const bad of ['\u001b', '\u202e', '\u0007']) expect(xml).not.toContain(bad);
  });
});

describe('scan-results.junit.xml validates against the Ant JUnit schema', () => {
  const files: string[] = [];
  const write = (name: string, xml: string) => {
    const file = join(dir, `${name}.junit.xml`);
    writeFileSync(file, xml);
    files.push(file);
    return file;
  };

  it.each(SAMPLE_NAMES)('%s: counts equal summary.json', async (name) => {
    const out = join(dir, name);
    const { evaluation, details } = evaluateReportWithDetails(readSample(name), { origin: name });
    const written = await writeResultFiles(out, { evaluation, details, meta: { image: 'app:1' } });
    const xml = readFileSync(written.junitFile as string, 'utf8');
    const summary = JSON.parse(readFileSync(written.summaryJsonFile, 'utf8')) as {
      counts: Record<string, { total: number }>;
      junitFile: string;
    };
    const c = summary.counts;
    expect(summary.junitFile).toBe('scan-results.junit.xml');
    expect(attributes(xml, 'testsuite')).toMatchObject({
      tests: String(Object.values(c).reduce((sum, row) => sum + row.total, 0)),
      failures: String(c['failed']?.total),
      errors: String(c['error']?.total),
      skipped: String((c['skipped']?.total ?? 0) + (c['no_impact']?.total ?? 0)),
    });
    files.push(written.junitFile as string);
  });

  it('every file, with xmllint --schema JUnit.xsd', () => {
    write('rich', junitOf(richReport()).xml);
    write('generated-hostile', junitOf(bigReport({ controls: 300, hostile: true, seed: 3 })).xml);
    write('no-image', junitOf(richReport(), { image: '', threshold: '' }).xml);
    write('error', renderJunitError('KCS-SCAN-121: the scanner exited 68 <&> \u001b[1m', { image: 'app:1' }));
    const { status, output } = validateJunit(files);
    expect(
      output
        .trim()
        .split('\n')
        .filter((l) => !l.endsWith(' validates')),
    ).toEqual([]);
    expect(status).toBe(0);
    expect(files.length).toBe(SAMPLE_NAMES.length + 4);
  });

  it('the schema is really checked: a file without the required attributes fails', () => {
    const file = join(dir, 'broken.xml');
    writeFileSync(file, '<?xml version="1.0"?>\n<testsuites><testsuite name="x"/></testsuites>\n');
    expect(validateJunit([file]).status).not.toBe(0);
  });
});
