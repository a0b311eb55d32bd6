import { parseDuration, type KubeconfigSource } from '../../core/config.js';
import { connect } from '../../core/kube/connection.js';
import { cleanupLeftovers } from '../../core/kube/janitor.js';
import { EXIT, parseFlags, type CliCommand } from '../io.js';
import { CliLogger } from '../logger.js';

const FLAGS = {
  namespace: { type: 'string', short: 'n' },
  'older-than': { type: 'string', default: '1h' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  verbose: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const cleanupCommand: CliCommand = {
  name: 'cleanup',
  summary: 'delete leftovers of scans that died (pods and ConfigMaps)',
  help: `Usage: kube-cinc-scan cleanup [--namespace NS] [--older-than 1h] [flags]

Deletes what scans whose runner died left behind: scan pods older than --older-than, and ConfigMaps (and registry
Secrets) of scans whose pod is gone. Only objects labelled app.kubernetes.io/managed-by=kube-cinc-scan are considered.

Flags:
  -n, --namespace NS        namespace to clean (default: the kubeconfig context's namespace, else default)
      --older-than DURATION only objects at least this old: 90s, 30m, 2h, 1d (default: 1h)
      --kubeconfig FILE     kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster)
      --context NAME        kubeconfig context (default: its current context)
      --dry-run             list what would be deleted, delete nothing
  -v, --verbose             debug output on stderr
  -h, --help                show this help

Exit codes: 0 done, 2 invalid flags, 3 cluster error.`,

  async run(argv, io) {
    const { values } = parseFlags('cleanup', argv, FLAGS);
    if (values.help) {
      io.out(`${cleanupCommand.help}\n`);
      return EXIT.pass;
    }
    const olderThanSeconds = parseDuration('--older-than', values['older-than'], { unitRequired: true });
    const logger = new CliLogger(io, values.verbose);
    const source: KubeconfigSource = values.kubeconfig
      ? { kind: 'file', path: values.kubeconfig }
      : { kind: 'default' };
    const connection = await connect(source, values.context, logger, {}, io.env);
    try {
      // kubectl's order: the flag, else the context's namespace, else default.
      const namespace = values.namespace ?? connection.namespaceDefault ?? 'default';
      const dryRun = values['dry-run'];
      const found = await cleanupLeftovers({ namespace, olderThanSeconds, dryRun }, connection, logger);
      const verb = dryRun ? 'would delete' : 'deleted';
      for (const pod of found.pods) io.out(`${verb} pod ${namespace}/${pod}\n`);
      for (const configMap of found.configMaps) io.out(`${verb} configmap ${namespace}/${configMap}\n`);
      for (const secret of found.secrets) io.out(`${verb} secret ${namespace}/${secret}\n`);
      if (found.pods.length + found.configMaps.length + found.secrets.length === 0)
        io.out(`nothing to clean in namespace ${namespace}\n`);
      return EXIT.pass;
    } finally {
      connection.close();
    }
  },
};
