import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import type { TestUser } from './api';
import { ROOT, startServer, type RunningServer } from './server';

export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** Debian's Chromium, never a downloaded browser; the flags keep it off the (closed) network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * The change-package editor's save indicator says exactly "Saved". Right after typing it may still
 * say so while the last keys are on their way (it shows "Saving…" only when saving takes a moment):
 * to know that the server has an edit, wait for another client to receive it.
 */
export async function waitForSaved(page: Page): Promise<void> {
  await page.locator('.save-state', { hasText: /^\s*Saved\s*$/ }).waitFor({ timeout: 20_000 });
}

/**
 * Fails unless focus arrives on `target` within a few seconds (pages move focus after Svelte's next
 * tick, or after a dialog closes), saying where focus is instead.
 */
export async function expectFocused(target: Locator): Promise<void> {
  const element = await target.elementHandle();
  const arrived = await target
    .page()
    .waitForFunction((wanted) => wanted === document.activeElement, element, { timeout: 5_000 })
    .then(() => true, () => false);
  const where = arrived ? 'the element' : await target.page().evaluate(() => document.activeElement?.outerHTML.slice(0, 160) ?? 'nothing');
  expect(where).toBe('the element');
}

// ---- page errors: an uncaught exception or a console error in a page fails the test it happened in ----

const problems: string[] = [];
/** Console errors a test provokes on purpose: the text, and the address they must come from, if given. */
let expectedConsoleErrors: { text: RegExp; from?: string }[] = [];

/**
 * Pages are rendered on the server first, and a test that acts before the app has hydrated can
 * lose what it did (a choice made in a select is reset by hydration; a click does nothing). After
 * every `goto` to one of the app's pages, wait for the root layout to say the app is live
 * (`data-app-ready`, set by its first effect). Error answers are left alone: tests look at those
 * as they are.
 */
function gotoWaitsForTheApp(page: Page): void {
  const goto = page.goto.bind(page);
  page.goto = async (url, options) => {
    const response = await goto(url, options);
    const isAppPage = response?.ok() && (response.headers()['content-type'] ?? '').includes('text/html');
    if (isAppPage) await page.locator('html[data-app-ready]').waitFor({ state: 'attached', timeout: 20_000 });
    return response;
  };
}

/**
 * A browser context whose pages are watched: every uncaught exception and console error is
 * recorded, and `failOnPageErrors` fails the test during which it happened.
 */
async function watchedContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.on('page', gotoWaitsForTheApp);
  // Every Content-Security-Policy violation becomes a console error, and so fails the test: the
  // pages must work under their policy (Chromium logs most violations itself, but not all).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content-Security-Policy violation: ${event.effectiveDirective} refused ${event.blockedURI || 'inline code'}`);
    });
  });
  context.on('weberror', (webError) => problems.push(`uncaught exception in ${webError.page()?.url() ?? 'a page'}: ${webError.error().stack ?? webError.error().message}`));
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const from = message.location().url;
    if (expectedConsoleErrors.some((expected) => expected.text.test(text) && (!expected.from || expected.from === from))) return;
    problems.push(`console error in ${message.page()?.url() ?? 'a page'}: ${text}`);
  });
  return context;
}

/**
 * A watched browser context at `viewport`, signed in as `user` (with their session cookie), or
 * signed out for null. `options` adds to it (a reader's `timezoneId`, say).
 */
export async function openContext(browser: Browser, baseUrl: string, user: TestUser | null, viewport: { width: number; height: number }, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await watchedContext(browser, { ...options, viewport });
  if (user) {
    const [name, value] = (user.client.cookie ?? '').split('=');
    expect(name).toBe('knotwork_session');
    await context.addCookies([{ name, value, url: baseUrl }]);
  }
  return context;
}

/** A watched page at `viewport`, signed in as `user`, or signed out for null. */
export async function openPage(browser: Browser, baseUrl: string, user: TestUser | null, viewport: { width: number; height: number }, options: BrowserContextOptions = {}): Promise<Page> {
  return (await openContext(browser, baseUrl, user, viewport, options)).newPage();
}

/**
 * For a test that provokes some on purpose (the server stopped mid-test, say): console errors
 * matching `text` (and coming from the address `from`, when given) are expected until the test
 * ends. Anything else still fails it.
 */
export function expectConsoleErrors(text: RegExp, from?: string): void {
  expectedConsoleErrors.push({ text, from });
}

/**
 * Chromium reports a page served with an error status (a 404 page, say) as a console error. Call
 * before opening `url` when that status is what the test expects.
 */
export function expectErrorStatus(url: string, status: number): void {
  expectConsoleErrors(new RegExp(`the server responded with a status of ${status}\\b`), url);
}

/** The page errors recorded since the last call, which also ends what was expected. */
export function takePageErrors(): string[] {
  expectedConsoleErrors = [];
  return problems.splice(0);
}

/** Call once per browser suite: after each test, any page error recorded during it fails that test. */
export function failOnPageErrors(): void {
  beforeEach(() => void takePageErrors());
  afterEach(() => {
    const seen = takePageErrors();
    if (seen.length > 0) throw new Error(`The page reported ${seen.length} error(s):\n${seen.join('\n')}`);
  });
}

/**
 * For a browser suite: the real server serving the built web app, and Chromium, started before its
 * tests and stopped after (with `env` added to its environment); page errors fail the test they
 * happen in. Read the fields inside tests.
 */
export function browserSuite(env: Record<string, string> = {}): { server: RunningServer; browser: Browser } {
  const suite = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    suite.server = await startServer({ WEB_BUILD_DIR: join(ROOT, 'web/build'), ...env });
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  failOnPageErrors();
  return suite;
}

// ---- accessibility: axe-core, as shipped, injected into the page ----

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

let axeCode: string | null = null;
const axeSource = () => (axeCode ??= readFileSync(require.resolve('axe-core'), 'utf8'));

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation, naming
 * the rule, the elements and what to fix. `label` says which page and state, for the message.
 */
export async function expectNoSeriousAxeViolations(page: Page, label: string): Promise<void> {
  // Evaluated rather than added as a <script>: the page's Content-Security-Policy rightly refuses
  // inline scripts, and what the test tool itself runs is not the page's.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  });
  const report = violations.map(
    (violation) =>
      `${violation.impact} ${violation.id}: ${violation.help}\n` +
      violation.nodes.map((node) => `    ${JSON.stringify(node.target)} ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`).join('\n'),
  );
  expect({ page: label, violations: report }).toEqual({ page: label, violations: [] });
}
