import { X509Certificate, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/**
 * A self-signed certificate for 127.0.0.1 and localhost, built with node:crypto alone (no openssl on the machine
 * needed): an ECDSA P-256 key, and an X.509 v3 certificate written out in DER by hand. Go clients (kubectl) require
 * the subjectAltName; basicConstraints CA:TRUE lets the certificate be its own trust anchor in a kubeconfig.
 */

// DER: tag, length, value.
function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const length = body.length;
  let header: Buffer;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else if (length < 0x100) header = Buffer.from([tag, 0x81, length]);
  else header = Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
  return Buffer.concat([header, body]);
}
const sequence = (...parts: Buffer[]) => der(0x30, ...parts);
const set = (...parts: Buffer[]) => der(0x31, ...parts);
const utf8 = (text: string) => der(0x0c, Buffer.from(text, 'utf8'));
const time = (date: Date) =>
  der(0x17, Buffer.from(`${date.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`, 'ascii'));
const bool = (value: boolean) => der(0x01, Buffer.from([value ? 0xff : 0]));
const octets = (value: Buffer) => der(0x04, value);
const bits = (value: Buffer) => der(0x03, Buffer.from([0]), value);

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function integer(value: Buffer): Buffer {
  const trimmed = value[0] !== undefined && value[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value;
  return der(0x02, trimmed);
}

const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

let cached: { key: string; cert: string } | undefined;

export function selfSignedCertificate(): { key: string; cert: string } {
  if (cached) return cached;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8('fake-kube'))));
  const now = Date.now();
  const subjectAltName = sequence(der(0x87, Buffer.from([127, 0, 0, 1])), der(0x82, Buffer.from('localhost', 'ascii')));
  const extensions = der(
    0xa3,
    sequence(
      extension('2.5.29.19', true, sequence(bool(true))),
      // digitalSignature and keyCertSign
      extension('2.5.29.15', true, der(0x03, Buffer.from([0x02, 0x84]))),
      extension('2.5.29.17', false, subjectAltName),
    ),
  );
  const serial = randomBytes(16);
  // Positive, and never a leading zero byte: DER wants an INTEGER's minimal encoding, and OpenSSL refuses a padded
  // one ("illegal padding"), which a random serial starting with 0x00 would be once in 128 runs.
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  const tbs = sequence(
    der(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    ECDSA_SHA256,
    name,
    sequence(time(new Date(now - 3600_000)), time(new Date(now + 2 * 86400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, ECDSA_SHA256, bits(signature));
  const pem = `-----BEGIN CERTIFICATE-----\n${
    certificate
      .toString('base64')
      .match(/.{1,64}/g)
      ?.join('\n') ?? ''
  }\n-----END CERTIFICATE-----\n`;
  // Parsing it back catches an encoding mistake here rather than as a TLS failure in some test.
  const parsed = new X509Certificate(pem);
  if (!parsed.checkIP('127.0.0.1') || !parsed.verify(publicKey))
    throw new Error('fake-kube: the generated certificate does not verify');
  cached = { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: pem };
  return cached;
}
