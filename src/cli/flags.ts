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
  {
    name: 'profile',
    kind: 'string',
    help: `profile archive URL, git URL (https://…/repo.git#ref), directory or shipped name (default: ${DEFAULTS.profile}); a token for a private URL in KCS_PROFILE_TOKEN`,
  },
  { name: 'profile-inputs', kind: 'string', help: 'InSpec input file (YAML)' },
  { name: 'waiver-file', kind: 'string', help: 'InSpec waiver file (YAML)' },
  { name: 'controls', kind: 'string', help: 'control ids to run, comma-separated (repeatable)', multiple: true },
  {
    name: 'namespace',
    kind: 'string',
    help: `namespace of the scan pod (default: the kubeconfig context's namespace, else ${DEFAULTS.namespace})`,
  },
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
  {
    name: 'registry-username',
    kind: 'string',
    help: 'user name for a private registry; the password comes from stdin or KCS_REGISTRY_PASSWORD',
  },
  {
    name: 'registry-password-stdin',
    kind: 'boolean',
    help: 'read the registry password from stdin (there is no --registry-password: argv is visible to others)',
  },
  { name: 'registry', kind: 'string', help: "the registry the credentials are for (default: the image's registry)" },
  { name: 'node-selector', kind: 'string', help: 'node selector, YAML mapping' },
  { name: 'tolerations', kind: 'string', help: 'tolerations, YAML list' },
  { name: 'pod-annotations', kind: 'string', help: 'extra pod annotations, YAML mapping' },
  { name: 'scanner-cpu', kind: 'string', help: `scanner CPU limit (default: ${DEFAULTS.scannerCpu})` },
  { name: 'scanner-memory', kind: 'string', help: `scanner memory limit (default: ${DEFAULTS.scannerMemory})` },
  {
    name: 'max-file-size',
    kind: 'string',
    help: `most bytes read of one file of the image (default: ${DEFAULTS.maxFileSize})`,
  },
  {
    name: 'max-command-output',
    kind: 'string',
    help: `most output of one command before it is killed (default: ${DEFAULTS.maxCommandOutput})`,
  },
  {
    name: 'kind-load',
    kind: 'boolean',
    help: 'load the image (and the scanner and keep-alive images) from the local Docker into kind first',
  },
  { name: 'kind-cluster', kind: 'string', help: `kind cluster name (default: ${DEFAULTS.kindCluster})` },
  { name: 'timeout', kind: 'string', help: `how long the scan may take (default: ${DEFAULTS.timeout})` },
  { name: 'cleanup', kind: 'boolean', help: 'delete the scan objects when done (default; --no-cleanup keeps them)' },
];

/** The scan flags as `scan` and `render` take them: --image more than once, for several images. */
export const SCAN_COMMAND_FLAGS: readonly FlagSpec[] = SCAN_FLAGS.map((spec) =>
  spec.name === 'image'
    ? {
        ...spec,
        multiple: true,
        help: 'the image under test; repeat it to scan several (each in its own pod, a folder of results each)',
      }
    : spec,
);

/** More images: from a file (scan and render), and those a namespace runs (scan; render refuses it). */
export const IMAGE_LIST_FLAGS: readonly FlagSpec[] = [
  {
    name: 'images-file',
    kind: 'string',
    help: 'a file of images to scan, one per line (# comments); adds to --image',
  },
  {
    name: 'images-from-namespace',
    kind: 'string',
    help: "scan each distinct image the namespace's pods run, by digest (repeatable; needs list on pods there)",
    multiple: true,
  },
];

/** Flags of `scan` only: more images, and how many scans run at once. */
export const IMAGES_FLAGS: readonly FlagSpec[] = [
  ...IMAGE_LIST_FLAGS,
  { name: 'max-parallel', kind: 'string', help: 'most scans at once with several images (default: 4, 1 to 32)' },
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
  { name: 'sarif-location', kind: 'string', help: 'repository file the SARIF results attach to (default: Dockerfile)' },
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
