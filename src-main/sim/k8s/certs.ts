/**
 * A cluster's certificate authority and its API server's serving certificate, made when the
 * cluster's API server first starts: a self-signed "kubernetes" CA (as EKS's, reported in
 * DescribeCluster's certificateAuthority.data) and a leaf for the loopback addresses the sim
 * serves on. RSA keys come from node:crypto (off the event loop); node-forge writes the X.509.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface ClusterCertificates {
  /** PEM of the CA certificate. */
  caPem: string;
  /** The serving certificate and its key, PEM. */
  certPem: string;
  keyPem: string;
}

interface KeyPair {
  privatePem: string;
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
}

async function rsaKeyPair(): Promise<KeyPair> {
  const { publicKey, privateKey } = await new Promise<{ publicKey: string; privateKey: string }>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }, (err, pub, priv) =>
      err ? reject(err) : resolve({ publicKey: pub, privateKey: priv }),
    ),
  );
  return { privatePem: privateKey, privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey, publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey };
}

/**
 * A certificate's serial as hex: 16 random bytes, the first in 0x01-0x7f, so the DER integer is
 * positive and minimal. (A serial starting with a zero byte followed by one below 0x80 is
 * "illegal padding" to OpenSSL: node's TLS refused such a certificate, and the cluster's API
 * server failed to start, for about one cluster in 128.)
 */
export function certificateSerial(bytes: Uint8Array = randomBytes(16)): string {
  const first = (bytes[0] & 0x7f) || 0x01;
  return Buffer.from([first, ...bytes.subarray(1)]).toString('hex');
}

/** `now` is the sim's time: certificates are valid from an hour before it for ten years (the CA) or one (the leaf). */
export async function makeClusterCertificates(hosts: { ips: string[]; dns: string[] }, now: number): Promise<ClusterCertificates> {
  const [ca, leaf] = await Promise.all([rsaKeyPair(), rsaKeyPair()]);
  const notBefore = new Date(now - 60 * 60_000);

  const caCert = forge.pki.createCertificate();
  caCert.publicKey = ca.publicKey;
  caCert.serialNumber = certificateSerial();
  caCert.validity.notBefore = notBefore;
  caCert.validity.notAfter = new Date(now + 10 * 365 * 24 * 60 * 60_000);
  caCert.setSubject([{ name: 'commonName', value: 'kubernetes' }]);
  caCert.setIssuer([{ name: 'commonName', value: 'kubernetes' }]);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const cert = forge.pki.createCertificate();
  cert.publicKey = leaf.publicKey;
  cert.serialNumber = certificateSerial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = new Date(now + 365 * 24 * 60 * 60_000);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...hosts.dns.map((value) => ({ type: 2, value })), ...hosts.ips.map((ip) => ({ type: 7, ip }))],
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());

  return { caPem: forge.pki.certificateToPem(caCert), certPem: forge.pki.certificateToPem(cert), keyPem: leaf.privatePem };
}
