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
