import { describe, expect, it } from 'vitest';
import {
  evaluateReport,
  parseThresholdText,
  renderErrorMarkdown,
  renderSummaryMarkdown,
} from '../../src/core/results/index.js';
import { escapeMarkdownInline } from '../../src/core/results/index.js';
import { bigReport } from './big-report.js';
import { fail, pass, simpleReport } from './report-builder.js';

const hostileTitle = '<img src=x onerror=alert(1)>';
const pipeTitle = '| *bold* |';

const small = simpleReport([
  { id: 'C-1', impact: 1.0, title: hostileTitle, ...fail('got <b>x</b>\nsecond line') },
  { id: 'C-2', impact: 0.5, title: pipeTitle, ...fail('| a | b |') },
  { id: 'C-3', impact: 0.7, ...pass },
  { id: 'C-4', impact: 0.3, results: [{ status: 'error', message: 'boom' }] },
]);

function evaluateSmall(threshold?: string) {
  return evaluateReport(small, {
    origin: 'r',
    ...(threshold ? { threshold: parseThresholdText(threshold, 't') } : {}),
  });
}

describe('escapeMarkdownInline', () => {
  it.each([
    [hostileTitle, '&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;'],
    [pipeTitle, '&#124; &#42;bold&#42; &#124;'],
    ['a\nb\r\n  c', 'a b c'],
    // A zero-width space after @ and #: GitHub links mentions and references after decoding entities.
    ['@team see #12 at https://x.y', '&#64;&#8203;team see &#35;&#8203;12 at https&#58;//x&#46;y'],
    ['ESC and bidi: \u001b[31mred\u202e', 'ESC and bidi&#58; &#91;31mred'],
    ['`code` _em_ [l](u) ![i](s)', '&#96;code&#96; &#95;em&#95; &#91;l&#93;&#40;u&#41; &#33;&#91;i&#93;&#40;s&#41;'],
  ])('%j', (input, output) => {
    expect(escapeMarkdownInline(input)).toBe(output);
  });
  it('cuts long text with an ellipsis, never inside a surrogate pair', () => {
    expect(escapeMarkdownInline('abcdef', 4)).toBe('abc…');
    expect(escapeMarkdownInline('ab😀def', 4)).toBe('ab…');
    expect(escapeMarkdownInline('abc😀ef', 5)).toBe('abc…');
  });
});

describe('renderSummaryMarkdown', () => {
  it('renders verdict, table, compliance, violations and controls (snapshot)', () => {
    const md = renderSummaryMarkdown(
      evaluateSmall('failed: {critical: {max: 0}, total: {max: 1}}\ncompliance: {min: 80}'),
      {
        image: 'registry.example/app:1.0',
        imageDigest: 'sha256:abc',
        profile: 'container-baseline',
        threshold: 'moderate',
      },
    );
    expect(md).toMatchSnapshot();
  });

  it('renders hostile titles and messages as inert text: no tag, no extra table cell', () => {
    const md = renderSummaryMarkdown(evaluateSmall(), {});
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<b>');
    expect(md).not.toContain('*bold*');
    const rows = md.split('\n').filter((l) => l.includes('C&#45;1') || l.includes('C&#45;2'));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.split('|')).toHaveLength(8); // 6 cells between 7 pipes
    const allowedTags = new Set(['details', '/details', 'summary', '/summary']);
    for (const match of md.matchAll(/<\/?([a-z]+)/gi))
      expect(allowedTags.has(match[0].slice(1).toLowerCase())).toBe(true);
  });

  it('says when no threshold was set, and when every rule is met', () => {
    expect(renderSummaryMarkdown(evaluateSmall(), {})).toMatch(/^## ℹ️ Compliance scan: no threshold set/);
    const met = renderSummaryMarkdown(evaluateSmall('failed: {total: {max: 5}}'), {});
    expect(met).toMatch(/^## ✅ Compliance scan passed the threshold/);
    expect(met).toContain('Every threshold rule is met.');
  });

  it('orders failed and errored controls by severity inside a <details> section', () => {
    const md = renderSummaryMarkdown(evaluateSmall(), {});
    const section = md.slice(md.indexOf('<details>'), md.indexOf('</details>'));
    expect(section).toContain('<summary>Failed (2) and errored (1) controls, most severe first</summary>');
    const order = ['C&#45;1', 'C&#45;2', 'C&#45;4'].map((id) => section.indexOf(id));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('keeps a 10,000-control report under 1 MiB, saying how many controls were left out', () => {
    const evaluation = evaluateReport(
      bigReport({ controls: 10_000, textBytes: 200, messageBytes: 300, hostile: true }),
      {
        origin: 'big',
        threshold: parseThresholdText('failed: {total: {max: 0}}', 't'),
      },
    );
    expect(evaluation.controls.length).toBeGreaterThan(2000);
    const md = renderSummaryMarkdown(evaluation, { image: 'x' });
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    expect(md).toMatch(/… \d+ more controls not shown to keep this summary under GitHub's size limit/);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<script');
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
  });

  it('honours a smaller maxBytes', () => {
    const evaluation = evaluateReport(bigReport({ controls: 500, textBytes: 50 }), { origin: 'big' });
    const md = renderSummaryMarkdown(evaluation, {}, { maxBytes: 20_000 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000);
    expect(md).toContain('more controls not shown');
  });
});

describe('renderErrorMarkdown', () => {
  it('quotes the error as inert text', () => {
    const md = renderErrorMarkdown('KCS-RES-001: r.json is not JSON\n<script>x</script>', { image: 'img:1' });
    expect(md).toMatchSnapshot();
    expect(md).not.toContain('<script>');
  });
});
