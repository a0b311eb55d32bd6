// A deterministic, schema-valid InSpec JSON report of any number of controls, shaped like a real STIG scan (long
// descriptions, check and fix text, code, tags, several results per control). Used by the 10,000-control tests and
// by bench/evaluate.bench.ts (about 60 MB at 10,000 controls with the default text size).

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the system must configure audit log file permission service account password policy kernel module mount option ssh daemon cipher banner package integrity firewall rule'.split(
    ' ',
  );

function prose(rand: () => number, bytes: number): string {
  const out: string[] = [];
  let length = 0;
  while (length < bytes) {
    const word = WORDS[Math.floor(rand() * WORDS.length)] as string;
    out.push(word);
    length += word.length + 1;
  }
  return out.join(' ');
}

export interface BigReportOptions {
  controls: number;
  /** Bytes of description text per control (the bulk of a real report). */
  textBytes?: number;
  seed?: number;
  /** Extra words in each failure message (real messages quote file contents). */
  messageBytes?: number;
  /** Put hostile Markdown/HTML into some titles and messages. */
  hostile?: boolean;
}

export function bigReport(options: BigReportOptions): string {
  const rand = mulberry32(options.seed ?? 42);
  const textBytes = options.textBytes ?? 3500;
  const controls: unknown[] = [];
  for (let i = 0; i < options.controls; i += 1) {
    const id = `SV-${String(200000 + i)}`;
    const roll = rand();
    const impact = [0.3, 0.5, 0.5, 0.7, 1.0][Math.floor(rand() * 5)] as number;
    const results: Record<string, unknown>[] = [];
    const kind = roll < 0.6 ? 'passed' : roll < 0.85 ? 'failed' : roll < 0.9 ? 'skipped' : roll < 0.95 ? 'na' : 'error';
    for (let r = 0; r < 3; r += 1) {
      const status =
        kind === 'na'
          ? 'skipped'
          : kind === 'failed' && r === 1
            ? 'failed'
            : kind === 'error' && r === 2
              ? 'error'
              : kind === 'skipped'
                ? 'skipped'
                : 'passed';
      const extra = options.messageBytes ? ` ${prose(rand, options.messageBytes)}` : '';
      const message =
        status === 'failed'
          ? (options.hostile && i % 7 === 0
              ? `expected <script>alert(${i})</script> | *x* |\n got`
              : `expected setting ${i} to be 0600\n     got 0644`) + extra
          : undefined;
      results.push({
        status,
        code_desc: `File /etc/config-${i}-${r} is expected to be mode 0600`,
        run_time: rand(),
        start_time: '2024-05-01T10:00:00+00:00',
        ...(message ? { message } : {}),
        ...(status === 'skipped' ? { skip_message: 'Skipped control due to only_if condition.' } : {}),
        ...(status === 'error' ? { message: 'undefined method `x` for nil', backtrace: ['a.rb:1', 'b.rb:2'] } : {}),
        resource_id: `/etc/config-${i}-${r}`,
      });
    }
    const title =
      options.hostile && i % 5 === 0
        ? i % 10 === 0
          ? '<img src=x onerror=alert(1)>'
          : '| *bold* | [link](javascript:alert(1)) @here #1'
        : `The system must ${prose(rand, 60)}`;
    controls.push({
      id,
      title,
      desc: prose(rand, textBytes * 0.3),
      descriptions: [
        { label: 'default', data: prose(rand, textBytes * 0.1) },
        { label: 'check', data: prose(rand, textBytes * 0.3) },
        { label: 'fix', data: prose(rand, textBytes * 0.3) },
      ],
      impact: kind === 'na' ? 0 : impact,
      refs: [],
      tags: {
        severity: impact >= 0.9 ? 'high' : impact >= 0.7 ? 'high' : impact >= 0.4 ? 'medium' : 'low',
        gtitle: `SRG-OS-${String(i).padStart(6, '0')}-GPOS-00001`,
        gid: `V-${200000 + i}`,
        rid: `SV-${200000 + i}r1_rule`,
        stig_id: `RHEL-08-${String(i).padStart(6, '0')}`,
        cci: ['CCI-000366'],
        nist: ['CM-6 b'],
      },
      code: `control '${id}' do\n  title '...'\n  ${prose(rand, textBytes * 0.4)}\nend\n`,
      source_location: { line: i * 20 + 1, ref: 'controls/generated.rb' },
      waiver_data: {},
      results,
    });
  }
  return JSON.stringify({
    platform: { name: 'redhat', release: '8.9' },
    profiles: [
      {
        name: 'generated-stig-baseline',
        version: '1.0.0',
        title: 'Generated STIG baseline',
        sha256: 'f'.repeat(64),
        supports: [{ 'platform-family': 'redhat' }],
        attributes: [],
        groups: [{ id: 'controls/generated.rb', controls: [] }],
        status: 'loaded',
        controls,
      },
    ],
    statistics: { duration: 123.4 },
    version: '6.8.1',
  });
}
