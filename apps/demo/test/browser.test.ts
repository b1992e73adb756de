// @module-tag node-agnostic (the page in Chromium is the subject; the demo server's Node code is tested in chat-route and main): scripts/test.sh leaves it out of the Node 22 pass.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserUnavailable, launchBrowser } from '@tripokit/testing/browser';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../src/server/demo-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(here, '../dist');
const ARTIFACTS = path.resolve(here, '../../../test-artifacts');

const unavailable = browserUnavailable();
if (unavailable && process.env.CI) {
  // In CI the browser test must run: a missing browser is a failure, not a skip.
  describe('demo in a browser', () => {
    it('has Debian chromium to run in', () => {
      throw new Error(`${unavailable}; scripts/ensure-chromium.sh installs it`);
    });
  });
}

/** Console noise that says nothing about the app: software-GL warnings are not errors anyway. */
const KNOWN_NOISE = [/GPU stall due to ReadPixels/i, /favicon\.ico/];

describe.skipIf(unavailable !== undefined)('demo in a browser', () => {
  let demo: DemoServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, 'index.html'))) {
      throw new Error(
        `${DIST}/index.html is missing: build the demo first (pnpm --filter @tripokit/demo build)`,
      );
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    // The demo's own pace: about a second in the queue, then four running, polled about once a second.
    demo = await startDemoServer({ env: {}, log: () => {} });
    browser = await launchBrowser();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !KNOWN_NOISE.some((re) => re.test(msg.text())))
        consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    // Records every value the progress bars show (so a jump straight to 100 % would be caught) and every
    // queue position and ETA shown, however briefly.
    await page.addInitScript(() => {
      const seen = { progress: [] as number[], queue: [] as string[], eta: [] as string[] };
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      const scan = (root: Element): void => {
        for (const el of root.querySelectorAll('[role=progressbar]')) {
          const v = el.getAttribute('aria-valuenow');
          if (v !== null && seen.progress.at(-1) !== Number(v)) seen.progress.push(Number(v));
        }
        for (const el of root.querySelectorAll('[data-testid=queue-position]'))
          seen.queue.push(el.textContent ?? '');
        for (const el of root.querySelectorAll('[data-testid=eta]')) seen.eta.push(el.textContent ?? '');
      };
      new MutationObserver((records) => {
        for (const r of records) {
          const target = r.target instanceof Element ? r.target : r.target.parentElement;
          if (target) scan(target.closest('.tool-card') ?? target);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function send(text: string): Promise<void> {
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(text);
    await box.press('Enter');
  }

  /** Waits until the agent has finished its turn (the Send button is back). */
  async function turnDone(): Promise<void> {
    await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 30_000 });
  }

  function loadedViewers(): Promise<number> {
    return page.evaluate(
      () =>
        [...document.querySelectorAll('.tool-card model-viewer')].filter(
          (el) => (el as HTMLElement & { loaded: boolean }).loaded,
        ).length,
    );
  }

  it('shows its mode, then makes a model with live progress and shows it in the viewer', async () => {
    await page.goto(demo.url);
    await expect
      .poll(() => page.getByTestId('mode').textContent())
      .toMatch(/Scripted agent[\s\S]*Tripo simulator/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-empty.png') });

    await send('make a red dragon');
    await page.locator('.tool-card[data-tool="generate_3d_model"]').waitFor();
    await page.waitForFunction(
      () => {
        const el = document.querySelector('.tool-card model-viewer') as
          | (HTMLElement & { loaded: boolean })
          | null;
        return el?.loaded === true;
      },
      undefined,
      { timeout: 30_000 },
    );
    const seen = await page.evaluate(
      () => (window as unknown as { __seen: { progress: number[]; queue: string[]; eta: string[] } }).__seen,
    );
    // A wait reads a task less often than once a second and aims its last read at the expected end, so a
    // five-second generation shows a running value or two on the way; none would be a jump straight to 100 %.
    const during = new Set(seen.progress.filter((v) => v > 0 && v < 100));
    expect(during.size, `progress values seen: ${seen.progress.join(', ')}`).toBeGreaterThanOrEqual(1);
    expect(seen.progress).toEqual([...seen.progress].sort((a, b) => a - b));
    expect(
      seen.queue.some((t) => /#\d+ in queue/.test(t)),
      `queue texts: ${seen.queue.join(' | ')}`,
    ).toBe(true);
    expect(
      seen.eta.some((t) => /about \d+ s left/.test(t)),
      `ETA texts: ${seen.eta.join(' | ')}`,
    ).toBe(true);

    const src = await page.evaluate(
      () => (document.querySelector('.tool-card model-viewer') as HTMLElement & { src: string }).src,
    );
    expect(new URL(src, demo.url).origin).toBe(new URL(demo.url).origin);
    await turnDone();
    await expect
      .poll(() => page.locator('.message-assistant .prose').last().textContent())
      .toContain('Here is a red dragon');
    await expect.poll(() => page.locator('.gallery-item').count()).toBe(1);
    await page.waitForTimeout(400); // the viewer's fade-in
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-first-model.png') });
  }, 60_000);

  it('makes it low-poly: a second model appears next to the first', async () => {
    await send('make it low-poly');
    await expect.poll(loadedViewers, { timeout: 40_000 }).toBe(2);
    await turnDone();
    await expect.poll(() => page.locator('.gallery-item').count()).toBe(2);
    const card = page.locator('.tool-card[data-tool="smart_lowpoly"]');
    expect(await card.getAttribute('data-phase')).toBe('success');
    await expect
      .poll(() => page.locator('.message-assistant .prose').last().textContent())
      .toContain('low-poly version');
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-lowpoly.png') });
  }, 60_000);

  it('shows the advice when a prompt is banned', async () => {
    await send('make a forbidden statue');
    const advice = page.locator('.tool-card[data-phase="failure"] [data-testid="advice"]');
    await advice.waitFor({ timeout: 30_000 });
    const text = (await advice.textContent()) ?? '';
    expect(text).toMatch(/^What to do: .{20,}/);
    expect(await page.locator('.tool-card[data-phase="failure"] h3').textContent()).toBe(
      'Blocked by the content policy',
    );
    await turnDone();
    await page.locator('.tool-card[data-phase="failure"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-failure.png') });
  }, 40_000);

  it('stops watching a task when asked, and says it goes on at Tripo', async () => {
    await send('make a wooden treasure chest');
    const card = page.locator('.tool-card[data-tool="generate_3d_model"]').last();
    await card
      .locator('[data-testid="eta"], [data-testid="queue-position"]')
      .first()
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await turnDone();
    expect(await card.getAttribute('data-phase')).toBe('unwatched');
    expect(await card.locator('.tool-message').textContent()).toMatch(
      /^No longer watching this task \(.+\); it goes on at Tripo/,
    );
  }, 30_000);

  it('reads well on a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('.tool-card[data-tool="smart_lowpoly"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-mobile.png') });
  }, 20_000);

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
