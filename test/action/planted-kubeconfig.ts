import { generateKeyPairSync, randomBytes } from 'node:crypto';

/**
 * A kubeconfig with planted credentials (a bearer token for the current context; a client key and a password for
 * other users), to prove that none of them reaches a log, an output, a summary or an artifact.
 */
export function plantedKubeconfig(
  server: string,
  namespace = 'default',
  bearer?: string,
): {
  text: string;
  token: string;
  password: string;
  clientKeyData: string;
  keyPemLines: string[];
  /** Every planted credential, as it appears in the kubeconfig. */
  secrets: string[];
} {
  const token = bearer ?? `planted-token-${randomBytes(12).toString('hex')}`;
  const password = `planted-password-${randomBytes(8).toString('hex')}`;
  const keyPem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const clientKeyData = Buffer.from(keyPem).toString('base64');
  const keyPemLines = keyPem.split('\n').filter((line) => line.length >= 8 && !line.startsWith('-----'));
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: fake',
    '  cluster:',
    `    server: ${server}`,
    ...(server.startsWith('http:') ? ['    insecure-skip-tls-verify: true'] : []),
    'users:',
    '- name: ci',
    '  user:',
    `    token: ${token}`,
    '- name: with-key',
    '  user:',
    `    client-key-data: ${clientKeyData}`,
    '- name: with-password',
    '  user:',
    '    username: admin',
    `    password: ${password}`,
    'contexts:',
    '- name: fake',
    '  context:',
    '    cluster: fake',
    '    user: ci',
    `    namespace: ${namespace}`,
    'current-context: fake',
    '',
  ].join('\n');
  return { text, token, password, clientKeyData, keyPemLines, secrets: [token, password, clientKeyData] };
}
