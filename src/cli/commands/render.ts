import { parseConfig, type RawInputs } from '../../core/config.js';
import { planScan, renderPlan } from '../../core/scan.js';
import { EXIT, parseFlags, type CliCommand } from '../io.js';
import { flagHelp, parseArgsOptions, rawInputsFromFlags, SCAN_FLAGS } from '../flags.js';
import { refusePasswordFlag } from '../registry-password.js';
import { profileTokenInput, refuseProfileTokenFlag } from '../profile-token.js';
import { REDACTED } from '../../core/kube/registry-secret.js';

export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'print the scan pod and ConfigMaps as YAML, without a cluster',
  help: `Usage: kube-cinc-scan render --image IMAGE [flags]

Prints the objects a scan would create (ConfigMaps and the Pod) as multi-document YAML on stdout, so you can review
them or apply them by hand. Needs no cluster. Names use a fresh run id each time. With --registry-username the
registry pull Secret is printed too, with REDACTED in place of the password (render never reads it).

Flags:
${flagHelp(SCAN_FLAGS)}
  -h, --help                     show this help

Exit codes: 0 printed, 2 invalid input.`,

  async run(argv, io) {
    refusePasswordFlag('render', argv);
    refuseProfileTokenFlag('render', argv);
    const { values } = parseFlags('render', argv, parseArgsOptions(SCAN_FLAGS));
    if (values['help']) {
      io.out(`${renderCommand.help}\n`);
      return EXIT.pass;
    }
    // The profile token too: a profile URL is fetched to render its ConfigMap (the token is never in it).
    const raw: RawInputs = { ...rawInputsFromFlags(SCAN_FLAGS, values), ...profileTokenInput(io) };
    // The printed Secret is redacted anyway: a placeholder stands in for the password, which is never read here.
    const placeholder = values['registry-username'] ? { 'registry-password': REDACTED } : {};
    const config = parseConfig({ ...raw, ...placeholder }, { env: io.env, cwd: io.cwd, mode: 'cli' });
    const plan = await planScan(config.scan, { prepare: { env: io.env, signal: io.signal } });
    io.out(renderPlan(plan));
    return EXIT.pass;
  },
};
