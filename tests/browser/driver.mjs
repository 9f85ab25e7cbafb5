// Drives Debian's headless Chromium for tests/browser: one browser per process, one JSON
// request per line on stdin, one JSON answer per line on stdout ({id, ok, result | error}).
//
// Requests:
//   {op: "open", page, url?, viewport?, colorScheme?, timezoneId?}  a fresh context and page
//   {op: "close", page}                                              close that page's context
//   {op: "locator", page, selector, method, args?}  page.locator(selector)[method](...args)
//   {op: "page", page, method, args?}               page[method](...args) (goto, reload, ...)
//   {op: "evaluate", page, expression}              page.evaluate(expression), awaited
//   {op: "clock", page, method, args?}              page.clock[method](...args) (setFixedTime)
//   {op: "attrs", page, selector, names}           those attributes of every element found
//   {op: "text", page}                              the page's text, open shadow roots included
//   {op: "qr", page, selector}                      the QR code an element shows, decoded (or null)
//   {op: "download", page, selector, path}          click, save the download there, return its name
//   {op: "quit"}
// Each step has Playwright's timeout (HOUSEKEY_BROWSER_TIMEOUT ms); the Python side has its own,
// and kills this process (and so the browser) when an answer does not come.
import { createInterface } from "node:readline";
import jsQR from "jsqr";
import { chromium } from "playwright-core";

const TIMEOUT = Number(process.env.HOUSEKEY_BROWSER_TIMEOUT || 30000);
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--metrics-recording-only",
  "--disable-features=Translate,OptimizationHints,MediaRouter",
  "--disable-dev-shm-usage",
];

const browser = await chromium.launch({
  executablePath: process.env.HOUSEKEY_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ARGS,
  timeout: 30000,
});
const pages = new Map();
// What each page logged: returned with a failure, so a test says why the panel broke.
const consoles = new Map();

async function open({ page: name, viewport, colorScheme, timezoneId, url }) {
  await close({ page: name });
  const context = await browser.newContext({
    viewport: viewport || { width: 1280, height: 800 },
    colorScheme: colorScheme || "light",
    timezoneId,
    locale: "en-US",
  });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const log = [];
  page.on("console", (m) => log.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => log.push(`pageerror: ${e.stack || e.message}`));
  pages.set(name, page);
  consoles.set(name, log);
  if (url) await page.goto(url);
  return null;
}

async function close({ page: name }) {
  const page = pages.get(name);
  pages.delete(name);
  if (page) await page.context().close();
  return null;
}

function pageOf(name) {
  const page = pages.get(name);
  if (!page) throw new Error(`no page ${name}`);
  return page;
}

/** Make a Playwright answer plain JSON (undefined becomes null). */
function plain(value) {
  if (value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.length;
  return value;
}

const OPS = {
  open,
  close,
  async locator({ page, selector, method, args }) {
    const locator = pageOf(page).locator(selector);
    return plain(await locator[method](...(args || [])));
  },
  async page({ page, method, args }) {
    const target = pageOf(page);
    const result = await target[method](...(args || []));
    // goto and reload answer with a Response: only its status is of use.
    if (result && typeof result.status === "function") return result.status();
    return plain(result);
  },
  async evaluate({ page, expression }) {
    return plain(await pageOf(page).evaluate(expression));
  },
  async attrs({ page, selector, names }) {
    // In one go: a list that re-renders between two reads would mix two lists.
    return pageOf(page)
      .locator(selector)
      .evaluateAll((els, wanted) => els.map((e) => wanted.map((n) => e.getAttribute(n))), names);
  },
  async clock({ page, method, args }) {
    return plain(await pageOf(page).clock[method](...(args || [])));
  },
  async qr({ page, selector }) {
    // What the screen shows of the element, read as a phone's camera would: its screenshot's
    // pixels (decoded by the browser itself), then jsQR.
    const target = pageOf(page);
    const shot = await target.locator(selector).screenshot();
    const { width, height, pixels } = await target.evaluate(async (png) => {
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext("2d");
      context.drawImage(bitmap, 0, 0);
      const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      return { width: bitmap.width, height: bitmap.height, pixels: Array.from(data) };
    }, shot.toString("base64"));
    const found = jsQR(Uint8ClampedArray.from(pixels), width, height);
    return found ? found.data : null;
  },
  async download({ page, selector, path }) {
    const target = pageOf(page);
    const [file] = await Promise.all([target.waitForEvent("download"), target.locator(selector).click()]);
    await file.saveAs(path);
    return file.suggestedFilename();
  },
  async text({ page }) {
    // innerText stops at shadow roots; the panel lives in them.
    return pageOf(page).evaluate(() => {
      const parts = [];
      const walk = (node) => {
        if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent);
        if (node.shadowRoot) walk(node.shadowRoot);
        for (const child of node.childNodes) walk(child);
      };
      walk(document.body);
      return parts.join(" ");
    });
  },
};

async function answer(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch (err) {
    return { id: null, ok: false, error: `bad request: ${err.message}` };
  }
  const { id, op } = request;
  if (op === "quit") {
    await browser.close();
    process.stdout.write(JSON.stringify({ id, ok: true, result: null }) + "\n");
    process.exit(0);
  }
  try {
    if (!OPS[op]) throw new Error(`unknown op ${op}`);
    return { id, ok: true, result: await OPS[op](request) };
  } catch (err) {
    const log = request.page ? (consoles.get(request.page) || []).slice(-20) : [];
    return { id, ok: false, error: String(err && err.message ? err.message : err), console: log };
  }
}

// Requests are answered one at a time, in order: the test drives the browser step by step.
let queue = Promise.resolve();
const input = createInterface({ input: process.stdin });
input.on("line", (line) => {
  queue = queue.then(async () => {
    process.stdout.write(JSON.stringify(await answer(line)) + "\n");
  });
});
input.on("close", async () => {
  await queue;
  await browser.close();
  process.exit(0);
});
process.stdout.write(JSON.stringify({ id: 0, ok: true, result: browser.version() }) + "\n");
