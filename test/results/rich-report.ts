// A report with one control of every kind the SARIF and JUnit writers treat differently: passed, failed (two failing
// tests, STIG-like texts and tags), errored, not reviewed, not applicable (impact 0), skipped by a waiver, failed
// although waived (the waiver ran it), a severity tag spelt "High", a duplicate id, and hostile text (Markdown, HTML,
// control characters, bidi overrides, an escaped quote) in titles, descriptions, tags and test messages.
import { report } from './report-builder.js';

export const HOSTILE = '<img src=x onerror=alert(1)> [link](javascript:alert(1)) @team #12 **bold** | cell |';
export const ESCAPE = '\u001b[31mred\u001b[0m \u202eevil\u202c \u0007bell';

interface Extra {
  desc?: string;
  descriptions?: { label: string; data: string }[];
  waiver_data?: Record<string, unknown>;
  results?: Record<string, unknown>[];
}

function withExtras(text: string, extras: Record<string, Extra>): string {
  const parsed = JSON.parse(text) as { profiles: { controls: Record<string, unknown>[] }[] };
  for (const profile of parsed.profiles) {
    for (const control of profile.controls) {
      const extra = extras[control['id'] as string];
      if (!extra) continue;
      if (extra.desc !== undefined) control['desc'] = extra.desc;
      if (extra.descriptions) control['descriptions'] = extra.descriptions;
      if (extra.waiver_data) control['waiver_data'] = extra.waiver_data;
      if (extra.results) control['results'] = extra.results;
    }
  }
  return JSON.stringify(parsed);
}

const at = (seconds: number) => `2024-05-01T10:00:${String(seconds).padStart(2, '0')}+02:00`;

/** The rich report; `profile` names its profile. Statuses: see RICH_STATUSES. */
export function richReport(profile = 'rich-profile'): string {
  const base = report([
    {
      name: profile,
      controls: [
        { id: 'C-PASS', impact: 0.5, title: 'Passes', tags: { nist: ['AC-3'], cci: ['CCI-000213'] } },
        { id: 'C-FAIL', impact: 0.7, title: 'SSH must not permit root login.', tags: {} },
        { id: 'C-ERR', impact: 0.3, title: 'Errors', tags: { severity: 'low' } },
        { id: 'C-SKIP', impact: 0.5, title: 'Not reviewed', tags: {} },
        { id: 'C-NA', impact: 0, title: 'Not applicable', tags: { severity: 'high' } },
        { id: 'C-WAIVED', impact: 1.0, title: 'Waived and skipped', tags: {} },
        { id: 'C-WAIVED-RUN', impact: 0.5, title: 'Waived but run', tags: {} },
        { id: 'C-HIGH', impact: 0.5, title: 'Tag spelt High', tags: { severity: 'High' } },
        { id: 'C-HOSTILE', impact: 0.9, title: `${HOSTILE} ${ESCAPE}`, tags: { nist: [HOSTILE], note: ESCAPE } },
        { id: 'C-PASS', impact: 0.5, title: 'Duplicate id, second copy' },
      ],
    },
  ]);
  const test = (status: string, extra: Record<string, unknown> = {}, seconds = 1) => ({
    status,
    code_desc: `check ${status}`,
    run_time: 0.25,
    start_time: at(seconds),
    ...extra,
  });
  return withExtras(base, {
    'C-PASS': { results: [test('passed', {}, 5)] },
    'C-FAIL': {
      desc: 'Root login over SSH gives an attacker a known account name.\n\nDisable it.',
      descriptions: [
        { label: 'default', data: 'Root login over SSH gives an attacker a known account name.' },
        {
          label: 'check',
          data: 'Run:\n    $ grep PermitRootLogin /etc/ssh/sshd_config\nIf it is "yes", this is a finding.',
        },
        { label: 'fix', data: 'Set PermitRootLogin no in /etc/ssh/sshd_config.' },
      ],
      results: [
        test('passed', {}, 1),
        test(
          'failed',
          {
            code_desc: 'SSH Configuration PermitRootLogin is expected to eq "no"',
            message: 'expected: "no"\n     got: "yes"',
          },
          2,
        ),
        test(
          'failed',
          { code_desc: 'SSH Configuration Protocol is expected to eq 2', message: 'expected: 2\n     got: 1' },
          3,
        ),
      ],
    },
    'C-ERR': {
      results: [
        test('error', {
          code_desc: 'Command `x` stdout',
          message: 'undefined method for nil',
          exception: 'NoMethodError',
          backtrace: ['a.rb:1'],
        }),
      ],
    },
    'C-SKIP': { results: [test('skipped', { skip_message: 'Skipped control due to only_if condition: no sshd' })] },
    'C-NA': { results: [test('skipped', { skip_message: 'Not applicable in a container' })] },
    'C-WAIVED': {
      waiver_data: {
        justification: 'Accepted risk until the next release (TICKET-42)',
        run: false,
        skipped_due_to_waiver: true,
        message: '',
        expiration_date: '2030-01-01',
      },
      results: [],
    },
    'C-WAIVED-RUN': {
      waiver_data: { justification: 'Known finding, run anyway', run: true, skipped_due_to_waiver: false, message: '' },
      results: [test('failed', { message: 'still failing' })],
    },
    'C-HIGH': { results: [test('failed', { message: 'high but spelt High' })] },
    'C-HOSTILE': {
      desc: `${HOSTILE}\n${ESCAPE}\n# heading\n    indented code\n> quote\n- item`,
      descriptions: [
        { label: 'check', data: `Run \`cat /etc/passwd\` ${HOSTILE} "quoted"` },
        { label: 'fix', data: `<script>alert(1)</script> ${ESCAPE}` },
      ],
      results: [test('failed', { code_desc: `File ${HOSTILE}`, message: `${HOSTILE}\n${ESCAPE}` })],
    },
  });
}

/** The status each control of richReport counts with (the SAF CLI's semantics), in order, and the waived one. */
export const RICH_STATUSES: Record<string, string> = {
  'C-PASS': 'passed',
  'C-FAIL': 'failed',
  'C-ERR': 'error',
  'C-SKIP': 'skipped',
  'C-NA': 'no_impact',
  'C-WAIVED': 'no_impact',
  'C-WAIVED-RUN': 'failed',
  'C-HIGH': 'failed',
  'C-HOSTILE': 'failed',
};
