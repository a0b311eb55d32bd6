import { parseConfig } from '../../core/config.js';
import { runPipeline } from '../../core/pipeline.js';
import type { ParseArgsOptionsConfig } from 'node:util';
import type { KcsError } from '../../core/errors.js';
import { EXIT, parseFlags, type CliCommand, type CliIo } from '../io.js';
import {
  flagHelp,
  IMAGES_FLAGS,
  parseArgsOptions,
  rawInputsFromFlags,
  RESULT_FLAGS,
  SCAN_COMMAND_FLAGS,
} from '../flags.js';
import { CliLogger } from '../logger.js';
import { REGISTRY_PASSWORD_ENV, refusePasswordFlag, registryPasswordInput } from '../registry-password.js';
import { PROFILE_TOKEN_ENV, profileTokenInput, refuseProfileTokenFlag } from '../profile-token.js';
import { textReport } from './evaluate.js';
import { scanImages } from './scan-images.js';

const FLAGS = [...SCAN_COMMAND_FLAGS, ...IMAGES_FLAGS, ...RESULT_FLAGS];
const OPTIONS: ParseArgsOptionsConfig = { ...parseArgsOptions(FLAGS), verbose: { type: 'boolean', short: 'v' } };

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'scan an image in the cluster, evaluate the threshold, write the result files',
  help: `Usage: kube-cinc-scan scan --image IMAGE [flags]

Deploys the scan pod (the image under test plus a CINC Auditor sidecar) into the cluster of the current kubeconfig,
streams the scan to stderr, brings the JSON report back, evaluates it against the threshold and writes
scan-results.json, scan-summary.md, threshold-result.txt, summary.json, scan-results.sarif (code scanning),
scan-results.junit.xml (CI test reports), scanner.log and pod.yaml to the output directory (on a scan error,
whatever was obtained). Everything it
created in the cluster is deleted at the end, also on Ctrl-C.

A private registry: --registry-username USER with the password on stdin (--registry-password-stdin) or in
${REGISTRY_PASSWORD_ENV}; never as a flag. The scan puts them in a pull Secret of its own (this needs
deploy/rbac-registry-secret.yaml) and deletes it with the pod.

The namespace is chosen as kubectl chooses it: --namespace, else the namespace of the kubeconfig's context (--context,
else its current context), else default. A profile URL (an archive or a git repository) and the profile's remote
dependencies are fetched here, on this machine, and shipped to the pod in a ConfigMap; a private one takes its token
from ${PROFILE_TOKEN_ENV} (never a flag). HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply as for kubectl.

Flags:
${flagHelp(FLAGS)}
  -v, --verbose                  debug output
  -h, --help                     show this help

Several images: --image more than once, --images-file FILE (one per line, # comments) or --images-from-namespace NS
(each distinct image its pods run, by digest; needs list on pods there: deploy/rbac-images-from-namespace.yaml). Each
image is scanned in its own pod, at most --max-parallel at once (default 4), and gets a folder of these files in the
output directory; summary.json, scan-summary.md, threshold-result.txt, scan-results.sarif and scan-results.junit.xml
at the top answer for the run (error if any image errored, else fail if any failed, else pass). Each image's log is
printed as one block when its scan has finished.

Exit codes: 0 pass, 1 threshold failed, 2 invalid input, 3 scan or cluster error.`,

  async run(argv, io) {
    refusePasswordFlag('scan', argv);
    refuseProfileTokenFlag('scan', argv);
    const { values } = parseFlags('scan', argv, OPTIONS);
    if (values['help']) {
      io.out(`${scanCommand.help}\n`);
      return EXIT.pass;
    }
    const password = await registryPasswordInput(values['registry-password-stdin'] === true, io);
    const raw = { ...rawInputsFromFlags(FLAGS, values), ...password, ...profileTokenInput(io) };
    const config = parseConfig(raw, { env: io.env, cwd: io.cwd, mode: 'cli' });
    const logger = new CliLogger(io, values['verbose'] === true);
    for (const warning of config.warnings) logger.warn(warning);
    if (config.targets.multi) {
      try {
        return await scanImages(config, logger, io);
      } finally {
        logger.closeFence();
      }
    }
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
