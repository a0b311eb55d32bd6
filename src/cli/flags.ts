import type { ParseArgsOptionsConfig } from 'node:util';
import type { RawInputs } from '../core/config.js';
import { DEFAULTS } from '../core/config.js';

interface FlagSpec {
  name: string;
  /** Boolean inputs are switches on the CLI: `--kind-load`, `--no-cleanup`. */
  kind: 'string' | 'boolean';
  help: string;
  multiple?: boolean;
}

/** The scan configuration flags, shared by `scan` and `render`; they mirror the action's inputs. */
export const SCAN_FLAGS: readonly FlagSpec[] = [
  { name: 'image', kind: 'string', help: 'the image under test (required)' },
  { name: 'profile', kind: 'string', help: `profile URL, directory or shipped name (default: ${DEFAULTS.profile})` },
  { name: 'profile-inputs', kind: 'string', help: 'InSpec input file (YAML)' },
  { name: 'waiver-file', kind: 'string', help: 'InSpec waiver file (YAML)' },
  { name: 'controls', kind: 'string', help: 'control ids to run, comma-separated (repeatable)', multiple: true },
  { name: 'namespace', kind: 'string', help: `namespace of the scan pod (default: ${DEFAULTS.namespace})` },
  { name: 'kubeconfig', kind: 'string', help: 'kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster)' },
  { name: 'context', kind: 'string', help: 'kubeconfig context (default: the current one)' },
  { name: 'scanner-image', kind: 'string', help: `CINC Auditor image (default: ${DEFAULTS.scannerImage})` },
  { name: 'keepalive-image', kind: 'string', help: `static busybox image (default: ${DEFAULTS.keepaliveImage})` },
  { name: 'image-pull-policy', kind: 'string', help: 'Always, IfNotPresent or Never (default: IfNotPresent)' },
  {
    name: 'image-pull-secrets',
    kind: 'string',
    help: 'pull Secret names, comma-separated (repeatable)',
    multiple: true,
  },
  { name: 'node-selector', kind: 'string', help: 'node selector, YAML mapping' },
  { name: 'tolerations', kind: 'string', help: 'tolerations, YAML list' },
  { name: 'pod-annotations', kind: 'string', help: 'extra pod annotations, YAML mapping' },
  { name: 'scanner-cpu', kind: 'string', help: `scanner CPU limit (default: ${DEFAULTS.scannerCpu})` },
  { name: 'scanner-memory', kind: 'string', help: `scanner memory limit (default: ${DEFAULTS.scannerMemory})` },
  { name: 'kind-load', kind: 'boolean', help: 'load the image from the local Docker into kind first' },
  { name: 'kind-cluster', kind: 'string', help: `kind cluster name (default: ${DEFAULTS.kindCluster})` },
  { name: 'timeout', kind: 'string', help: `how long the scan may take (default: ${DEFAULTS.timeout})` },
  { name: 'cleanup', kind: 'boolean', help: 'delete the scan objects when done (default; --no-cleanup keeps them)' },
];

/** Flags of `scan` only: what to do with the result. */
export const RESULT_FLAGS: readonly FlagSpec[] = [
  {
    name: 'threshold',
    kind: 'string',
    help: 'threshold: inline YAML, a file or a shipped name (strict, moderate, baseline)',
  },
  {
    name: 'fail-on-threshold',
    kind: 'boolean',
    help: 'exit 1 when the threshold fails (default; --no-fail-on-threshold exits 0)',
  },
  { name: 'output-dir', kind: 'string', help: 'where result files go (default: ./kube-cinc-scan-results)' },
];

export function parseArgsOptions(specs: readonly FlagSpec[]): ParseArgsOptionsConfig {
  const options: ParseArgsOptionsConfig = { help: { type: 'boolean', short: 'h' } };
  for (const spec of specs) {
    options[spec.name] =
      spec.kind === 'boolean' ? { type: 'boolean' } : { type: 'string', multiple: spec.multiple ?? false };
  }
  return options;
}

/** Turns parsed flag values into the same raw strings the action's inputs give parseConfig. */
export function rawInputsFromFlags(
  specs: readonly FlagSpec[],
  values: Record<string, string | boolean | (string | boolean)[] | undefined>,
): RawInputs {
  const raw: Record<string, string> = {};
  for (const spec of specs) {
    const v = values[spec.name];
    if (v === undefined) continue;
    raw[spec.name] = Array.isArray(v) ? v.map(String).join('\n') : String(v);
  }
  return raw;
}

export function flagHelp(specs: readonly FlagSpec[]): string {
  const width = Math.max(...specs.map((s) => s.name.length + (s.kind === 'string' ? 8 : 0))) + 4;
  return specs
    .map((s) => {
      const left = s.kind === 'string' ? `--${s.name} VALUE` : `--${s.name}`;
      return `  ${left.padEnd(width)}${s.help}`;
    })
    .join('\n');
}
