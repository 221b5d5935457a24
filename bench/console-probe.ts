// Where the time of a console navigation goes, read from the page's own clock (ms since its
// navigation started): first byte and last byte of the HTML, the rows in the DOM, the first frame
// that shows them on screen, first paint, largest paint, and when React hydrated the rows.
import type { BrowserContext, Page } from "@playwright/test";

export interface Probe {
  firstByte: number;
  htmlDone: number;
  inDom: number;
  shown: number;
  fcp: number;
  lcp: number;
  hydrated: number;
  cssDone: number;
  scriptsDone: number;
  /** The page's clock when the benchmark saw the rows visible. */
  seen: number;
}

export const PROBE_COLUMNS: Array<[keyof Probe, string]> = [
  ["firstByte", "first byte"],
  ["htmlDone", "HTML done"],
  ["cssDone", "CSS done"],
  ["inDom", "rows in DOM"],
  ["shown", "first frame rows on screen"],
  ["fcp", "FCP"],
  ["lcp", "LCP"],
  ["scriptsDone", "JS done"],
  ["hydrated", "rows hydrated"],
  ["seen", "seen visible"],
];

// Plain JavaScript text, not functions: tsx compiles functions with name helpers (__name) that do
// not exist in the page.

/**
 * Installed before every document's own scripts: notes when the selector first matches (a mutation
 * observer), the first animation frame in which it is on screen (frames run only once the page may
 * render, i.e. after its blocking CSS; the frame's paint follows its animation callbacks), when React
 * has attached to the node, and the largest contentful paint.
 */
const INSTALL = `(() => {
  const probe = { inDom: NaN, shown: NaN, hydrated: NaN, lcp: NaN };
  window.__probe = probe;
  const find = () => document.querySelector(SELECTOR);
  ON_SCREEN
  new MutationObserver(() => {
    if (Number.isNaN(probe.inDom) && find()) probe.inDom = performance.now();
  }).observe(document, { childList: true, subtree: true });
  const tick = () => {
    const node = find();
    if (node && Number.isNaN(probe.shown) && onScreen(node)) probe.shown = performance.now();
    if (node && Object.keys(node).some((k) => k.startsWith("__reactFiber"))) probe.hydrated = performance.now();
    if ((Number.isNaN(probe.shown) || Number.isNaN(probe.hydrated)) && performance.now() < 30000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.lcp = entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
})()`;

/** On screen: a box, inside the viewport, not hidden (what Playwright calls visible, plus the viewport). */
const ON_SCREEN = `const onScreen = (node) => {
    const box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight && getComputedStyle(node).visibility !== "hidden";
  };`;

/** True in the first animation frame in which the selector's first match is on screen. */
export const onScreenCheck = (selector: string) => `(() => {
  ${ON_SCREEN}
  const node = document.querySelector(${JSON.stringify(selector)});
  return node !== null && onScreen(node);
})()`;

const READ = `(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
  const resources = performance.getEntriesByType("resource");
  const last = (ext) => {
    const ends = resources.filter((r) => new URL(r.name).pathname.endsWith(ext)).map((r) => r.responseEnd);
    return ends.length > 0 ? Math.max(...ends) : NaN;
  };
  return { ...window.__probe, firstByte: nav?.responseStart ?? NaN, htmlDone: nav?.responseEnd ?? NaN, fcp, cssDone: last(".css"), scriptsDone: last(".js") };
})()`;

export async function installProbe(context: BrowserContext, selector: string): Promise<void> {
  await context.addInitScript({ content: INSTALL.replace("SELECTOR", JSON.stringify(selector)).replace("ON_SCREEN", ON_SCREEN) });
}

/** Reads the probe once the rows are visible; hydration may still be pending, so wait for it (≤ 10 s). */
export async function readProbe(page: Page): Promise<Probe> {
  const seen = await page.evaluate("performance.now()");
  await page.waitForFunction("!Number.isNaN(window.__probe.hydrated)", null, { timeout: 10_000 }).catch(() => {});
  return { ...((await page.evaluate(READ)) as Omit<Probe, "seen">), seen: seen as number };
}
