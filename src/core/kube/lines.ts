import type { IncomingMessage } from 'node:http';

/**
 * Reads a response line by line until it ends, errors or the signal fires. Resolves in every case (the reason is
 * returned), because a dropped stream is an expected event for watches and followed logs, never a crash.
 */
export function readLines(
  response: IncomingMessage,
  onLine: (line: string) => boolean | undefined,
  signal?: AbortSignal,
): Promise<{ ended: 'complete' | 'stopped' | 'error'; error?: Error; partial: string }> {
  return new Promise((resolve) => {
    let buffer = '';
    let settled = false;
    const finish = (ended: 'complete' | 'stopped' | 'error', error?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (ended !== 'complete') response.destroy();
      resolve({ ended, ...(error ? { error } : {}), partial: buffer });
    };
    const onAbort = () => finish('stopped');
    if (signal?.aborted) {
      finish('stopped');
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      if (settled) return;
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (onLine(line.endsWith('\r') ? line.slice(0, -1) : line) === true) {
          finish('stopped');
          return;
        }
        newline = buffer.indexOf('\n');
      }
    });
    response.on('end', () => finish('complete'));
    // 'aborted' comes before 'error' when the response is destroyed with a reason (the client's idle timeout).
    response.on('aborted', () => finish('error', response.errored ?? new Error('connection closed by the server')));
    response.on('error', (error) => finish('error', error));
    response.on('close', () =>
      finish(
        response.complete ? 'complete' : 'error',
        response.complete ? undefined : new Error('connection closed before the end'),
      ),
    );
  });
}
