import { spawn } from 'node:child_process';
import { KcsError } from './errors.js';
import type { Logger } from './logger.js';

/** What `kind load` printed last; enough to explain a failure without flooding the log. */
const TAIL_LINES = 20;

export interface KindLoadOptions {
  /** The binary to run; `kind` on PATH unless a test or a user points elsewhere. */
  binary?: string;
  /** The Docker CLI that pulls the scanner and keep-alive images; `docker` on PATH by default. */
  dockerBinary?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/**
 * Loads an image from the local Docker daemon into the nodes of a kind cluster, so a pod can use it with
 * `imagePullPolicy: IfNotPresent` without a registry (the "build, load, scan, gate" workflow).
 */
export async function kindLoad(
  image: string,
  cluster: string,
  logger: Logger,
  options: KindLoadOptions = {},
): Promise<void> {
  const binary = options.binary ?? 'kind';
  const args = ['load', 'docker-image', image, '--name', cluster];
  logger.info(`Loading ${image} into kind cluster ${cluster} (${binary} ${args.join(' ')})`);
  const { code, output, spawnError } = await runKind(binary, args, options);
  if (spawnError?.name === 'AbortError') {
    throw new KcsError('KCS-KIND-007', `kind load of ${image} was cancelled`, { cause: spawnError, category: 'scan' });
  }
  if (spawnError) {
    const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
    throw new KcsError(
      missing ? 'KCS-KIND-001' : 'KCS-KIND-002',
      missing
        ? `kind-load is on but the 'kind' binary was not found on PATH`
        : `could not run '${binary}': ${spawnError.message}`,
      {
        hint: missing
          ? 'Install kind (for example with helm/kind-action) before this step, or turn kind-load off.'
          : 'Check that the kind binary is executable.',
        cause: spawnError,
        category: 'cluster',
      },
    );
  }
  if (code !== 0) {
    throw kindFailure(image, cluster, code, output);
  }
  logger.info(`Loaded ${image} into kind cluster ${cluster}`);
}

/**
 * Loads the scanner and keep-alive images into kind as well, so the kind nodes never pull them from Docker Hub (whose
 * anonymous limit counts per IP address): each is pulled into the runner's Docker first when it is not there yet, where
 * the runner's own `docker login` applies and where an actions/cache step may have restored it. kind skips an image
 * its nodes already hold.
 */
export async function kindLoadSupportImages(
  images: readonly string[],
  cluster: string,
  logger: Logger,
  options: KindLoadOptions = {},
): Promise<void> {
  for (const image of [...new Set(images)]) {
    await pullIfMissing(image, logger, options);
    await kindLoad(image, cluster, logger, options);
  }
}

async function pullIfMissing(image: string, logger: Logger, options: KindLoadOptions): Promise<void> {
  const docker = options.dockerBinary ?? 'docker';
  const present = await runKind(docker, ['image', 'inspect', '--format', '{{.Id}}', image], options);
  if (present.spawnError?.name === 'AbortError') throw cancelledLoad(image, present.spawnError);
  if (present.code === 0) {
    logger.info(`${image} is in the runner's Docker already (not pulled again).`);
    return;
  }
  logger.info(`Pulling ${image} into the runner's Docker (${docker} pull ${image}), to load it into kind.`);
  const pulled = await runKind(docker, ['pull', image], options);
  if (pulled.spawnError?.name === 'AbortError') throw cancelledLoad(image, pulled.spawnError);
  if (pulled.spawnError || pulled.code !== 0) {
    const detail = pulled.spawnError
      ? `could not run '${docker}': ${pulled.spawnError.message}`
      : `exit ${String(pulled.code)}: ${tailOf(pulled.output) || 'no output'}`;
    const limited = /\b429\b|toomanyrequests/i.test(pulled.output);
    throw new KcsError('KCS-KIND-008', `kind-load could not pull ${image} into the runner's Docker (${detail})`, {
      hint: limited
        ? 'Docker Hub\'s pull limit: log the runner in (docker/login-action) or restore the image from a cache before this step (see "Avoiding Docker Hub limits" in the README), or mirror it and point scanner-image / keepalive-image at the mirror.'
        : 'Check the image reference, and log the runner in to its registry (docker/login-action) before this step; or pull the image yourself before this step.',
      cause: pulled.spawnError,
      category: 'cluster',
    });
  }
}

function cancelledLoad(image: string, cause: Error): KcsError {
  return new KcsError('KCS-KIND-007', `kind load of ${image} was cancelled`, { cause, category: 'scan' });
}

function tailOf(output: string): string {
  return output.trim().split('\n').slice(-TAIL_LINES).join('\n');
}

function kindFailure(image: string, cluster: string, code: number | null, output: string): KcsError {
  const tail = output.trim().split('\n').slice(-TAIL_LINES).join('\n');
  const lower = tail.toLowerCase();
  if (lower.includes('not present locally') || lower.includes('no such image') || lower.includes('image not found')) {
    return new KcsError('KCS-KIND-003', `image ${image} is not in the local Docker daemon, so kind cannot load it`, {
      hint: 'Build or pull the image on the runner before this step (docker build / docker pull), or turn kind-load off for a registry image.',
      category: 'input',
    });
  }
  if (lower.includes('no nodes found') || lower.includes('unknown cluster')) {
    return new KcsError('KCS-KIND-004', `kind cluster '${cluster}' was not found`, {
      hint: 'Set kind-cluster to the name given to `kind create cluster --name` (`kind get clusters` lists them).',
      category: 'cluster',
    });
  }
  return new KcsError(
    'KCS-KIND-005',
    `kind load docker-image ${image} --name ${cluster} failed (exit ${String(code)}): ${tail || 'no output'}`,
    {
      hint: 'Run the same kind command on the runner to see the full error.',
      category: 'cluster',
    },
  );
}

interface KindRun {
  code: number | null;
  output: string;
  spawnError?: Error;
}

function runKind(binary: string, args: string[], options: KindLoadOptions): Promise<KindRun> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn(binary, args, {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) =>
      resolve({ code: null, output: Buffer.concat(chunks).toString('utf8'), spawnError: error }),
    );
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}
