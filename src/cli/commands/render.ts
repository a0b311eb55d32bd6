import { parseConfig, type RawInputs } from '../../core/config.js';
import { InputError } from '../../core/errors.js';
import { scannerDir } from '../../core/paths.js';
import { prepareProfile } from '../../core/profile/prepare.js';
import { planScan, renderPlan, scannerFilesFrom } from '../../core/scan.js';
import { EXIT, parseFlags, type CliCommand } from '../io.js';
import { flagHelp, IMAGE_LIST_FLAGS, parseArgsOptions, rawInputsFromFlags, SCAN_COMMAND_FLAGS } from '../flags.js';

const FLAGS = [...SCAN_COMMAND_FLAGS, ...IMAGE_LIST_FLAGS];
import { refusePasswordFlag } from '../registry-password.js';
import { profileTokenInput, refuseProfileTokenFlag } from '../profile-token.js';
import { REDACTED } from '../../core/kube/registry-secret.js';

export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'print the scan pod and ConfigMaps as YAML, without a cluster',
  help: `Usage: kube-cinc-scan render --image IMAGE [--image IMAGE ...] [flags]

Prints the objects a scan would create (ConfigMaps and the Pod) as multi-document YAML on stdout, so you can review
them or apply them by hand. Needs no cluster. Names use a fresh run id each time. With several images (--image more
than once, --images-file) it prints the objects of each image's scan in turn, each after a comment naming the image;
--images-from-namespace needs a cluster to list the images, so render refuses it. With --registry-username the
registry pull Secret is printed too, with REDACTED in place of the password (render never reads it).

Flags:
${flagHelp(FLAGS)}
  -h, --help                     show this help

Exit codes: 0 printed, 2 invalid input.`,

  async run(argv, io) {
    refusePasswordFlag('render', argv);
    refuseProfileTokenFlag('render', argv);
    const { values } = parseFlags('render', argv, parseArgsOptions(FLAGS));
    if (values['help']) {
      io.out(`${renderCommand.help}\n`);
      return EXIT.pass;
    }
    // The profile token too: a profile URL is fetched to render its ConfigMap (the token is never in it).
    const raw: RawInputs = { ...rawInputsFromFlags(FLAGS, values), ...profileTokenInput(io) };
    // The printed Secret is redacted anyway: a placeholder stands in for the password, which is never read here.
    const placeholder = values['registry-username'] ? { 'registry-password': REDACTED } : {};
    const config = parseConfig({ ...raw, ...placeholder }, { env: io.env, cwd: io.cwd, mode: 'cli' });
    if (config.targets.fromNamespaces.length > 0) {
      throw new InputError(
        'KCS-CLI-003',
        `render: --images-from-namespace ${config.targets.fromNamespaces.join(', ')} is not allowed: listing a namespace's images needs a cluster, and render never contacts one`,
        {
          hint: 'Name the images with --image (repeatable) or --images-file; `kubectl get pods -o jsonpath` lists them.',
        },
      );
    }
    // The profile (maybe a download) and the scanner files are read once, as a scan of several images does.
    const profile = await prepareProfile(config.scan, { env: io.env, signal: io.signal });
    const scannerFiles = scannerFilesFrom(scannerDir());
    const several = config.targets.images.length > 1;
    for (const image of config.targets.images) {
      const plan = await planScan({ ...config.scan, image }, { profile, scannerFiles });
      if (several) io.out(`# kube-cinc-scan: the objects of the scan of ${image}\n`);
      io.out(renderPlan(plan));
    }
    return EXIT.pass;
  },
};
