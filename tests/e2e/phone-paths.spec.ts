/**
 * The README's phone paths, as a phone meets them. USB: `npm run phone:usb` with a stand-in adb
 * (no phone here); the page it maps is http://localhost, a secure context where the service
 * worker registers. Wi-Fi: `npm run serve:phone` with mkcert's local authority, in a browser whose
 * trust store holds the authority's root (as the phone's will), and one whose does not.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, expect, test, type BrowserContext } from '@playwright/test';
import { chromiumLaunch, fakeCamera } from '../../tools/harness/chromium.ts';
import { firstVisit, syntheticClip } from './launch.ts';

const exec = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Runs a CLI in one process (signals reach it); resolves once `ready` appears in its output. */
function startCli(
  file: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ cli: ChildProcess; out: () => string }> {
  const cli = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) resolve({ cli, out: () => out });
    };
    cli.stdout?.on('data', seen);
    cli.stderr?.on('data', seen);
    cli.once('exit', (code) => reject(new Error(`${file} exited (${code}) before ready:\n${out}`)));
  });
}

const exited = (cli: ChildProcess) => new Promise((resolve) => cli.once('exit', resolve));

/** An adb stand-in: logs its arguments, lists one phone in `state`. */
function fakeAdb(dir: string, state: string): { path: string; log: string } {
  const log = join(dir, 'adb.log');
  const path = join(dir, 'adb');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      `echo "$@" >> '${log}'`,
      `if [ "$1" = devices ]; then printf 'List of devices attached\\nPHONE01\\t${state}\\n\\n'; fi`,
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  writeFileSync(log, '');
  return { path, log };
}

let context: BrowserContext | null = null;
let cli: ChildProcess | null = null;
test.afterEach(async () => {
  await context?.close();
  context = null;
  cli?.kill('SIGKILL');
  cli = null;
});

test("USB: phone:usb maps the phone's localhost, opens it there, and the app installs its service worker on http://localhost", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'roadgate-adb-'));
  const adb = fakeAdb(dir, 'device');
  const port = await freePort();
  const started = await startCli(
    'tools/cli/phone-usb.ts',
    { ADB: adb.path, PORT: String(port) },
    /open http:\/\/localhost/,
  );
  cli = started.cli;
  const log = () => readFileSync(adb.log, 'utf8');
  expect(log()).toContain(`-s PHONE01 reverse tcp:${port} tcp:${port}`);
  expect(log()).toContain(`-d http://localhost:${port}/`);

  context = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), 'roadgate-profile-')),
    {
      ...chromiumLaunch(fakeCamera(syntheticClip())),
      baseURL: `http://localhost:${port}`,
    },
  );
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/');
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
  await expect(page.getByTestId('sw-prompt')).toHaveAttribute('data-state', 'offline-ready', {
    timeout: 60_000,
  });

  cli.kill('SIGINT');
  await exited(cli);
  expect(log()).toContain(`-s PHONE01 reverse --remove tcp:${port}`);
});

test('USB: without adb, or with a phone that has not allowed this computer, it says what to do', async () => {
  const missing = await exec(process.execPath, ['--import', 'tsx', 'tools/cli/phone-usb.ts'], {
    env: { ...process.env, ADB: '/nonexistent/adb' },
  }).catch((e: { code: number; stderr: string }) => e);
  expect('code' in missing && missing.code).toBe(1);
  expect(missing.stderr).toContain('apt install adb');

  const dir = mkdtempSync(join(tmpdir(), 'roadgate-adb-'));
  const adb = fakeAdb(dir, 'unauthorized');
  const locked = await exec(process.execPath, ['--import', 'tsx', 'tools/cli/phone-usb.ts'], {
    env: { ...process.env, ADB: adb.path },
  }).catch((e: { code: number; stderr: string }) => e);
  expect('code' in locked && locked.code).toBe(1);
  expect(locked.stderr).toContain('USB debugging');
  expect(readFileSync(adb.log, 'utf8')).not.toContain('reverse');
});

/** The program runs at all (its help may exit non-zero: only a missing program counts). */
function installed(program: string, helpFlag: string): boolean {
  try {
    execFileSync(program, [helpFlag], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as { code?: string }).code !== 'ENOENT';
  }
}
const HAS_MKCERT = installed('mkcert', '-help') && installed('certutil', '-H');

test('Wi-Fi: serve:phone signs with a local authority; a browser that trusts its root gets the service worker, one that does not is refused', async () => {
  test.skip(
    !HAS_MKCERT,
    'mkcert and certutil are not installed (apt install mkcert libnss3-tools)',
  );
  const dir = mkdtempSync(join(tmpdir(), 'roadgate-wifi-'));
  const [port, caPort] = [await freePort(), await freePort()];
  const started = await startCli(
    'tools/cli/serve-phone.ts',
    {
      CAROOT: join(dir, 'ca'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      PORT: String(port),
      CA_PORT: String(caPort),
    },
    /2\. Open the app/,
  );
  cli = started.cli;

  // The phone's first step: the root certificate, downloadable over plain HTTP.
  const root = await fetch(`http://127.0.0.1:${caPort}/roadgate-local-ca.crt`);
  expect(root.headers.get('content-type')).toBe('application/x-x509-ca-cert');
  const rootPem = await root.text();
  expect(rootPem).toBe(readFileSync(join(dir, 'ca', 'rootCA.pem'), 'utf8'));

  // A trust store like the phone's after that step, and an empty one.
  const trusting = join(dir, 'home-trusting');
  const nss = join(trusting, '.pki', 'nssdb');
  mkdirSync(nss, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${nss}`, '-N', '--empty-password']);
  execFileSync('certutil', [
    '-d',
    `sql:${nss}`,
    '-A',
    '-t',
    'C,,',
    '-n',
    'roadgate',
    '-i',
    join(dir, 'ca', 'rootCA.pem'),
  ]);
  const bare = join(dir, 'home-bare');
  mkdirSync(bare);

  const open = (home: string) =>
    chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'roadgate-profile-')), {
      ...chromiumLaunch(fakeCamera(syntheticClip())),
      env: { ...process.env, HOME: home },
      baseURL: `https://127.0.0.1:${port}`,
    });

  context = await open(bare);
  const refused = await (context.pages()[0] ?? (await context.newPage()))
    .goto('/')
    .catch((e: Error) => e);
  expect(String(refused)).toContain('ERR_CERT_AUTHORITY_INVALID');
  await context.close();

  context = await open(trusting);
  // Installed, reloaded, and in control: what the phone gets once it trusts the authority.
  await firstVisit(context.pages()[0] ?? (await context.newPage()));
});
