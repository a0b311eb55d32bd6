import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { InputError } from './errors.js';
import { profilesDir, thresholdsDir } from './paths.js';

// Types of the validated configuration. The parser (parseConfig) lives below them and is the only code that turns
// raw strings (action inputs or CLI flags) into these values.

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

export type ProfileSource =
  { kind: 'url'; url: string } | { kind: 'directory'; path: string } | { kind: 'shipped'; name: string; path: string };

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
  /** Path of an InSpec input file (YAML), passed to the scanner as `--input-file`. */
  profileInputs: string | undefined;
  /** Path of an InSpec waiver file, passed as `--waiver-file`. */
  waiverFile: string | undefined;
  /** Control ids to run (`--controls`); empty means all. */
  controls: string[];
  namespace: string;
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
  kindLoad: boolean;
  kindCluster: string;
  timeoutSeconds: number;
  cleanup: boolean;
}

/** How the result is judged and where it is written. */
export interface ResultsConfig {
  threshold: ThresholdSource | undefined;
  failOnThreshold: boolean;
  outputDir: string;
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
  scan: ScanConfig;
  results: ResultsConfig;
  publish: PublishConfig;
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

  const scan: ScanConfig = {
    image: requiredImage('image', text('image'), problems),
    profile: attempt(problems, () => resolveProfileSource(text('profile') || DEFAULTS.profile, context.cwd), {
      kind: 'shipped',
      name: '',
      path: '',
    }),
    profileInputs: optionalFile('profile-inputs', text('profile-inputs'), context.cwd, problems),
    waiverFile: optionalFile('waiver-file', text('waiver-file'), context.cwd, problems),
    controls: splitList(text('controls')),
    namespace: dnsLabel('namespace', text('namespace') || DEFAULTS.namespace, problems),
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
    kindLoad: flag('kind-load', false),
    kindCluster: dnsLabel('kind-cluster', text('kind-cluster') || DEFAULTS.kindCluster, problems),
    timeoutSeconds: timeoutSeconds(timeoutText, problems),
    cleanup: flag('cleanup', true),
  };

  const results: ResultsConfig = {
    threshold: text('threshold')
      ? attempt(problems, () => resolveThresholdSource(raw['threshold'] ?? '', context.cwd), undefined)
      : undefined,
    failOnThreshold: flag('fail-on-threshold', true),
    outputDir: outputDir(text('output-dir'), context),
  };

  const publish: PublishConfig = {
    uploadArtifact: flag('upload-artifact', true),
    artifactName: artifactName(text('artifact-name'), scan.image, context.env, problems),
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
  return { scan, results, publish };
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

const URL_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;

/** `scheme://…` is a URL; an existing directory is a local profile; otherwise a profile shipped in profiles/. */
export function resolveProfileSource(text: string, cwd: string): ProfileSource {
  const trimmed = text.trim();
  if (URL_SCHEME.test(trimmed)) return { kind: 'url', url: trimmed };
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
