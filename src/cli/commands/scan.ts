import { parseConfig } from '../../core/config.js';
import { runPipeline } from '../../core/pipeline.js';
import type { ParseArgsOptionsConfig } from 'node:util';
import type { KcsError } from '../../core/errors.js';
import { EXIT, parseFlags, type CliCommand, type CliIo } from '../io.js';
import { flagHelp, parseArgsOptions, rawInputsFromFlags, RESULT_FLAGS, SCAN_FLAGS } from '../flags.js';
import { CliLogger } from '../logger.js';
import { textReport } from './evaluate.js';

const FLAGS = [...SCAN_FLAGS, ...RESULT_FLAGS];
const OPTIONS: ParseArgsOptionsConfig = { ...parseArgsOptions(FLAGS), verbose: { type: 'boolean', short: 'v' } };

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'scan an image in the cluster, evaluate the threshold, write the result files',
  help: `Usage: kube-cinc-scan scan --image IMAGE [flags]

Deploys the scan pod (the image under test plus a CINC Auditor sidecar) into the cluster of the current kubeconfig,
streams the scan to stderr, brings the JSON report back, evaluates it against the threshold and writes
scan-results.json, scan-summary.md, threshold-result.txt, summary.json, scanner.log and pod.yaml to the output
directory (on a scan error, whatever was obtained). Everything it
created in the cluster is deleted at the end, also on Ctrl-C.

Flags:
${flagHelp(FLAGS)}
  -v, --verbose                  debug output
  -h, --help                     show this help

Exit codes: 0 pass, 1 threshold failed, 2 invalid input, 3 scan or cluster error.`,

  async run(argv, io) {
    const { values } = parseFlags('scan', argv, OPTIONS);
    if (values['help']) {
      io.out(`${scanCommand.help}\n`);
      return EXIT.pass;
    }
    const config = parseConfig(rawInputsFromFlags(FLAGS, values), { env: io.env, cwd: io.cwd, mode: 'cli' });
    const logger = new CliLogger(io, values['verbose'] === true);
    try {
      const outcome = await runPipeline(config, { logger, signal: io.signal });
      logger.closeFence();
      io.err(`result: ${outcome.result}; files in ${config.results.outputDir}\n`);
      if (outcome.result === 'error') {
        if (outcome.error) reportScanError(outcome.error, logger, io);
        return outcome.error?.category === 'input' ? EXIT.usage : EXIT.error;
      }
      if (outcome.evaluation) logger.untrustedOut(textReport(outcome.evaluation, outcome.meta.threshold));
      if (outcome.result === 'fail') return config.results.failOnThreshold ? EXIT.thresholdFailed : EXIT.pass;
      return EXIT.pass;
    } finally {
      logger.closeFence();
    }
  },
};

/**
 * A scan error's message can end with the scanner's log tail, which is text from the scanned image: it goes out
 * through the logger's fence, and the hint on a line of its own after it.
 */
function reportScanError(error: KcsError, logger: CliLogger, io: CliIo): void {
  logger.untrusted(`error: ${error.code}: ${error.message}`);
  if (error.hint) io.err(`hint: ${error.hint}\n`);
}
