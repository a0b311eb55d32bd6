import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { InputError } from './errors.js';
import { chooseNamespace } from './kubeconfig-namespace.js';
import { profilesDir, thresholdsDir } from './paths.js';
import { httpOrigin, isLoopbackHost, isRemoteProfile, remoteProfileSource } from './profile-source.js';
import { ambiguousRegistry, parseTargets, type TargetsConfig } from './multi/targets.js';
import { normalizeRegistry, registryCredentials, registryOf, type RegistryCredentials } from './registry.js';

// Types of the validated configuration. The parser (parseConfig) lives below them and is the only code that turns
// raw strings (action inputs or CLI flags) into these values.

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/**
 * Where the profile comes from. `url` (an archive) and `git` are fetched on the runner before the scan and shipped to
 * the pod like a local profile: the scan pod downloads nothing.
 */
export type ProfileSource =
  | { kind: 'url'; url: string }
  | { kind: 'git'; url: string; ref?: string }
  | { kind: 'directory'; path: string }
  | { kind: 'shipped'; name: string; path: string };

export type ThresholdSource =
  { kind: 'inline'; text: string } | { kind: 'file'; path: string } | { kind: 'shipped'; name: string; path: string };

export type KubeconfigSource =
  | { kind: 'content'; content: string }
  | { kind: 'file'; path: string }
  /** KUBECONFIG, then ~/.kube/config, then in-cluster. */
  | { kind: 'default' };

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

/** Everything the cluster side needs for one scan. */
export interface ScanConfig {
  image: string;
  profile: ProfileSource;
  /**
   * The `profile-token` input (CLI: KCS_PROFILE_TOKEN): sent as `Authorization: Bearer` to the profile URL and to
   * dependencies on the same host (git: as an http.extraHeader). A credential: it never reaches the cluster.
   */
  profileToken?: string;
  /** Path of an InSpec input file (YAML), passed to the scanner as `--input-file`. */
  profileInputs: string | undefined;
  /** Path of an InSpec waiver file, passed as `--waiver-file`. */
  waiverFile: string | undefined;
  /** Control ids to run (`--controls`); empty means all. */
  controls: string[];
  /** The namespace the scan runs in, chosen in kubectl's order (chooseNamespace): input, context, `default`. */
  namespace: string;
  /** Why that namespace, for messages: `the namespace input`, `context "ci" of the kubeconfig`, `default`. */
  namespaceFrom?: string;
  kubeconfig: KubeconfigSource;
  context: string | undefined;
  scannerImage: string;
  keepaliveImage: string;
  imagePullPolicy: PullPolicy;
  imagePullSecrets: string[];
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  podAnnotations: Record<string, string>;
  scannerCpu: string;
  scannerMemory: string;
  /** Bytes of one file's content the scanner reads at most (max-file-size); a larger file reads as unreadable. */
  maxFileSize: number;
  /** Bytes of output (stdout and stderr together) one command may write before it is killed (max-command-output). */
  maxCommandOutput: number;
  kindLoad: boolean;
  kindCluster: string;
  timeoutSeconds: number;
  cleanup: boolean;
  /**
   * Credentials for one registry (the `registry-*` inputs): each scan puts them in a dockerconfigjson Secret of its
   * own that the pod pulls with. Absent when none were given.
   */
  registryCredentials?: RegistryCredentials;
}

/** How the result is judged and where it is written. */
export interface ResultsConfig {
  threshold: ThresholdSource | undefined;
  failOnThreshold: boolean;
  outputDir: string;
  /** The repository file the SARIF results attach to (a relative path). */
  sarifLocation: string;
}

/** What only the GitHub Action does with the result. */
export interface PublishConfig {
  uploadArtifact: boolean;
  artifactName: string;
  retentionDays: number | undefined;
  jobSummary: boolean;
  commentOnPr: boolean;
  githubToken: string;
}

export interface Config {
  /** The images to scan (several, or those a namespace runs) and how many at once; scan.image is the first. */
  targets: TargetsConfig;
  scan: ScanConfig;
  results: ResultsConfig;
  publish: PublishConfig;
  /** Advice that does not stop the scan (caps that may not fit scanner-memory); the adapters print each as a warning. */
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing. One pure function (apart from looking at the file system to resolve paths) turns raw strings into a
// Config. Every problem names the input, the value and what is allowed; all problems are reported at once.

/** Raw values keyed by action input name (kebab-case); the CLI's flags use the same names. */
export type RawInputs = Readonly<Record<string, string | undefined>>;

export interface ParseContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** In the action `kubeconfig` is the file's content; on the CLI it is a path. */
  mode: 'action' | 'cli';
}

export const DEFAULTS = {
  profile: 'container-baseline',
  namespace: 'default',
  scannerImage: 'cincproject/auditor:6.8.24',
  keepaliveImage: 'busybox:1.37.0-musl',
  imagePullPolicy: 'IfNotPresent' as PullPolicy,
  scannerCpu: '1',
  scannerMemory: '1Gi',
  maxFileSize: '64Mi',
  maxCommandOutput: '16Mi',
  kindCluster: 'kind',
  timeout: '10m',
} as const;

const PULL_POLICIES: readonly PullPolicy[] = ['Always', 'IfNotPresent', 'Never'];
const MIN_TIMEOUT_SECONDS = 10;
const MAX_TIMEOUT_SECONDS = 24 * 3600;

interface Problem {
  code: string;
  message: string;
}

/** Collects problems so that one run reports every bad input, not just the first. */
class Problems {
  readonly list: Problem[] = [];
  add(code: string, message: string): void {
    this.list.push({ code, message });
  }
  throwIfAny(): void {
    const [first] = this.list;
    if (!first) return;
    const message =
      this.list.length === 1
        ? first.message
        : `${this.list.length} inputs are invalid:\n- ${this.list.map((p) => p.message).join('\n- ')}`;
    throw new InputError(first.code, message);
  }
}

function value(raw: RawInputs, name: string): string {
  return (raw[name] ?? '').trim();
}

const show = (text: string): string => JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);

export function parseConfig(raw: RawInputs, context: ParseContext): Config {
  const problems = new Problems();
  const text = (name: string): string => value(raw, name);
  const flag = (name: string, fallback: boolean): boolean => parseBooleanInput(name, text(name), fallback, problems);
  const timeoutText = text('timeout') || DEFAULTS.timeout;
  const targets = parseTargets(
    {
      image: raw['image'] ?? '',
      imagesFile: text('images-file'),
      fromNamespaces: raw['images-from-namespace'] ?? '',
      maxParallel: text('max-parallel'),
      cwd: context.cwd,
    },
    {
      isImageReference,
      namespace: (name, namespace) => dnsLabel(name, namespace, problems),
      problem: (code, message) => problems.add(code, message),
    },
  );

  const scan: ScanConfig = {
    image: targets.images[0] ?? '',
    profile: attempt(problems, () => resolveProfileSource(text('profile') || DEFAULTS.profile, context.cwd), {
      kind: 'shipped',
      name: '',
      path: '',
    }),
    profileInputs: optionalFile('profile-inputs', text('profile-inputs'), context.cwd, problems),
    waiverFile: optionalFile('waiver-file', text('waiver-file'), context.cwd, problems),
    controls: splitList(text('controls')),
    // Chosen below, once the kubeconfig and the context are known.
    namespace: '',
    kubeconfig: kubeconfigSource(text('kubeconfig'), raw['kubeconfig'] ?? '', context, problems),
    context: text('context') || undefined,
    scannerImage: requiredImage('scanner-image', text('scanner-image') || DEFAULTS.scannerImage, problems),
    keepaliveImage: requiredImage('keepalive-image', text('keepalive-image') || DEFAULTS.keepaliveImage, problems),
    imagePullPolicy: pullPolicy(text('image-pull-policy') || DEFAULTS.imagePullPolicy, problems),
    imagePullSecrets: splitList(text('image-pull-secrets')).map((name) =>
      dnsSubdomain('image-pull-secrets', name, problems),
    ),
    nodeSelector: stringMap('node-selector', text('node-selector'), problems),
    tolerations: tolerations(text('tolerations'), problems),
    podAnnotations: stringMap('pod-annotations', text('pod-annotations'), problems),
    scannerCpu: quantity('scanner-cpu', text('scanner-cpu') || DEFAULTS.scannerCpu, problems),
    scannerMemory: quantity('scanner-memory', text('scanner-memory') || DEFAULTS.scannerMemory, problems),
    maxFileSize: byteSize('max-file-size', text('max-file-size') || DEFAULTS.maxFileSize, problems),
    maxCommandOutput: byteSize('max-command-output', text('max-command-output') || DEFAULTS.maxCommandOutput, problems),
    kindLoad: flag('kind-load', false),
    kindCluster: dnsLabel('kind-cluster', text('kind-cluster') || DEFAULTS.kindCluster, problems),
    timeoutSeconds: timeoutSeconds(timeoutText, problems),
    cleanup: flag('cleanup', true),
  };
  const registryProblem = ambiguousRegistry(targets, text('registry'), text('registry-username'));
  if (registryProblem) problems.add('KCS-IMG-007', registryProblem);
  const credentials = registryInputs(raw, scan.image, context.mode, problems);
  if (credentials) scan.registryCredentials = credentials;
  const chosen = chooseNamespace(text('namespace'), scan.kubeconfig, scan.context, context.env);
  scan.namespace = dnsLabel(
    chosen.from === 'the namespace input' ? 'namespace' : `namespace (from ${chosen.from})`,
    chosen.namespace,
    problems,
  );
  scan.namespaceFrom = chosen.from;
  const profileToken = profileTokenInput(raw, scan.profile, context.mode, problems);
  if (profileToken) scan.profileToken = profileToken;

  const results: ResultsConfig = {
    threshold: text('threshold')
      ? attempt(problems, () => resolveThresholdSource(raw['threshold'] ?? '', context.cwd), undefined)
      : undefined,
    failOnThreshold: flag('fail-on-threshold', true),
    outputDir: outputDir(text('output-dir'), context),
    sarifLocation: attempt(problems, () => parseSarifLocation(text('sarif-location')), DEFAULT_SARIF_LOCATION),
  };

  const publish: PublishConfig = {
    uploadArtifact: flag('upload-artifact', true),
    artifactName: artifactName(text('artifact-name'), targets.multi ? 'images' : scan.image, context.env, problems),
    retentionDays: retentionDays(text('retention-days'), problems),
    jobSummary: flag('job-summary', true),
    commentOnPr: flag('comment-on-pr', false),
    githubToken: text('github-token'),
  };

  if (scan.kindLoad && scan.imagePullPolicy === 'Always') {
    problems.add(
      'KCS-KIND-006',
      'kind-load puts the image on the kind nodes, but image-pull-policy Always makes the kubelet pull it from a registry instead; use IfNotPresent (the default) or Never with kind-load',
    );
  }

  problems.throwIfAny();
  return { targets, scan, results, publish, warnings: memoryWarnings(scan) };
}

const DEFAULT_SARIF_LOCATION = 'Dockerfile';

/**
 * The `sarif-location` input: the file, relative to the repository root, that code scanning attaches the alerts to.
 * GitHub resolves a relative path against the checkout, so an absolute path, a URL or a `..` would attach them to
 * nothing it can show. Empty means Dockerfile.
 */
export function parseSarifLocation(text: string): string {
  const value = text.trim().replace(/^\.\/+/, '');
  if (value === '') return DEFAULT_SARIF_LOCATION;
  const segments = value.split('/');
  const problem =
    /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) || value.startsWith('/')
      ? 'is absolute'
      : value.includes('\\')
        ? 'contains a backslash'
        : // eslint-disable-next-line no-control-regex -- finding control characters is the point
          /[\u0000-\u001f\u007f]/.test(value)
          ? 'contains a control character'
          : segments.some((s) => s === '..' || s === '.' || s === '')
            ? 'has an empty, "." or ".." segment'
            : undefined;
  if (problem) {
    throw new InputError(
      'KCS-RES-007',
      `sarif-location: ${show(text)} ${problem}; give a file path relative to the repository root, such as Dockerfile or docker/app/Dockerfile`,
    );
  }
  return value;
}

function attempt<T>(problems: Problems, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof InputError) {
      problems.add(error.code, error.message);
      return fallback;
    }
    throw error;
  }
}

// ----- scalars --------------------------------------------------------------------------------------------------

const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

/** The YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them. */
export function parseBoolean(name: string, text: string): boolean {
  if (TRUE_VALUES.includes(text)) return true;
  if (FALSE_VALUES.includes(text)) return false;
  throw new InputError('KCS-CFG-002', `${name}: ${show(text)} is not a boolean; use true or false`);
}

function parseBooleanInput(name: string, text: string, fallback: boolean, problems: Problems): boolean {
  if (text === '') return fallback;
  return attempt(problems, () => parseBoolean(name, text), fallback);
}

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses a duration such as `90s`, `10m`, `1h30m` or a bare number of seconds into seconds. With `unitRequired`
 * a bare number is refused, for flags where `30` could be read as 30 minutes or days.
 * Named after the input so its error reads: `timeout: "7x" is not a duration; use 90s, 10m or 1h`.
 */
export function parseDuration(name: string, text: string, options: { unitRequired?: boolean } = {}): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed) && !options.unitRequired) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || consumed !== trimmed) {
    throw new InputError('KCS-CFG-003', `${name}: ${show(text)} is not a duration; use 90s, 10m or 1h`);
  }
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (DURATION_UNITS[unit ?? 's'] ?? 1), 0);
}

function timeoutSeconds(text: string, problems: Problems): number {
  const seconds = attempt(problems, () => parseDuration('timeout', text), 600);
  if (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
    problems.add('KCS-CFG-003', `timeout: ${show(text)} is out of range; use between 10s and 24h`);
  }
  return Math.ceil(seconds);
}

function pullPolicy(text: string, problems: Problems): PullPolicy {
  const match = PULL_POLICIES.find((p) => p === text);
  if (match) return match;
  problems.add('KCS-CFG-004', `image-pull-policy: ${show(text)} is not allowed; use ${PULL_POLICIES.join(', ')}`);
  return DEFAULTS.imagePullPolicy;
}

function retentionDays(text: string, problems: Problems): number | undefined {
  if (text === '') return undefined;
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < 1 || days > 90) {
    problems.add(
      'KCS-CFG-012',
      `retention-days: ${show(text)} is not allowed; use a whole number of days from 1 to 90`,
    );
    return undefined;
  }
  return days;
}

const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

function quantity(name: string, text: string, problems: Problems): string {
  if (!QUANTITY.test(text)) {
    problems.add(
      'KCS-CFG-010',
      `${name}: ${show(text)} is not a Kubernetes quantity; use for example 500m or 1 (CPU), 512Mi or 1Gi (memory)`,
    );
  }
  return text;
}

// Sizes in bytes, written like a memory quantity: a whole number with an optional suffix (k, M, G decimal; Ki, Mi, Gi
// binary). The scanner's transport gets them as plain byte counts.
const BYTE_SIZE = /^(\d{1,13})(k|M|G|Ki|Mi|Gi)?$/;
const BYTE_UNITS: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
const MIN_BYTE_SIZE = 1024;
const MAX_BYTE_SIZE = 1024 ** 3;

/** Parses max-file-size or max-command-output into bytes, from 1Ki to 1Gi. */
export function parseByteSize(name: string, text: string): number {
  const match = BYTE_SIZE.exec(text.trim());
  const bytes = match ? Number(match[1]) * (match[2] ? (BYTE_UNITS[match[2]] ?? 1) : 1) : Number.NaN;
  if (!(bytes >= MIN_BYTE_SIZE && bytes <= MAX_BYTE_SIZE)) {
    throw new InputError(
      'KCS-CFG-010',
      `${name}: ${show(text)} is not a size from 1Ki to 1Gi; use a number of bytes with an optional suffix Ki, Mi, Gi (or k, M, G), for example 64Mi`,
    );
  }
  return bytes;
}

function byteSize(name: string, text: string, problems: Problems): number {
  return attempt(problems, () => parseByteSize(name, text), 0);
}

const QUANTITY_UNITS: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A memory quantity in bytes (already validated by QUANTITY), or undefined. */
function quantityBytes(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * (match[3] ? (QUANTITY_UNITS[match[3]] ?? 1) : 1);
}

/** 1.5Gi, 64Mi, 512Ki: a size as the inputs write it. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))}${unit}`;
  }
  return String(bytes);
}

/**
 * What the scanner container may need at most, by the design of the transport's caps (scanner/README.md): CINC
 * Auditor with a profile, three times max-file-size (content kept for later calls, one file being read, one copy a
 * resource makes) and twice max-command-output (the output being collected, one copy).
 */
export const CINC_AUDITOR_BASE_BYTES = 256 * 2 ** 20;
export function scannerMemoryNeeded(maxFileSize: number, maxCommandOutput: number): number {
  return CINC_AUDITOR_BASE_BYTES + 3 * maxFileSize + 2 * maxCommandOutput;
}

function memoryWarnings(scan: ScanConfig): string[] {
  const limit = quantityBytes(scan.scannerMemory);
  const needed = scannerMemoryNeeded(scan.maxFileSize, scan.maxCommandOutput);
  if (limit === undefined || needed <= limit) return [];
  return [
    `max-file-size ${formatBytes(scan.maxFileSize)} and max-command-output ${formatBytes(scan.maxCommandOutput)} ` +
      `need up to about ${formatBytes(needed)} of scanner memory (${formatBytes(CINC_AUDITOR_BASE_BYTES)} for CINC ` +
      `Auditor, 3 × max-file-size, 2 × max-command-output), more than scanner-memory ${scan.scannerMemory}: a scan ` +
      `that meets files or output that large may be killed for memory (KCS-SCAN-114). Raise scanner-memory or lower ` +
      `the caps.`,
  ];
}

// ----- names and images -----------------------------------------------------------------------------------------

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function dnsLabel(name: string, text: string, problems: Problems): string {
  if (!DNS_LABEL.test(text)) {
    problems.add(
      'KCS-CFG-009',
      `${name}: ${show(text)} is not a valid name; use lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit`,
    );
  }
  return text;
}

function dnsSubdomain(name: string, text: string, problems: Problems): string {
  if (!DNS_SUBDOMAIN.test(text) || text.length > 253) {
    problems.add(
      'KCS-CFG-009',
      `${name}: ${show(text)} is not a valid Secret name; use lower-case letters, digits, '-' and '.'`,
    );
  }
  return text;
}

// registry[:port]/path[:tag][@digest], as the container runtimes accept it (lower-case repository path).
const IMAGE_REFERENCE =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export function isImageReference(text: string): boolean {
  return text.length <= 512 && IMAGE_REFERENCE.test(text);
}

function requiredImage(name: string, text: string, problems: Problems): string {
  if (text === '') {
    problems.add('KCS-CFG-001', `${name} is required: the image reference to scan, for example ghcr.io/acme/app:1.2.3`);
  } else if (!isImageReference(text)) {
    problems.add(
      'KCS-CFG-011',
      `${name}: ${show(text)} is not an image reference; use [registry/]repository[:tag][@sha256:digest] with a lower-case repository`,
    );
  }
  return text;
}

/** Splits a list given one per line or comma-separated. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

// ----- YAML-valued inputs ---------------------------------------------------------------------------------------

function parseYamlInput(name: string, text: string, problems: Problems): unknown {
  try {
    return loadYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    problems.add('KCS-CFG-005', `${name}: not valid YAML (${reason})`);
    return undefined;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// Label and annotation keys: an optional DNS-subdomain prefix and a name of up to 63 characters.
const QUALIFIED_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

function stringMap(name: string, text: string, problems: Problems): Record<string, string> {
  if (text === '') return {};
  const parsed = parseYamlInput(name, text, problems);
  if (parsed === undefined) return {};
  if (!isPlainObject(parsed)) {
    problems.add(
      'KCS-CFG-005',
      `${name}: expected a YAML mapping of keys to strings, such as "team: security", got ${show(text)}`,
    );
    return {};
  }
  const result: Record<string, string> = {};
  for (const [key, v] of Object.entries(parsed)) {
    if (!QUALIFIED_KEY.test(key)) {
      problems.add(
        'KCS-CFG-005',
        `${name}: key ${show(key)} is not a valid Kubernetes key; use [prefix/]name with letters, digits, '-', '_' and '.'`,
      );
    } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      result[key] = String(v);
    } else {
      problems.add(
        'KCS-CFG-005',
        `${name}: the value of ${show(key)} must be a string, got ${show(JSON.stringify(v) ?? 'null')}`,
      );
    }
  }
  return result;
}

const TOLERATION_KEYS = ['key', 'operator', 'value', 'effect', 'tolerationSeconds'];
const TOLERATION_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function tolerations(text: string, problems: Problems): Toleration[] {
  if (text === '') return [];
  const parsed = parseYamlInput('tolerations', text, problems);
  if (parsed === undefined) return [];
  if (!Array.isArray(parsed)) {
    problems.add(
      'KCS-CFG-005',
      'tolerations: expected a YAML list of tolerations, such as "- {key: dedicated, operator: Equal, value: scans, effect: NoSchedule}"',
    );
    return [];
  }
  return parsed.flatMap((item, index) => {
    const where = `tolerations[${index}]`;
    if (!isPlainObject(item)) {
      problems.add('KCS-CFG-005', `${where}: expected a mapping with key, operator, value, effect, tolerationSeconds`);
      return [];
    }
    const unknown = Object.keys(item).filter((k) => !TOLERATION_KEYS.includes(k));
    if (unknown.length > 0)
      problems.add(
        'KCS-CFG-005',
        `${where}: unknown field ${show(unknown[0] ?? '')}; allowed: ${TOLERATION_KEYS.join(', ')}`,
      );
    if (item['operator'] !== undefined && item['operator'] !== 'Exists' && item['operator'] !== 'Equal') {
      problems.add(
        'KCS-CFG-005',
        `${where}.operator: ${show(String(item['operator']))} is not allowed; use Exists or Equal`,
      );
    }
    if (item['effect'] !== undefined && !TOLERATION_EFFECTS.includes(String(item['effect']))) {
      problems.add(
        'KCS-CFG-005',
        `${where}.effect: ${show(String(item['effect']))} is not allowed; use ${TOLERATION_EFFECTS.join(', ')}`,
      );
    }
    if (item['tolerationSeconds'] !== undefined && !Number.isInteger(item['tolerationSeconds'])) {
      problems.add('KCS-CFG-005', `${where}.tolerationSeconds: must be a whole number of seconds`);
    }
    const toleration: Toleration = {};
    if (item['key'] !== undefined) toleration.key = String(item['key']);
    if (item['operator'] !== undefined) toleration.operator = item['operator'] as NonNullable<Toleration['operator']>;
    if (item['value'] !== undefined) toleration.value = String(item['value']);
    if (item['effect'] !== undefined) toleration.effect = item['effect'] as NonNullable<Toleration['effect']>;
    if (typeof item['tolerationSeconds'] === 'number') toleration.tolerationSeconds = item['tolerationSeconds'];
    return [toleration];
  });
}

// ----- files, profiles, thresholds ------------------------------------------------------------------------------

const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();
const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

function optionalFile(name: string, text: string, cwd: string, problems: Problems): string | undefined {
  if (text === '') return undefined;
  const path = resolve(cwd, text);
  if (!isFile(path)) problems.add('KCS-CFG-008', `${name}: file ${show(text)} does not exist (looked at ${path})`);
  return path;
}

/** Names of the entries of a shipped folder, for error messages and --help. */
export function shippedNames(dir: string, suffixes: readonly string[] = []): string[] {
  if (!isDirectory(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) =>
      suffixes.length === 0 ? entry.isDirectory() : entry.isFile() && suffixes.some((s) => entry.name.endsWith(s)),
    )
    .map((entry) => suffixes.reduce((n, s) => (n.endsWith(s) ? n.slice(0, -s.length) : n), entry.name))
    .sort();
}

/**
 * `scheme://…` (or `git@host:path`) is a remote profile, an archive or a git repository (profile-source.ts); an
 * existing directory is a local profile; otherwise a profile shipped in profiles/.
 */
export function resolveProfileSource(text: string, cwd: string): ProfileSource {
  const trimmed = text.trim();
  if (isRemoteProfile(trimmed)) return remoteProfileSource(trimmed);
  const local = resolve(cwd, trimmed);
  if (isDirectory(local)) {
    if (!isFile(join(local, 'inspec.yml'))) {
      throw new InputError(
        'KCS-CFG-006',
        `profile: directory ${show(trimmed)} has no inspec.yml, so it is not an InSpec profile`,
      );
    }
    return { kind: 'directory', path: local };
  }
  const shipped = join(profilesDir(), trimmed);
  if (!isAbsolute(trimmed) && !trimmed.includes('/') && isDirectory(shipped))
    return { kind: 'shipped', name: trimmed, path: shipped };
  const names = shippedNames(profilesDir());
  throw new InputError(
    'KCS-CFG-006',
    `profile: ${show(trimmed)} is not a URL, an existing profile directory or a shipped profile; shipped profiles: ${names.join(', ') || '(none)'}`,
  );
}

const THRESHOLD_SUFFIXES = ['.yml', '.yaml', '.json'];

/**
 * Text with a newline, `:` or `{` is inline YAML; otherwise an existing file; otherwise a threshold shipped in
 * thresholds/ (by name, with or without its extension); otherwise an error that lists the shipped names.
 */
export function resolveThresholdSource(text: string, cwd: string): ThresholdSource {
  if (/[\n:{]/.test(text.trim())) return { kind: 'inline', text };
  const trimmed = text.trim();
  const local = resolve(cwd, trimmed);
  if (isFile(local)) return { kind: 'file', path: local };
  if (!trimmed.includes('/')) {
    for (const name of [trimmed, ...THRESHOLD_SUFFIXES.map((s) => trimmed + s)]) {
      const shipped = join(thresholdsDir(), name);
      if (isFile(shipped)) return { kind: 'shipped', name: trimmed.replace(/\.(ya?ml|json)$/, ''), path: shipped };
    }
  }
  const names = shippedNames(thresholdsDir(), THRESHOLD_SUFFIXES);
  throw new InputError(
    'KCS-CFG-007',
    `threshold: ${show(trimmed)} is not inline YAML, an existing file or a shipped threshold; shipped thresholds: ${names.join(', ') || '(none)'}`,
  );
}

function kubeconfigSource(
  trimmed: string,
  rawText: string,
  context: ParseContext,
  problems: Problems,
): KubeconfigSource {
  if (trimmed === '') return { kind: 'default' };
  if (context.mode === 'action') return { kind: 'content', content: rawText };
  const path = resolve(context.cwd, trimmed);
  if (!isFile(path))
    problems.add('KCS-CFG-008', `kubeconfig: file ${show(trimmed)} does not exist (looked at ${path})`);
  return { kind: 'file', path };
}

// ----- where results go -----------------------------------------------------------------------------------------

function outputDir(text: string, context: ParseContext): string {
  if (text !== '') return resolve(context.cwd, text);
  if (context.mode === 'cli') return resolve(context.cwd, 'kube-cinc-scan-results');
  const base = context.env['RUNNER_TEMP'] || context.cwd;
  const job = sanitizeName(context.env['GITHUB_JOB'] ?? 'job');
  return join(base, `kube-cinc-scan-${job}-${process.pid}-${Date.now().toString(36)}`);
}

/** Artifact names may not hold `" : < > | * ? \ /` or control characters; image references hold `/` and `:`. */
export function sanitizeName(text: string): string {
  return text
    .replace(/@sha256:([a-f0-9]{12})[a-f0-9]*/, '-$1')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 100);
}

/**
 * Default: `kcs-<image>-<job>` (plus the run attempt after a re-run), so two matrix legs scanning different images
 * differ. Legs that scan the same image in one job collide; the uploader adds a suffix when the name is taken.
 */
function artifactName(text: string, image: string, env: NodeJS.ProcessEnv, problems: Problems): string {
  if (text !== '') {
    if (/["':<>|*?\\/\r\n]/.test(text)) {
      problems.add(
        'KCS-CFG-009',
        `artifact-name: ${show(text)} contains a character artifacts do not allow (" : < > | * ? \\ / or a newline)`,
      );
    }
    return text;
  }
  const job = env['GITHUB_JOB'] ? `-${sanitizeName(env['GITHUB_JOB'])}` : '';
  const attempt =
    env['GITHUB_RUN_ATTEMPT'] && env['GITHUB_RUN_ATTEMPT'] !== '1' ? `-attempt${env['GITHUB_RUN_ATTEMPT']}` : '';
  return `kcs-${sanitizeName(image) || 'scan'}${job}${attempt}`;
}

// ----- registry credentials -------------------------------------------------------------------------------------

/** A line break or another C0 control character, or DEL. */
const hasControlCharacter = (text: string): boolean =>
  [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * `registry`, `registry-username` and `registry-password`: all or nothing (the registry defaults to the image's).
 * Messages never quote the password; the CLI takes it from stdin or KCS_REGISTRY_PASSWORD, never from a flag.
 */
function registryInputs(
  raw: RawInputs,
  image: string,
  mode: ParseContext['mode'],
  problems: Problems,
): RegistryCredentials | undefined {
  const registryText = value(raw, 'registry');
  const username = value(raw, 'registry-username');
  const password = value(raw, 'registry-password');
  const passwordName =
    mode === 'cli' ? 'a registry password (--registry-password-stdin or KCS_REGISTRY_PASSWORD)' : 'registry-password';
  const usernameName = mode === 'cli' ? '--registry-username' : 'registry-username';
  if (username === '' && password === '') {
    if (registryText !== '')
      problems.add(
        'KCS-CFG-014',
        `registry: ${show(registryText)} is set but ${usernameName} and ${passwordName} are empty; give the credentials too, or leave registry empty`,
      );
    return undefined;
  }
  const before = problems.list.length;
  if (username === '')
    problems.add('KCS-CFG-014', `${passwordName} is set but ${usernameName} is empty; give both, or neither`);
  else if (password === '')
    problems.add('KCS-CFG-014', `${usernameName} is set but ${passwordName} is empty; give both, or neither`);
  if (username.includes(':') || hasControlCharacter(username))
    problems.add(
      'KCS-CFG-014',
      `${usernameName}: ${show(username)} contains a ':' or a control character, which a registry login cannot hold`,
    );
  // Not quoted: it is the password.
  if (hasControlCharacter(password))
    problems.add(
      'KCS-CFG-014',
      `the registry password contains a line break or another control character; give it on one line`,
    );
  const registry = normalizeRegistry(registryText || registryOf(image));
  if (registry === undefined)
    problems.add(
      'KCS-CFG-014',
      `registry: ${show(registryText)} is not a registry; use its host[:port], such as ghcr.io, docker.io or 123456789012.dkr.ecr.eu-west-1.amazonaws.com`,
    );
  if (problems.list.length > before || registry === undefined) return undefined;
  return registryCredentials(registry, username, password);
}

// ----- profile token ----------------------------------------------------------------------------------------------

/**
 * `profile-token` (the CLI reads KCS_PROFILE_TOKEN instead: argv is visible to other users): only for a profile URL,
 * on one line, and never over plain http to another machine. Messages never quote it.
 */
function profileTokenInput(
  raw: RawInputs,
  profile: ProfileSource,
  mode: ParseContext['mode'],
  problems: Problems,
): string | undefined {
  const token = value(raw, 'profile-token');
  const name = mode === 'cli' ? 'KCS_PROFILE_TOKEN' : 'profile-token';
  const remote = profile.kind === 'url' || profile.kind === 'git' ? profile : undefined;
  const origin = remote ? httpOrigin(remote) : undefined;
  if (origin && origin.protocol === 'http:' && !isLoopbackHost(origin.hostname) && (token || origin.username)) {
    problems.add(
      'KCS-PROF-001',
      `profile: a credential would be sent in clear text over http:// to ${origin.host}; use https://`,
    );
  }
  if (token === '') return undefined;
  if (!remote) {
    problems.add(
      'KCS-PROF-001',
      `${name} is set but profile is not a URL: the token is sent only to a profile URL and to dependencies on its host`,
    );
  } else if (!origin) {
    problems.add(
      'KCS-PROF-001',
      `${name} is set but the profile is an ssh git remote: ssh authenticates with the runner's ssh keys; use an https:// URL with the token`,
    );
  }
  if (hasControlCharacter(token))
    problems.add('KCS-PROF-001', `${name} contains a line break or another control character; give it on one line`);
  return token;
}
