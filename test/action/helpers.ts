import type { TestContext } from 'vitest';

/** Sets environment variables for a test and returns the function that puts the old values back. */
export function withEnv(values: Record<string, string | undefined>): () => void {
  const saved = new Map<string, string | undefined>();
  const set = (name: string, value: string | undefined): void => {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  };
  for (const [name, value] of Object.entries(values)) {
    saved.set(name, process.env[name]);
    set(name, value);
  }
  return () => {
    for (const [name, value] of saved) set(name, value);
  };
}

/** Captures what is written to process.stdout (where @actions/core writes workflow commands) while `fn` runs. */
export async function captureStdout<T>(fn: () => Promise<T> | T): Promise<{ value: T; output: string }> {
  const original = process.stdout.write.bind(process.stdout);
  let output = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    const value = await fn();
    return { value, output };
  } finally {
    process.stdout.write = original;
  }
}

/**
 * For beforeEach: holds back what in-process code writes to process.stdout during the test (@actions/core's workflow
 * commands, `::debug::` and `::add-mask::` included, which @actions/core writes whatever the debug setting, and the
 * artifact client's progress lines), and prints it to stderr only if the test fails, so a passing run stays quiet
 * and a failing one keeps the evidence. Vitest's own reporting does not go through this process's stdout.
 */
export function holdStdout(context: TestContext): void {
  const original = process.stdout.write;
  const held: string[] = [];
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
    if (callback) queueMicrotask(callback);
    return true;
  }) as typeof process.stdout.write;
  context.onTestFailed(() => {
    // Indented, so that on a GitHub runner the held lines are shown, not run, as workflow commands.
    const text = held.join('').replace(/^/gm, '  | ');
    process.stderr.write(`stdout of "${context.task.name}" (held back while it ran):\n${text}\n`);
  });
  context.onTestFinished(() => {
    process.stdout.write = original;
  });
}
