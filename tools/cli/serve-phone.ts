/**
 * `npm run serve:phone`: serves the built app over HTTPS on the local network (a self-signed
 * certificate from @vitejs/plugin-basic-ssl) and prints its URL and a QR code, so a phone on the
 * same Wi-Fi opens it in one scan. The camera needs a secure context: plain http works only on
 * localhost.
 */
import { networkInterfaces } from 'node:os';
import basicSsl from '@vitejs/plugin-basic-ssl';
import qrcode from 'qrcode-terminal';
import { preview } from 'vite';

const PORT = Number(process.env.PORT ?? 4443);

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => (a as { address: string }).address);
}

const server = await preview({
  plugins: [basicSsl({ name: 'roadgate' })],
  preview: { host: '0.0.0.0', port: PORT, strictPort: true },
});
const urls = lanAddresses().map((ip) => `https://${ip}:${PORT}/`);
if (urls.length === 0) {
  console.log(
    `No network address found: is this machine on Wi-Fi? Serving on https://localhost:${PORT}/`,
  );
} else {
  console.log(
    'Open this on a phone on the same Wi-Fi (accept the self-signed certificate warning once):',
  );
  for (const u of urls) console.log(`  ${u}`);
  qrcode.generate(urls[0] as string, { small: true });
}
server.printUrls();
