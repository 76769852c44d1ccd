// A self-signed certificate made at start with the `openssl` CLI, naming every host the fake plays
// (DESIGN.md "Build, run, test"). Chromium reaches the fake through --host-resolver-rules and
// accepts the certificate with --ignore-certificate-errors.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const CERT_HOSTS = [
  'DNS:dev.azure.com', 'DNS:*.dev.azure.com', 'DNS:vssps.dev.azure.com',
  'DNS:*.visualstudio.com', 'DNS:*.vssps.visualstudio.com', 'DNS:localhost', 'IP:127.0.0.1',
];

/** Returns `{ key, cert, dispose() }`; the PEM files live in a temp dir until `dispose()`. */
export async function makeCertificate() {
  const dir = await mkdtemp(join(tmpdir(), 'fake-azure-devops-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '30',
      '-subj', '/CN=dev.azure.com/O=PAT Pilot fake Azure DevOps',
      '-addext', `subjectAltName=${CERT_HOSTS.join(',')}`,
      '-addext', 'extendedKeyUsage=serverAuth',
    ]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`openssl could not make the fake's certificate (is openssl installed?): ${err.message}`);
  }
  const [key, cert] = await Promise.all([readFile(keyFile), readFile(certFile)]);
  return { key, cert, dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}
