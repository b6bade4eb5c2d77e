/**
 * `npm run phone:usb`: the built app on an Android phone over a USB cable. `adb reverse` maps the
 * phone's `localhost:4173` to this machine, and `http://localhost` is a secure context: the
 * camera, the service worker (offline mode, updates) and the install work with no certificate.
 */
import { preview } from 'vite';
import {
  CONNECT_PHONE,
  findAdb,
  INSTALL_ADB,
  listDevices,
  openOnPhone,
  removeReverse,
  reversePort,
} from '../phone/adb.ts';

const PORT = Number(process.env.PORT ?? 4173);

const adb = findAdb();
if (adb === null) {
  console.error(INSTALL_ADB);
  process.exit(1);
}
const ready = (await listDevices(adb)).filter((d) => d.state === 'device');
if (ready.length === 0) {
  console.error(CONNECT_PHONE);
  process.exit(1);
}

const server = await preview({ preview: { host: '127.0.0.1', port: PORT, strictPort: true } });
await reversePort(adb, ready, PORT);
const url = `http://localhost:${PORT}/`;
for (const d of ready) await openOnPhone(adb, d, url).catch(() => undefined);
console.log(`On the phone (${ready.map((d) => d.serial).join(', ')}), open ${url}`);
console.log('It opened in the default browser; use Chrome for the install. Ctrl+C stops.');

const stop = async () => {
  await removeReverse(adb, ready, PORT);
  await server.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
