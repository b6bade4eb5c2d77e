/**
 * A plain-HTTP page on the local network from which a phone downloads the local authority's root
 * certificate (public; the key stays on this machine). Plain HTTP because the phone cannot trust
 * the HTTPS server before it has this file; the fingerprint printed beside the QR code lets the
 * user check that the certificate the phone shows is this one.
 */
import { createServer, type Server } from 'node:http';

export const CA_PATH = '/roadgate-local-ca.crt';

/** Steps on the page the phone opens first, one line each. */
export const INSTALL_STEPS = [
  'Android: tap the link below, name it "Roadgate local", choose "VPN and apps" if asked. If it',
  'only downloads: Settings > Security > More security settings > Install from device storage >',
  'CA certificate, pick roadgate-local-ca.crt.',
  'iPhone / iPad (Safari): tap the link, allow the download; Settings > Profile Downloaded >',
  'Install; then Settings > General > About > Certificate Trust Settings: turn on full trust.',
];

export function caServer(rootPem: string, fingerprint: string, appUrl: string): Server {
  const page = [
    '<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    '<title>Roadgate: trust this computer</title><h1>Trust this computer</h1>',
    `<p><a href="${CA_PATH}">Download the certificate</a></p>`,
    `<p>SHA-256: <code>${fingerprint}</code></p>`,
    ...INSTALL_STEPS.map((s) => `<p>${s}</p>`),
    `<p>Then open <a href="${appUrl}">${appUrl}</a>.</p>`,
    '<p>This certificate lets the phone trust whatever this computer signs with it: remove it when',
    'you are done (Android: Settings > Security > Trusted credentials > User; iPhone: Settings >',
    'General > VPN & Device Management).</p>',
  ].join('\n');
  return createServer((req, res) => {
    if (req.url === CA_PATH) {
      // This type makes Android and iOS offer to install it rather than show it as text.
      res.writeHead(200, {
        'content-type': 'application/x-x509-ca-cert',
        'content-disposition': 'attachment; filename="roadgate-local-ca.crt"',
      });
      res.end(rootPem);
    } else if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    } else {
      res.writeHead(404).end();
    }
  });
}
