// @module-tag node-agnostic (the page in Chromium is the subject; the server side is tested in viewer-app, resources and conformance): scripts/test.sh leaves it out of the Node 22 pass.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserUnavailable, launchBrowser } from '@tripokit/testing/browser';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnOptions, TurnRecord } from './browser-host/host-page.js';
import { appCsp, type BrowserHost, startBrowserHost } from './browser-host/host-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.resolve(here, '../../../test-artifacts');

const unavailable = browserUnavailable();
if (unavailable && process.env.CI) {
  // In CI the browser test must run: a missing browser is a failure, not a skip.
  describe('the viewer in a browser', () => {
    it('has Debian chromium to run in', () => {
      throw new Error(`${unavailable}; scripts/ensure-chromium.sh installs it`);
    });
  });
}

/** Console noise that says nothing about the page: software-GL warnings are not errors anyway. */
const KNOWN_NOISE = [/GPU stall due to ReadPixels/i];

type HostWindow = {
  tripokitHost: {
    connect(): Promise<string[]>;
    runTool(name: string, args: Record<string, unknown>, options: TurnOptions): Promise<TurnRecord>;
    turns: TurnRecord[];
  };
};

/** What an app frame saw, recorded by an init script in every frame. */
type Seen = { progress: number[]; jobProgress: number[]; violations: string[]; loads: number };

describe.skipIf(unavailable !== undefined)('the viewer in a browser', () => {
  let host: BrowserHost;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const problems: string[] = [];
  /** Every request, with the frame that made it. */
  const requests: { url: string; frame: string }[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    host = await startBrowserHost();
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('console', (msg) => {
      if (msg.type() !== 'error' || KNOWN_NOISE.some((re) => re.test(msg.text()))) return;
      // The host's MCP client asks GET /mcp for a notification stream; the stateless server's 405 is expected.
      if (/status of 405/.test(msg.text()) && msg.location().url === `${host.pageOrigin}/mcp`) return;
      problems.push(`${msg.location().url}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push({ url: request.url(), frame: request.frame().name() }));
    // In every frame: CSP violations, every value a progress bar shows, and model-viewer load events.
    await browser.context.addInitScript(() => {
      const seen = {
        progress: [] as number[],
        jobProgress: [] as number[],
        violations: [] as string[],
        loads: 0,
      };
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      document.addEventListener('securitypolicyviolation', (e) => {
        seen.violations.push(`${e.effectiveDirective} ${e.blockedURI}`);
      });
      document.addEventListener(
        'load',
        (e) => {
          if ((e.target as Element).localName === 'model-viewer') seen.loads++;
        },
        true,
      );
      new MutationObserver(() => {
        const main = document.querySelector('.progress[aria-label="Task progress"]');
        const value = main?.hasAttribute('hidden') ? null : main?.getAttribute('aria-valuenow');
        if (value != null && seen.progress.at(-1) !== Number(value)) seen.progress.push(Number(value));
        const job = document.querySelector('.jobs .progress')?.getAttribute('aria-valuenow');
        if (job != null && seen.jobProgress.at(-1) !== Number(job)) seen.jobProgress.push(Number(job));
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await page.goto(host.url);
    const tools = await page.evaluate(() => (window as unknown as HostWindow).tripokitHost.connect());
    expect(tools).toContain('generate_3d_model');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  async function run(name: string, args: Record<string, unknown>, options: TurnOptions): Promise<Frame> {
    const before = page.frames().length;
    const turn = page.evaluate(
      ([n, a, o]) => (window as unknown as HostWindow).tripokitHost.runTool(n, a, o),
      [name, args, options] as const,
    );
    await expect.poll(() => page.frames().length, { timeout: 30_000 }).toBeGreaterThan(before);
    const record = await turn;
    const frame = page.frame({ name: record.frameName });
    if (!frame) throw new Error(`no frame ${record.frameName}`);
    // model-viewer loads a model only once it is on screen, as in a real chat.
    await page.locator(`iframe[name="${record.frameName}"]`).scrollIntoViewIfNeeded();
    return frame;
  }

  function seen(frame: Frame): Promise<Seen> {
    return frame.evaluate(() => (window as unknown as { __seen: Seen }).__seen);
  }

  /** Resolves on the viewer's next `load` event (at once if it already loaded `count` models). */
  async function modelLoads(frame: Frame, count: number, timeout = 45_000): Promise<void> {
    try {
      await frame.waitForFunction((n) => (window as unknown as { __seen: Seen }).__seen.loads >= n, count, {
        timeout,
      });
    } catch (error) {
      const shown = await frame
        .locator('main')
        .textContent()
        .catch(() => '(no page)');
      throw new Error(`no model load #${count}; the viewer shows:\n${shown}`, { cause: error });
    }
  }

  /** Share of the rendered model's pixels that are clearly red (the simulator paints "red" subjects red). */
  function redShare(frame: Frame): Promise<number> {
    return frame.evaluate(async () => {
      const viewer = document.querySelector('model-viewer') as HTMLElement & { toBlob(): Promise<Blob> };
      const bitmap = await createImageBitmap(await viewer.toBlob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      if (!context) return 0;
      context.drawImage(bitmap, 0, 0);
      const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      let red = 0;
      for (let i = 0; i < data.length; i += 4) {
        if ((data[i] ?? 0) > 120 && (data[i] ?? 0) > (data[i + 1] ?? 0) + 50) red++;
      }
      return red / (data.length / 4);
    });
  }

  it('shows the progress bar while the task runs, then the model, in a light host', async () => {
    await page.setViewportSize({ width: 900, height: 900 });
    const frame = await run(
      'generate_3d_model',
      { prompt: 'a red ceramic teapot', timeout_seconds: 2 },
      { theme: 'light', width: 820 },
    );
    await modelLoads(frame, 1);
    const { progress } = await seen(frame);
    const during = progress.filter((v) => v > 0 && v < 100);
    expect(new Set(during).size, `progress seen: ${progress.join(', ')}`).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(await frame.getByTestId('status').textContent()).toBe('Ready');
    expect(await frame.getByTestId('file').textContent()).toMatch(/^Saved at .+\.glb · \d+ KB · GLB$/);
    expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await redShare(frame)).toBeGreaterThan(0.01);
    await page.waitForTimeout(300);
    await frame.locator('main').screenshot({ path: path.join(ARTIFACTS, 'mcp-viewer-light.png') });
  }, 60_000);

  it('makes it low-poly with the button: the job shows progress, then the new model loads', async () => {
    const frame = page.frames().find((f) => f.name() === 'app-0');
    if (!frame) throw new Error('no first app frame');
    const lowpoly = frame.getByRole('button', { name: /^Low-poly · \d+ credits$/ });
    await lowpoly.click();
    expect(await lowpoly.isDisabled()).toBe(true);
    await modelLoads(frame, 2);
    const { jobProgress } = await seen(frame);
    expect(
      jobProgress.filter((v) => v > 0 && v < 100).length,
      `job progress: ${jobProgress}`,
    ).toBeGreaterThan(0);
    expect(await frame.locator('[data-job=lowpoly]').getAttribute('data-phase')).toBe('done');
    expect(await frame.getByRole('button', { name: 'Low-poly ✓' }).isDisabled()).toBe(true);
    expect(
      await frame.getByRole('button', { name: 'Low-poly', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    const tasks = host.sim.sim.tasks.filter((t) => t.type === 'highpoly_to_lowpoly');
    expect(tasks).toHaveLength(1);
    const turn = await page.evaluate(() => (window as unknown as HostWindow).tripokitHost.turns[0]);
    expect(turn?.appCalls).toEqual(
      expect.arrayContaining(['smart_lowpoly', 'get_task_status', 'download_model']),
    );
    expect(turn?.modelContext.at(-1)).toContain(tasks[0]?.taskId);
    await page.waitForTimeout(300);
    await frame.locator('main').screenshot({ path: path.join(ARTIFACTS, 'mcp-viewer-lowpoly.png') });
  }, 60_000);

  it('fits a narrow dark host and shows a finished task from get_task_status', async () => {
    await page.setViewportSize({ width: 420, height: 900 });
    const taskId = host.sim.sim.tasks.find((t) => t.type === 'text_to_model')?.taskId;
    const frame = await run('get_task_status', { task_id: taskId }, { theme: 'dark', width: 380 });
    await modelLoads(frame, 1);
    expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const background = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(30, 31, 36)');
    const overflow = await frame.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.waitForTimeout(300);
    await frame.locator('main').screenshot({ path: path.join(ARTIFACTS, 'mcp-viewer-dark-narrow.png') });
  }, 60_000);

  it('shows the status and advice when the content policy blocks the prompt', async () => {
    await page.setViewportSize({ width: 900, height: 900 });
    const frame = await run(
      'generate_3d_model',
      { prompt: 'a forbidden statue' },
      { theme: 'light', width: 820 },
    );
    await frame.getByTestId('advice').waitFor({ timeout: 30_000 });
    expect(await frame.getByTestId('status').textContent()).toBe('Blocked');
    expect(await frame.getByTestId('advice').textContent()).toMatch(/^What to do: .{20,}/);
  }, 60_000);

  it('loaded nothing outside its CSP: no request but its own page, no violation, no error', async () => {
    const appFrames = page.frames().filter((f) => f.name().startsWith('app-'));
    // One app per tool call: the light teapot (with its low-poly), the dark narrow one, the blocked prompt.
    expect(appFrames.map((f) => f.name())).toEqual(['app-0', 'app-1', 'app-2']);
    for (const frame of appFrames) expect((await seen(frame)).violations).toEqual([]);
    const fromApps = requests.filter((r) => r.frame.startsWith('app-'));
    expect(fromApps.length).toBeGreaterThanOrEqual(appFrames.length);
    for (const request of fromApps)
      expect(request.url).toMatch(new RegExp(`^${host.sandboxOrigin}/views/[\\w-]+$`));
    expect(host.served).toEqual(Array(3).fill(appCsp({ connectDomains: [], resourceDomains: [] })));
    expect(host.served[0]).toContain("connect-src 'none'");
    expect(problems).toEqual([]);
  });
});
