/**
 * The USB path to a phone: `adb reverse` makes the phone's `localhost:<port>` reach this
 * machine's port, and `http://localhost` is a secure context, so the camera, the service worker
 * and the install work with no certificate at all.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What to do when adb is missing: one line per platform. */
export const INSTALL_ADB = [
  'adb (Android platform tools) is not installed. Install it, then run this again:',
  '  Debian/Ubuntu: sudo apt install adb',
  '  macOS: brew install android-platform-tools',
  '  Windows: winget install Google.PlatformTools',
  'or set ADB=/path/to/adb. Without a cable, use `npm run serve:phone` (same Wi-Fi).',
].join('\n');

/** What to do when no phone is attached or it has not allowed this computer. */
export const CONNECT_PHONE = [
  'No phone is ready for adb. On the phone:',
  '  1. Settings > About phone: tap "Build number" seven times (developer options appear).',
  '  2. Settings > System > Developer options: turn on "USB debugging".',
  '  3. Connect the cable and accept "Allow USB debugging?" for this computer.',
  'Then run this again (`adb devices` should list the phone as "device").',
].join('\n');

/** `$ADB`, else `adb` on the PATH, else the Android SDK's platform-tools; null if none. */
export function findAdb(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ADB) return existsSync(env.ADB) ? env.ADB : null;
  const names = process.platform === 'win32' ? ['adb.exe'] : ['adb'];
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const sdk = env.ANDROID_HOME ?? env.ANDROID_SDK_ROOT;
  if (sdk) dirs.push(join(sdk, 'platform-tools'));
  for (const dir of dirs) {
    for (const name of names) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

export interface Device {
  serial: string;
  /** `device` when ready; `unauthorized` before the phone accepts this computer; `offline`. */
  state: string;
}

/** Parses `adb devices` output. */
export function parseDevices(stdout: string): Device[] {
  return stdout
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 2 && cols[0] !== '')
    .map(([serial, state]) => ({ serial: serial as string, state: state as string }));
}

export async function listDevices(adb: string): Promise<Device[]> {
  const { stdout } = await run(adb, ['devices']);
  return parseDevices(stdout);
}

/** Maps the phone's `localhost:port` to this machine's `port` on every ready phone. */
export async function reversePort(adb: string, devices: Device[], port: number): Promise<void> {
  for (const d of devices) {
    await run(adb, ['-s', d.serial, 'reverse', `tcp:${port}`, `tcp:${port}`]);
  }
}

/** Undoes `reversePort`; a phone unplugged meanwhile is not an error. */
export async function removeReverse(adb: string, devices: Device[], port: number): Promise<void> {
  await Promise.allSettled(
    devices.map((d) => run(adb, ['-s', d.serial, 'reverse', '--remove', `tcp:${port}`])),
  );
}

/** Opens `url` in the phone's default browser. */
export async function openOnPhone(adb: string, device: Device, url: string): Promise<void> {
  await run(adb, [
    '-s',
    device.serial,
    'shell',
    'am',
    'start',
    '-a',
    'android.intent.action.VIEW',
    '-d',
    url,
  ]);
}
