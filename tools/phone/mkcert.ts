/**
 * The Wi-Fi path to a phone: a certificate the phone trusts. Chrome will not register a service
 * worker from a page whose certificate it does not trust, so a self-signed certificate gives a
 * camera but no offline mode and no real install. mkcert (the tool the field uses for this) makes
 * a local certificate authority once; its root goes on the phone, and every certificate it signs
 * for this machine's addresses is then trusted there.
 */
import { X509Certificate } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const INSTALL_MKCERT = [
  'mkcert is not installed. Install it, then run this again:',
  '  Debian/Ubuntu: sudo apt install mkcert',
  '  macOS: brew install mkcert',
  '  Windows: winget install FiloSottile.mkcert',
  'or set MKCERT=/path/to/mkcert. With a USB cable and an Android phone, `npm run phone:usb`',
  'needs no certificate at all.',
].join('\n');

export interface PhoneCert {
  cert: string;
  key: string;
  /** The local authority's root certificate (public; its key never leaves this machine). */
  rootFile: string;
  /** SHA-256 of the root, as phones show it, to check the one installed is this one. */
  rootFingerprint: string;
}

export function cacheFolder(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const xdg =
    env.XDG_CACHE_HOME === undefined || env.XDG_CACHE_HOME === '' ? undefined : env.XDG_CACHE_HOME;
  return join(xdg ?? join(home, '.cache'), 'roadgate', 'phone-cert');
}

async function caRoot(mkcert: string): Promise<string> {
  const { stdout } = await run(mkcert, ['-CAROOT']);
  return stdout.trim();
}

/**
 * A certificate for `hosts` signed by mkcert's authority (made on first use), kept in the cache
 * folder and made again when the host list or the authority changes.
 */
export async function phoneCert(
  mkcert: string,
  hosts: string[],
  folder: string,
): Promise<PhoneCert> {
  const rootFile = join(await caRoot(mkcert), 'rootCA.pem');
  const cert = join(folder, 'cert.pem');
  const key = join(folder, 'key.pem');
  const stamp = join(folder, 'hosts.json');
  const want = JSON.stringify({ hosts: [...hosts].sort(), root: rootFile });
  const fresh =
    existsSync(rootFile) &&
    existsSync(cert) &&
    existsSync(key) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === want &&
    signedBy(cert, rootFile);
  if (!fresh) {
    mkdirSync(folder, { recursive: true });
    // With no authority yet, mkcert makes one in its CAROOT before it signs.
    await run(mkcert, ['-cert-file', cert, '-key-file', key, ...hosts]);
    writeFileSync(stamp, JSON.stringify({ hosts: [...hosts].sort(), root: rootFile }));
  }
  return {
    cert: readFileSync(cert, 'utf8'),
    key: readFileSync(key, 'utf8'),
    rootFile,
    rootFingerprint: fingerprint(readFileSync(rootFile, 'utf8')),
  };
}

function signedBy(certFile: string, rootFile: string): boolean {
  try {
    const leaf = new X509Certificate(readFileSync(certFile));
    return leaf.verify(new X509Certificate(readFileSync(rootFile)).publicKey);
  } catch {
    return false;
  }
}

/** SHA-256 of a PEM certificate, `AB:CD:…`, as phones show it in the certificate's details. */
export const fingerprint = (pem: string): string => new X509Certificate(pem).fingerprint256;

/** `$MKCERT`, else `mkcert` found by the shell; null if none. */
export async function findMkcert(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const candidate = env.MKCERT ?? 'mkcert';
  try {
    await run(candidate, ['-help'], { env });
    return candidate;
  } catch (e) {
    // Found but unhappy with the flag is still found; only a missing program is not.
    return (e as { code?: unknown }).code === 'ENOENT' ? null : candidate;
  }
}
