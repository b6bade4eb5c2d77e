/**
 * Accessibility as a test: axe-core (WCAG 2.x A and AA rules) finds nothing in each state a
 * person meets (ready, running, paused, error, the developer panel, the install offer, teach
 * mode), and the live region speaks only when the verdict's label or the camera-off reason
 * changes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { endSession, launch, syntheticClip, type Session } from './launch.ts';
import { teachFromPhotos } from './teachScenes.ts';

let session: Session | null = null;
test.afterEach(async () => {
  const ended = session;
  session = null;
  await endSession(ended);
});

async function open(query = ''): Promise<Page> {
  session = await launch(syntheticClip());
  const { page } = session;
  await page.goto(`/${query}`);
  return page;
}

async function expectNoViolations(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const found = violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found, `axe violations in the ${state} state`).toEqual([]);
}

test('ready, running, paused and the developer panel have no axe violations', async () => {
  const page = await open('?dev');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expectNoViolations(page, 'ready');

  await page.getByTestId('start-camera').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', /^(road|not-road)$/, {
    timeout: 30_000,
  });
  await expectNoViolations(page, 'running (developer panel open)');

  // The synthetic clip reads as not-road: the gate may turn the camera off before the click
  // does; a click that finds the button gone is that case, and paused is asserted either way.
  await page
    .getByRole('button', { name: 'Turn camera off' })
    .click({ timeout: 5_000 })
    .catch(() => undefined);
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'paused');
  await expectNoViolations(page, 'paused');
});

test('the error state (a model that cannot load) has no axe violations', async () => {
  session = await launch(syntheticClip());
  const { page } = session;
  await page.route('**/models/**/model.tflite*', (r) => r.fulfill({ status: 404 }));
  await page.route('**/models/**/model.json*', (r) => r.fulfill({ status: 404 }));
  await page.goto('/');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(page.getByTestId('error')).toBeVisible();
  await expectNoViolations(page, 'error');
});

test("the install offer has no axe violations, and replays the browser's prompt once", async () => {
  const page = await open();
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  // Chromium's event, as the browser sends it when the app is installable.
  await page.evaluate(() => {
    const event = new Event('beforeinstallprompt', { cancelable: true });
    const w = window as unknown as { __prompted: number };
    w.__prompted = 0;
    Object.assign(event, {
      prompt: async () => {
        w.__prompted++;
      },
      userChoice: Promise.resolve({ outcome: 'accepted' }),
    });
    window.dispatchEvent(event);
  });
  await expect(page.getByTestId('install-offer')).toHaveAttribute('data-state', 'button');
  await expectNoViolations(page, 'install offer');
  await page.getByTestId('install').click();
  await expect(page.getByTestId('install-offer')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __prompted: number }).__prompted)).toBe(
    1,
  );
});

test('the live region announces a verdict change and the camera-off reason, not every frame', async () => {
  const page = await open('?dev');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  // Every text the live region takes, recorded in the page as it happens.
  await page.evaluate(() => {
    const region = document.querySelector('.verdict-area [role="status"]');
    const w = window as unknown as { __spoken: string[] };
    w.__spoken = [];
    if (!region) return;
    new MutationObserver(() => w.__spoken.push(region.textContent ?? '')).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await page.getByTestId('start-camera').click();
  // The synthetic clip reads as not-road: the gate turns the camera off after its hold time.
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'paused');
  const frames = Number(await page.getByTestId('frames').textContent());
  const spoken = await page.evaluate(() =>
    (window as unknown as { __spoken: string[] }).__spoken.filter((t) => t !== ''),
  );
  expect(spoken.at(-1)).toMatch(/No road in view: the camera was turned off/);
  // A label and a reason: a handful of announcements for a run of many frames.
  expect(spoken.length).toBeLessThanOrEqual(4);
  expect(new Set(spoken).size).toBe(spoken.length);
  expect(frames, 'frames classified while the region stayed quiet').toBeGreaterThanOrEqual(5);
});

test('teach mode, open and after a training, has no axe violations', async () => {
  const page = await open('?teach&dev');
  await expect(page.getByTestId('teach')).toHaveAttribute('data-phase', 'ready', {
    timeout: 60_000,
  });
  await expectNoViolations(page, 'teach mode open');
  await teachFromPhotos(page, 5);
  await expectNoViolations(page, 'teach mode after a training');
});
