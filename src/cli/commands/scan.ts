import { parseConfig } from '../../core/config.js';
import { runPipeline } from '../../core/pipeline.js';
import type { ParseArgsOptionsConfig } from 'node:util';
import { EXIT, parseFlags, type CliCommand } from '../io.js';
import { flagHelp, parseArgsOptions, rawInputsFromFlags, RESULT_FLAGS, SCAN_FLAGS } from '../flags.js';
import { CliLogger } from '../logger.js';

const FLAGS = [...SCAN_FLAGS, ...RESULT_FLAGS];
const OPTIONS: ParseArgsOptionsConfig = { ...parseArgsOptions(FLAGS), verbose: { type: 'boolean' } };

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'scan an image in the cluster, evaluate the threshold, write the result files',
  help: `Usage: kube-cinc-scan scan --image IMAGE [flags]

Deploys the scan pod (the image under test plus a CINC Auditor sidecar) into the cluster of the current kubeconfig,
streams the scan to stderr, brings the JSON report back, evaluates it against the threshold and writes
scan-results.json, scan-summary.md, threshold-result.txt and summary.json to the output directory. Everything it
created in the cluster is deleted at the end, also on Ctrl-C.

Flags:
${flagHelp(FLAGS)}
  --verbose                      debug output
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
        if (outcome.error) io.err(`error: ${outcome.error.oneLine()}\n`);
        return outcome.error?.category === 'input' ? EXIT.usage : EXIT.error;
      }
      if (outcome.result === 'fail') return config.results.failOnThreshold ? EXIT.thresholdFailed : EXIT.pass;
      return EXIT.pass;
    } finally {
      logger.closeFence();
    }
  },
};
