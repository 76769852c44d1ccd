// The Firefox harness: Debian's Firefox ESR driven over WebDriver BiDi by puppeteer-core (no
// geckodriver), the built extension installed as a temporary add-on, every connection sent to the
// fake Azure DevOps.
//
// How Firefox gets there:
// - the network: a proxy this harness runs (prefs `network.proxy.*`) tunnels CONNECTs for
//   dev.azure.com, *.dev.azure.com and *.visualstudio.com to the fake and refuses every other
//   host, so the browser is sealed from the internet like the Chromium runs;
// - the fake's self-signed certificate: the session's `acceptInsecureCerts`, which in Firefox
//   covers every request of the browser, the extension's background page included;
// - the extension's pages: BiDi refuses to navigate a tab to a moz-extension:// URL, so the test
//   runs a copy of `dist/extension` whose manifest adds one background script that opens a blank
//   page of the extension in a background tab (the shipped manifest and files stay as built;
//   the copy also forwards what the extension's contexts write to their consoles, which BiDi
//   does not show for them, to that page, for the leak scan).
//   From that page the tests talk to the engine (`runtime.sendMessage`), read storage and
//   notifications, and show popup.html in a frame: with the Azure DevOps tab in front, the
//   popup finds its organization from the active tab exactly as the toolbar popup does.
import puppeteer from "puppeteer-core";
import http from "node:http";
import net from "node:net";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startFake } from "../fake-azure-devops/server.js";
import { RETIREMENT, findLeaks, sessionLeaks } from "../e2e/harness.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const EXTENSION_DIR = path.resolve(process.env.PAT_PILOT_EXTENSION ?? path.join(root, "dist/extension"));
export const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";
const FAKE_HOSTS = /^(dev\.azure\.com|[a-z0-9-]+\.dev\.azure\.com|[a-z0-9-]+\.visualstudio\.com)$/i;
const TEST_PAGE = "firefox-test.html";

/** A proxy that tunnels the fake's hosts to `port` and refuses the rest. */
async function sealedProxy(port) {
  const refused = [];
  const server = http.createServer((req, res) => { refused.push(req.url); res.writeHead(403).end(); });
  server.on("connect", (req, socket, head) => {
    const host = req.url.replace(/:\d+$/, "");
    if (!FAKE_HOSTS.test(host)) {
      refused.push(req.url);
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const upstream = net.connect(port, "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  // Tunnels are plain sockets the server no longer tracks: kept here so that closing ends them.
  const sockets = new Set();
  server.on("connection", (socket) => { sockets.add(socket); socket.on("close", () => sockets.delete(socket)); });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const close = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise((r) => server.close(() => r()));
  };
  return { server, port: server.address().port, refused, close };
}

/** `promise`, or `onTimeout()` once `ms` have passed (the timer never keeps Node alive). */
export async function within(ms, promise, onTimeout) {
  const late = Symbol("late");
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, ms, late); timer.unref(); });
  try {
    const first = await Promise.race([promise, timeout]);
    return first === late ? onTimeout() : first;
  } finally {
    clearTimeout(timer);
  }
}

// The test copy's extra background script (beside the shipped background.js, in the same page).
// It opens the test page, and reports to it what the background page writes to its console and
// each notification the extension creates (BiDi does not reach the background page); headless
// Firefox closes a notification as soon as it is shown, so `notifications.getAll()` is always
// empty there (as Chromium's spy in tests/e2e/watch.test.js, it records what was asked for).
const FIREFOX_TEST_JS = `const report = (message) => browser.runtime.sendMessage({ firefoxTest: true, ...message }).catch(() => {});
for (const level of ["log", "info", "warn", "error", "debug"]) {
  const original = console[level].bind(console);
  console[level] = (...args) => { report({ console: level, text: args.map(String).join(" ") }); original(...args); };
}
const create = browser.notifications.create.bind(browser.notifications);
browser.notifications.create = async (id, options) => {
  const result = await create(id, options);
  report({ notification: id, options });
  return result;
};
browser.tabs.create({ url: browser.runtime.getURL(${JSON.stringify(TEST_PAGE)}), active: false });
`;

// The same console forwarding for the extension's pages (popup, options), loaded first.
const FIREFOX_CONSOLE_JS = `for (const level of ["log", "info", "warn", "error", "debug"]) {
  const original = console[level].bind(console);
  const page = location.pathname.slice(1);
  console[level] = (...args) => {
    browser.runtime.sendMessage({ firefoxTest: true, console: level, from: page, text: args.map(String).join(" ") }).catch(() => {});
    original(...args);
  };
}
`;

/** `dist/extension` plus a background script that opens the test page in a background tab. */
async function derivedCopy(dir) {
  const ext = path.join(dir, "extension");
  await cp(EXTENSION_DIR, ext, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(ext, "manifest.json"), "utf8"));
  manifest.background.scripts = [...manifest.background.scripts, "firefox-test.js"];
  await writeFile(path.join(ext, "manifest.json"), JSON.stringify(manifest, null, 2));
  await writeFile(path.join(ext, "firefox-test.js"), FIREFOX_TEST_JS);
  await writeFile(path.join(ext, "firefox-console.js"), FIREFOX_CONSOLE_JS);
  for (const page of ["popup.html", "options.html"]) {
    const html = await readFile(path.join(ext, page), "utf8");
    if (!html.includes("<head>")) throw new Error(`${page} has no <head> to load the console forwarding in`);
    await writeFile(path.join(ext, page), html.replace("<head>", '<head><script src="firefox-console.js"></script>'));
  }
  await writeFile(path.join(ext, TEST_PAGE), '<!doctype html><meta charset="utf-8"><title>PAT Pilot test page</title>');
  return ext;
}

// How long closing may take: Firefox is asked to quit, then killed; the servers are ended.
const CLOSE_MS = 15_000;

export class FirefoxHarness {
  /** A started harness; whatever a failed start launched is closed before the error is thrown. */
  static async start(options) {
    const h = new FirefoxHarness();
    try {
      await h.launch(options);
    } catch (error) {
      await h.close();
      throw error;
    }
    return h;
  }

  /**
   * Starts the fake, the proxy and Firefox. Split from `start` so that a test file holds the
   * harness before it is up: if its `before` hook fails or times out half-way, `close()` in
   * `after` still ends everything launched so far, and a launch still under way is ended as
   * soon as it returns (a Firefox or a server left running keeps `node --test` from exiting).
   */
  async launch({ demo = true } = {}) {
    const h = this;
    if (!existsSync(FIREFOX)) {
      throw new Error(`${FIREFOX} is missing: install Firefox ESR (\`make browsers\`; Debian: apt-get install firefox-esr), set FIREFOX=/path/to/firefox, or skip this stage with SKIP_FIREFOX=1`);
    }
    if (!existsSync(path.join(EXTENSION_DIR, "manifest.json"))) {
      throw new Error(`${EXTENSION_DIR} is missing: run \`make build\` first`);
    }
    const stillWanted = async () => {
      if (h.closed) {
        await h.close({ again: true });
        throw new Error("the Firefox harness was closed while it started");
      }
    };
    h.fake = await startFake({ demo });
    await stillWanted();
    h.proxy = await sealedProxy(h.fake.port);
    await stillWanted();
    h.dir = await mkdtemp(path.join(tmpdir(), "pat-pilot-firefox-"));
    await stillWanted();
    h.browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: FIREFOX,
      headless: true,
      acceptInsecureCerts: true,
      userDataDir: path.join(h.dir, "profile"),
      extraPrefsFirefox: {
        "network.proxy.type": 1,
        "network.proxy.ssl": "127.0.0.1",
        "network.proxy.ssl_port": h.proxy.port,
        "network.proxy.http": "127.0.0.1",
        "network.proxy.http_port": h.proxy.port,
        "network.proxy.no_proxies_on": "",
        "network.proxy.allow_hijacking_localhost": true,
        "network.dns.disableIPv6": true,
        "intl.locale.requested": "en-US",
      },
    });
    await stillWanted();
    const ext = await derivedCopy(h.dir);
    h.extensionId = await h.browser.installExtension(ext);
    await stillWanted();
    h.page = await h.testPage();
    await h.ext(() => {
      globalThis.notified = [];
      globalThis.extensionConsole = [];
      browser.runtime.onMessage.addListener((m) => {
        if (m?.firefoxTest && m.notification) globalThis.notified.push({ id: m.notification, options: m.options });
        if (m?.firefoxTest && m.console) globalThis.extensionConsole.push(`${m.from ?? "background"} ${m.console}: ${m.text}`);
      });
    });
    if (RETIREMENT) await h.setRetirement(RETIREMENT);
  }

  /**
   * The extension's test page (its URL shows only from inside: BiDi hides the navigation),
   * once its extension APIs are there: under load the URL can show a moment before `browser`.
   */
  async testPage() {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !this.closed) {
      for (const page of await this.browser.pages()) {
        const [href, ready] = await page.evaluate(() => [location.href, typeof browser !== "undefined" && typeof browser.runtime?.sendMessage === "function"]).catch(() => ["", false]);
        if (href.startsWith("moz-extension://") && href.endsWith(TEST_PAGE) && ready) {
          this.base = href.slice(0, -TEST_PAGE.length);
          return page;
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("the extension did not open its test page");
  }

  /** Evaluates `fn(arg)` in the extension's test page (`browser.*` is there). */
  async ext(fn, arg) {
    return this.page.evaluate(fn, arg);
  }

  /** What the background page, the popup and the options page wrote to their consoles. */
  async consoleLines() {
    return this.ext(() => globalThis.extensionConsole);
  }

  /** The notifications the extension created since the test page opened: `[{ id, options }]`. */
  async notified() {
    return this.ext(() => globalThis.notified);
  }

  async send(request) {
    return this.ext((m) => browser.runtime.sendMessage(m), request);
  }

  async storage(area) {
    return this.ext((a) => browser.storage[a].get(null), area);
  }

  async setRetirement(at) {
    const target = at ?? RETIREMENT;
    await this.ext((iso) => (iso
      ? browser.storage.session.set({ retirement: { v: 1, at: iso } })
      : browser.storage.session.remove("retirement")), target ? new Date(target).toISOString() : null);
  }

  /** A tab on an Azure DevOps URL, signed in to the fake unless `signIn: false`; in front. */
  async openAdo(url = "https://dev.azure.com/contoso/", { signIn = true } = {}) {
    const tab = await this.browser.newPage();
    if (signIn) await tab.goto(`${new URL(url).origin}/${new URL(url).pathname.split("/")[1]}/_fakeSignIn`);
    await tab.goto(url);
    await tab.bringToFront();
    return tab;
  }

  /**
   * popup.html in a frame of the test page (a background tab): it asks for the active tab, as
   * the toolbar popup does, and finds the Azure DevOps tab in front. Returns a small driver.
   */
  async openPopup() {
    await this.ext(() => {
      document.querySelector("#popup")?.remove();
      const frame = document.createElement("iframe");
      frame.id = "popup";
      frame.src = "popup.html";
      frame.style.cssText = "width: 400px; height: 600px";
      document.body.append(frame);
    });
    const popup = new FramedPopup(this);
    await popup.waitFor("#view .screen");
    return popup;
  }

  async closePopup() {
    await this.ext(() => document.querySelector("#popup")?.remove());
  }

  /**
   * The leak scan (as the Chromium harness's): no secret or bearer the fake issued in
   * storage.local or storage.sync (quarantine:* keys with them), storage.session (a bearer only
   * under bearer:<org>, no secret once shown), the notifications, the diagnostics report of
   * every known organization, or the console of the test page, the popup and the background.
   */
  async assertNoLeaks() {
    const local = await this.storage("local");
    const places = {
      "storage.local": JSON.stringify(local),
      "storage.sync": JSON.stringify(await this.storage("sync")),
      notifications: JSON.stringify(await this.notified()),
      console: (await this.consoleLines()).join("\n"),
    };
    for (const org of local.orgs?.orgs ?? []) {
      places[`diagnostics report of ${org.name}`] = JSON.stringify(await this.send({ type: "diagnose", org: { name: org.name, style: org.hostStyle ?? "modern" } }));
    }
    const secrets = { pats: this.fake.issuedSecrets({ kind: "pat" }), bearers: this.fake.issuedSecrets({ kind: "bearer" }) };
    // Every secret the tests created was shown, so none may wait in storage.session any more.
    const leaks = [
      ...sessionLeaks(await this.storage("session"), secrets, Date.now(), { pendingAllowed: false }),
      ...findLeaks(this.fake.issuedSecrets(), places),
    ];
    if (leaks.length) throw new Error(`secret leaked in Firefox:\n${leaks.join("\n")}`);
    return { places: Object.keys(places) };
  }

  /**
   * Ends Firefox, the proxy and the fake, in at most about `CLOSE_MS` whatever state they are
   * in (a browser that does not answer `browser.close` is killed). Safe to call at any time,
   * more than once, and while `launch` is still under way.
   */
  async close({ again = false } = {}) {
    if (this.closed && !again) return;
    this.closed = true;
    const browser = this.browser;
    if (browser) {
      await within(CLOSE_MS, browser.close().then(() => true, () => false), () => false);
      // Closed or not, no Firefox of this run may outlive it (a no-op once it has exited).
      // Its process group, as puppeteer kills it (the content processes are in it).
      const child = browser.process();
      if (child?.pid && child.exitCode === null && child.signalCode === null) {
        try { process.kill(-child.pid, "SIGKILL"); } catch { child.kill("SIGKILL"); }
      }
    }
    await within(CLOSE_MS / 3, Promise.allSettled([this.proxy?.close(), this.fake?.close()]), () => {});
    if (this.dir) await rm(this.dir, { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * Drives popup.html in its frame with DOM calls made from the test page (the frame is not a
 * BiDi target here, and the extension's CSP allows no `new Function` to ship code in).
 */
class FramedPopup {
  constructor(h) { this.h = h; }

  async text(selector = "#app") {
    return this.h.ext((s) => document.querySelector("#popup")?.contentDocument?.querySelector(s)?.innerText ?? null, selector);
  }

  /** The texts of every element matching `selector`. */
  async texts(selector) {
    return this.h.ext((s) => [...(document.querySelector("#popup")?.contentDocument?.querySelectorAll(s) ?? [])].map((e) => e.innerText), selector);
  }

  async value(selector) {
    return this.h.ext((s) => document.querySelector("#popup")?.contentDocument?.querySelector(s)?.value ?? null, selector);
  }

  async waitFor(selector, { text, ms = 15_000 } = {}) {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = await this.h.ext(([s, t]) => [...(document.querySelector("#popup")?.contentDocument?.querySelectorAll(s) ?? [])]
        .some((e) => !t || e.innerText.includes(t)), [selector, text ?? null]).catch(() => false);
      if (found) return;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${selector}${text ? ` with "${text}"` : ""}; the popup shows:\n${await this.text().catch((e) => e.message)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Clicks the button whose accessible name (aria-label, else its text) is `name`, or starts
   * with it followed by a line break when `{ prefix: true }` (a preset button: name, lifetime, scopes).
   */
  async click(name, { prefix = false } = {}) {
    const clicked = await this.h.ext(([n, p]) => {
      const doc = document.querySelector("#popup")?.contentDocument;
      const label = (b) => (b.getAttribute("aria-label") ?? b.innerText).trim();
      const buttons = [...(doc?.querySelectorAll("button") ?? [])];
      const button = buttons.find((b) => label(b) === n || (p && label(b).startsWith(`${n}\n`)));
      if (!button) return buttons.map(label);
      button.click();
      return true;
    }, [name, prefix]);
    if (clicked !== true) throw new Error(`no button "${name}" in the popup; buttons: ${JSON.stringify(clicked)}`);
  }
}
