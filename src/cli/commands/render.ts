import { parseConfig } from '../../core/config.js';
import { planScan, renderPlan } from '../../core/scan.js';
import { EXIT, parseFlags, type CliCommand } from '../io.js';
import { flagHelp, parseArgsOptions, rawInputsFromFlags, SCAN_FLAGS } from '../flags.js';

export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'print the scan pod and ConfigMaps as YAML, without a cluster',
  help: `Usage: kube-cinc-scan render --image IMAGE [flags]

Prints the objects a scan would create (ConfigMaps and the Pod) as multi-document YAML on stdout, so you can review
them or apply them by hand. Needs no cluster. Names use a fresh run id each time.

Flags:
${flagHelp(SCAN_FLAGS)}
  -h, --help                     show this help

Exit codes: 0 printed, 2 invalid input.`,

  async run(argv, io) {
    const { values } = parseFlags('render', argv, parseArgsOptions(SCAN_FLAGS));
    if (values['help']) {
      io.out(`${renderCommand.help}\n`);
      return EXIT.pass;
    }
    const config = parseConfig(rawInputsFromFlags(SCAN_FLAGS, values), { env: io.env, cwd: io.cwd, mode: 'cli' });
    const plan = await planScan(config.scan);
    io.out(renderPlan(plan));
    return EXIT.pass;
  },
};
