import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../src/server/demo-server.js';
import { browserUnavailable, launchBrowser } from './support/browser.js';

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
    // About 4 s per generation: several progress updates at the client's 1 s polling floor.
    demo = await startDemoServer({ env: {}, simulator: { speed: 16 }, log: () => {} });
    browser = await launchBrowser();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !KNOWN_NOISE.some((re) => re.test(msg.text())))
        consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    // Records every value the progress bars show, so a jump straight to 100 % would be caught.
    await page.addInitScript(() => {
      const seen: number[] = [];
      (window as unknown as { __progress: number[] }).__progress = seen;
      const record = (el: Element): void => {
        const v = el.getAttribute('aria-valuenow');
        if (v !== null && seen.at(-1) !== Number(v)) seen.push(Number(v));
      };
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.target instanceof Element && r.target.matches('[role=progressbar]')) record(r.target);
          for (const n of r.addedNodes) {
            if (n instanceof Element) for (const el of n.querySelectorAll('[role=progressbar]')) record(el);
          }
        }
      }).observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['aria-valuenow'],
      });
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
    const seen = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    const during = new Set(seen.filter((v) => v > 0 && v < 100));
    expect(during.size, `progress values seen: ${seen.join(', ')}`).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

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
