/**
 * Hostile input: a crafted `?variant=` (ARCHITECTURE.md, URL parameters) and a tampered
 * catalog (ARCHITECTURE.md, Models and catalog) are refused with a short message, and the app
 * still runs.
 */
import { expect, test } from '@playwright/test';
import { browserPerTest, ready, running } from './steps.ts';

const { start } = browserPerTest();

test('a hostile ?variant= is not echoed: a short notice, and the default runs', async () => {
  const scam = 'SECURITY ALERT: your phone is infected, call 555-0100 now';
  // As long as `vite preview` takes (Node refuses request headers over 16 KB).
  const page = await start();
  for (const value of ['x'.repeat(12_000), scam]) {
    await page.goto(`/?dev&variant=${encodeURIComponent(value)}`);
    await ready(page);
    const notice = page.getByTestId('notice');
    await expect(notice).toBeVisible();
    const text = (await notice.textContent()) ?? '';
    expect(text.length).toBeLessThan(200);
    expect(text).not.toContain('your phone is infected');
    expect((await page.locator('body').textContent())?.length ?? 0).toBeLessThan(5_000);
    await running(page);
    // The synthetic clip reads as not-road: the gate may be first to turn the camera off.
    await page
      .getByRole('button', { name: 'Turn camera off' })
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off');
  }
});

test('a tampered catalog is refused with a message naming it, and a good one works again', async () => {
  const page = await start();
  const real = await (await page.request.get('/models/catalog.json')).json();
  const tamper = (entry: Record<string, unknown>) => {
    const c = structuredClone(real) as { default: string; variants: Record<string, unknown>[] };
    c.variants = c.variants.map((v) => (v.id === c.default ? { ...v, ...entry } : v));
    return JSON.stringify(c);
  };
  for (const body of [
    tamper({ path: 'https://example.com/steal/model.json' }),
    tamper({ inputSize: 16_384 }),
    '{"default": "mobilenet_v1_0.5_224", "variants": [',
  ]) {
    await page.route('**/models/catalog.json', (route) => route.fulfill({ status: 200, body }));
    await page.goto('/?dev');
    await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'error', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('error')).toContainText('models/catalog.json');
    await page.unroute('**/models/catalog.json');
  }
  await page.getByTestId('retry').click();
  await running(page);
});
