// The real tools the SARIF and JUnit files are checked with: Microsoft's SARIF Multitool (with GitHub's ingestion
// rules) and xmllint against the Ant JUnit schema. The Multitool ships a self-contained .NET binary per platform
// (about 100 MB): like the SAF CLI of the parity scripts, it is installed on demand into .cache/, never into
// node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
export const MULTITOOL_VERSION = '5.7.0';
const prefix = join(root, '.cache/sarif-multitool');
const platformPackage = `sarif-multitool-${process.platform}`;
const binary = join(prefix, 'node_modules/@microsoft', platformPackage, 'Sarif.Multitool');

/** The Multitool's binary, installed into .cache/sarif-multitool first if it is not there (needs the npm registry). */
export function multitool(): string {
  if (!existsSync(binary)) {
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        `@microsoft/sarif-multitool@${MULTITOOL_VERSION}`,
        '--no-audit',
        '--no-fund',
        '--no-save',
      ],
      { stdio: 'ignore' },
    );
  }
  // Its postinstall only sets the execute bit; npm may not run install scripts, so set it here.
  chmodSync(binary, 0o755);
  return binary;
}

export interface Finding {
  file: string;
  ruleId: string;
  level: string;
  message: string;
}

interface ValidationLog {
  runs: {
    results?: {
      ruleId: string;
      level?: string;
      message: { text?: string; id?: string; arguments?: string[] };
      locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[];
    }[];
  }[];
}

/** Runs `validate --rule-kind "Sarif;Gh"` on the files and returns every finding (level `warning` when absent). */
export function validateSarif(files: string[], outFile: string): Finding[] {
  const run = spawnSync(
    multitool(),
    ['validate', ...files, '--rule-kind', 'Sarif;Gh', '--output', outFile, '--log', 'ForceOverwrite'],
    { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' }, maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0 || !existsSync(outFile)) {
    throw new Error(`the SARIF Multitool failed (exit ${run.status}): ${run.stdout}${run.stderr}`);
  }
  const log = JSON.parse(readFileSync(outFile, 'utf8')) as ValidationLog;
  return log.runs.flatMap((r) =>
    (r.results ?? []).map((x) => ({
      file: x.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '?',
      ruleId: x.ruleId,
      level: x.level ?? 'warning',
      message: x.message.text ?? `${x.message.id ?? ''} ${(x.message.arguments ?? []).join(' | ')}`,
    })),
  );
}

/** The Ant JUnit schema (windyroad/JUnit-Schema, Apache-2.0; see test/fixtures/junit/README.md). */
export const JUNIT_XSD = join(root, 'test/fixtures/junit/JUnit.xsd');

/** `xmllint --noout --schema JUnit.xsd FILE…`: the output (empty-ish when every file validates) and the exit code. */
export function validateJunit(files: string[]): { status: number | null; output: string } {
  const run = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, ...files], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
