/**
 * `npm run serve:phone`: the built app over HTTPS on the local network, with a certificate the
 * phone trusts (mkcert's local authority, tools/phone/mkcert.ts), so the service worker
 * registers: offline mode, updates and a real install. First run on a phone: open the plain-HTTP
 * page this prints, install the authority's root certificate, then open the app's HTTPS address.
 */
import { readFileSync } from 'node:fs';
import qrcode from 'qrcode-terminal';
import { preview } from 'vite';
import { caServer, CA_PATH } from '../phone/caServer.ts';
import { lanAddresses } from '../phone/lan.ts';
import { cacheFolder, findMkcert, INSTALL_MKCERT, phoneCert } from '../phone/mkcert.ts';

const PORT = Number(process.env.PORT ?? 4443);
const CA_PORT = Number(process.env.CA_PORT ?? 4080);

const mkcert = await findMkcert();
if (mkcert === null) {
  console.error(INSTALL_MKCERT);
  process.exit(1);
}
const ips = lanAddresses();
const cert = await phoneCert(mkcert, [...ips, 'localhost', '127.0.0.1'], cacheFolder());
const server = await preview({
  preview: {
    host: '0.0.0.0',
    port: PORT,
    strictPort: true,
    https: { cert: cert.cert, key: cert.key },
  },
});

const host = ips[0] ?? '127.0.0.1';
const appUrl = `https://${host}:${PORT}/`;
const ca = caServer(readFileSync(cert.rootFile, 'utf8'), cert.rootFingerprint, appUrl);
await new Promise<void>((resolve, reject) => {
  ca.once('error', reject);
  ca.listen(CA_PORT, '0.0.0.0', resolve);
});

if (ips.length === 0) console.log('No Wi-Fi address found: is this machine on a network?');
console.log(`1. Once per phone, trust this computer: open http://${host}:${CA_PORT}/ on the phone`);
console.log(`   and install the certificate (SHA-256 ${cert.rootFingerprint}).`);
qrcode.generate(`http://${host}:${CA_PORT}/`, { small: true });
console.log(`2. Open the app: ${appUrl}`);
qrcode.generate(appUrl, { small: true });
console.log(`   (the certificate itself: http://${host}:${CA_PORT}${CA_PATH}; Ctrl+C stops)`);

const stop = async () => {
  ca.close();
  await server.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
