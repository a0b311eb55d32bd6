import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, InputError, KcsError } from '../core/errors.js';
import { packageRoot } from '../core/paths.js';
import { EXIT, type CliCommand, type CliIo } from './io.js';
import { CliLogger } from './logger.js';

/**
 * Commands are imported lazily, each from its own module, so that `evaluate` never loads the Kubernetes client
 * (it is most of the bundle's size and start-up time).
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  scan: {
    summary: 'scan an image in the cluster, evaluate, write result files',
    load: async () => (await import('./commands/scan.js')).scanCommand,
  },
  evaluate: {
    summary: 'evaluate a results file against a threshold, offline',
    load: async () => (await import('./commands/evaluate.js')).evaluateCommand,
  },
  render: {
    summary: 'print the scan pod and ConfigMaps as YAML, without a cluster',
    load: async () => (await import('./commands/render.js')).renderCommand,
  },
  cleanup: {
    summary: 'delete leftovers of scans that died (pods and ConfigMaps)',
    load: async () => (await import('./commands/cleanup.js')).cleanupCommand,
  },
};

export const USAGE = `Usage: kube-cinc-scan <command> [flags]

Scans a container image for compliance with CINC Auditor inside Kubernetes (sidecar approach) and gates on a
MITRE SAF threshold.

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
  .join('\n')}

Run 'kube-cinc-scan <command> --help' for a command's flags.
Exit codes: 0 pass, 1 threshold failed, 2 usage or invalid input, 3 scan or cluster error.`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(`${USAGE}\n`);
    return name === undefined ? EXIT.usage : EXIT.pass;
  }
  if (name === '--version') {
    const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
    io.out(`kube-cinc-scan ${version}\n`);
    return EXIT.pass;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.err(`kube-cinc-scan: unknown command ${JSON.stringify(name)}; commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return EXIT.usage;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (error) {
    // An error can quote the report or the scanned image (a profile's status message, a log tail).
    new CliLogger(io).untrusted(`kube-cinc-scan ${name}: ${describeError(error)}`);
    if (error instanceof InputError) return EXIT.usage;
    if (error instanceof KcsError) return error.category === 'input' ? EXIT.usage : EXIT.error;
    return EXIT.error;
  }
}
