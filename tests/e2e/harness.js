// The end-to-end harness: Debian's Chromium with the built extension loaded, sealed from the
// network, talking to the fake Azure DevOps. Every test file starts one `Harness`.
//
// Recipes (see DESIGN.md "Build, run, test"):
// - the extension id comes from the service worker's URL (it depends on the unpacked path);
// - the real popup: bring the Azure DevOps tab to the front, call `chrome.action.openPopup()`
//   from the worker, then connect over CDP *after* that call — the popup is listed only there;
// - the protocol is driven from an extension page (a worker's own sendMessage does not reach
//   its own onMessage);
// - "the browser stopped the worker": `ServiceWorker.enable` + `ServiceWorker.stopAllWorkers`
//   on a page's CDP session (chrome.runtime.reload() disables an unpacked extension here).
import { chromium } from "playwright-core";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startFake } from "../fake-azure-devops/server.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const EXTENSION_DIR = process.env.PAT_PILOT_EXTENSION ?? path.join(root, "dist/extension");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/**
 * The global-PAT retirement the extension applies in this run: `PAT_PILOT_RETIREMENT` (an ISO
 * instant, e.g. `2025-12-01T00:00:00Z` to play the suite a year before the real date), or the
 * real date when unset. The fake seeds its tokens relative to now; a test whose outcome depends
 * on which side of the retirement it runs sets the date relative to now itself
 * (`h.setRetirement`), so the suite passes whatever this is.
 */
export const RETIREMENT = process.env.PAT_PILOT_RETIREMENT ? new Date(process.env.PAT_PILOT_RETIREMENT) : null;
if (RETIREMENT && Number.isNaN(RETIREMENT.getTime())) {
  throw new Error(`PAT_PILOT_RETIREMENT=${process.env.PAT_PILOT_RETIREMENT} is not a date`);
}

export function chromiumArgs(port, extensionDir = EXTENSION_DIR, lang = "en-US") {
  const map = (host) => `MAP ${host} 127.0.0.1:${port}`;
  return [
    // The browser's UI language: what chrome.i18n (and so PAT Pilot) follows.
    `--lang=${lang}`,
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`,
    `--host-resolver-rules=${[map("dev.azure.com"), map("*.dev.azure.com"), map("*.visualstudio.com"), "MAP * ~NOTFOUND", "EXCLUDE 127.0.0.1"].join(", ")}`,
    // Playwright's ignoreHTTPSErrors does not reach the service worker's fetches.
    "--ignore-certificate-errors",
    "--remote-debugging-port=0",
  ];
}

export class Harness {
  /**
   * Starts the fake (reset, demo data unless `demo: false`) and Chromium with the extension
   * (`extension`: another unpacked extension's folder, as the benchmark's baseline).
   */
  static async start({ demo = true, headless = true, colorScheme = "light", locale = "en-US", extension = EXTENSION_DIR } = {}) {
    if (!existsSync(path.join(extension, "manifest.json"))) {
      throw new Error(`${extension} is missing: run \`make build\` first`);
    }
    const h = new Harness();
    h.fake = await startFake({ demo });
    h.userDataDir = await mkdtemp(path.join(tmpdir(), "pat-pilot-e2e-"));
    h.context = await chromium.launchPersistentContext(h.userDataDir, {
      executablePath: CHROMIUM,
      headless,
      args: chromiumArgs(h.fake.port, extension, locale),
      // On Linux Chromium takes its UI language (chrome.i18n's) from the environment.
      env: { ...process.env, LANGUAGE: locale.replace("-", "_"), LANG: `${locale.replace("-", "_")}.UTF-8` },
      colorScheme,
      locale,
      viewport: { width: 1100, height: 800 },
    });
    h.console = [];
    h.context.on("console", (msg) => h.console.push(`${msg.type()}: ${msg.text()}`));
    h.context.on("page", (page) => page.on("console", (msg) => h.console.push(`${msg.type()}: ${msg.text()}`)));
    h.worker = h.context.serviceWorkers()[0] ?? (await h.context.waitForEvent("serviceworker"));
    h.extensionId = new URL(h.worker.url()).host;
    h.workerConsole();
    if (RETIREMENT) await h.setRetirement(RETIREMENT);
    return h;
  }

  /**
   * Moves the global-PAT retirement the extension applies (`Date`, or `null` for the run's
   * default): the `retirement` record in storage.session (`core::settings::RETIREMENT_KEY`),
   * which only the extension's own pages can write. The popup reads it when it opens, the
   * watcher at every check.
   */
  async setRetirement(at) {
    const target = at ?? RETIREMENT;
    // From the worker, not a page: a Playwright page's locale emulation would reach every
    // extension page of the same process (the popup's chrome.i18n.getUILanguage() with it).
    await this.inWorker((iso) => (iso
      ? chrome.storage.session.set({ retirement: { v: 1, at: iso } })
      : chrome.storage.session.remove("retirement")), target ? new Date(target).toISOString() : null);
  }

  workerConsole() {
    this.worker.on?.("console", (msg) => this.console.push(`worker ${msg.type()}: ${msg.text()}`));
  }

  url(page) {
    return `chrome-extension://${this.extensionId}/${page}`;
  }

  /** The current service worker (a stopped one comes back as a new object). */
  async currentWorker() {
    const live = this.context.serviceWorkers().find((w) => w.url().includes(this.extensionId));
    if (live) {
      if (live !== this.worker) { this.worker = live; this.workerConsole(); }
      return live;
    }
    // Stopped: any event wakes it, as in the browser; a message from an extension page will do.
    const woken = this.context.waitForEvent("serviceworker");
    const page = await this.protocolPage();
    await page.evaluate(() => chrome.runtime.sendMessage({ type: "ping" }));
    this.worker = await woken;
    this.workerConsole();
    return this.worker;
  }

  /** Evaluates in the service worker, waking it first if the browser stopped it. */
  async inWorker(fn, arg) {
    const worker = await this.currentWorker();
    return worker.evaluate(fn, arg);
  }

  /** A tab on an Azure DevOps URL, signed in to the fake unless `signIn: false`. */
  async openAdo(url = "https://dev.azure.com/contoso/", { signIn = true } = {}) {
    const page = await this.context.newPage();
    if (signIn) {
      const u = new URL(url);
      const signInUrl = u.hostname.endsWith(".visualstudio.com")
        ? `${u.origin}/_fakeSignIn`
        : `${u.origin}/${u.pathname.split("/")[1]}/_fakeSignIn`;
      await page.goto(signInUrl);
    }
    await page.goto(url);
    return page;
  }

  /** An extension page in a tab, to drive the protocol from: `send(request)` → reply. */
  async protocolPage() {
    if (!this._protocolPage || this._protocolPage.isClosed()) {
      this._protocolPage = await this.context.newPage();
      await this._protocolPage.goto(this.url("options.html"));
    }
    return this._protocolPage;
  }

  async send(request) {
    const page = await this.protocolPage();
    return page.evaluate((m) => chrome.runtime.sendMessage(m), request);
  }

  /** Opens the real toolbar popup over `tab` and returns it as a Playwright page. */
  async openPopup(tab) {
    await tab.bringToFront();
    await this.inWorker(() => chrome.action.openPopup());
    const port = await this.debuggingPort();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
      const popup = cdp.contexts().flatMap((c) => c.pages()).find((p) => p.url().endsWith("/popup.html"));
      if (popup) {
        popup.on("console", (msg) => this.console.push(`popup ${msg.type()}: ${msg.text()}`));
        popup._cdp = cdp;
        return popup;
      }
      await cdp.close();
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the popup did not open");
  }

  /** Closes a popup opened with `openPopup` (as a person clicking elsewhere would). */
  async closePopup(popup) {
    await popup.close().catch(() => {});
    // Disconnect without closing the browser: connectOverCDP's close() only detaches.
    await popup._cdp?.close().catch(() => {});
  }

  async debuggingPort() {
    const text = await readFile(path.join(this.userDataDir, "DevToolsActivePort"), "utf8");
    return Number(text.split("\n")[0]);
  }

  /** Stops the extension's service worker the way the browser does when it idles. */
  async stopWorker() {
    const page = await this.protocolPage();
    const session = await this.context.newCDPSession(page);
    await session.send("ServiceWorker.enable");
    await session.send("ServiceWorker.stopAllWorkers");
    await session.detach();
    const deadline = Date.now() + 5_000;
    while (this.context.serviceWorkers().some((w) => w.url().includes(this.extensionId)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** All of one storage area, read from an extension page. */
  async storage(area) {
    const page = await this.protocolPage();
    return page.evaluate((a) => chrome.storage[a].get(null), area);
  }

  /**
   * The leak check every end-to-end file runs before closing: no PAT secret and no session
   * bearer that the fake issued appears where it must not (see `leakPlaces`).
   */
  async assertNoLeaks() {
    const { places, leaks } = await this.leakPlaces();
    leaks.push(...findLeaks(this.fake.issuedSecrets(), places));
    if (leaks.length) throw new Error(`secret leaked:\n${leaks.join("\n")}`);
    return { checked: this.fake.issuedSecrets().length, places: Object.keys(places) };
  }

  /**
   * What the leak check reads, and what it found on the way:
   * - storage.local and storage.sync, whole (every `quarantine:*` key with them);
   * - storage.session as the file left it: a PAT secret only inside a `pending` item that has
   *   not expired, a bearer only under `bearer:<org>`;
   * - storage.session again once the waiting secrets are gone the two ways the product lets
   *   them go: the first forgotten (`forgetPending`, as the popup that showed it does), the
   *   others expired (their `expiresAt` moved into the past, then `takePendingSecret`, as the
   *   next popup does, which must hand none of them over): then no PAT secret at all;
   * - every `quarantine:*` key of every area on its own;
   * - the diagnostics report of every organization the extension knows (what "Copy report"
   *   copies is this reply);
   * - the notifications, the badge, and the console of every extension context (worker,
   *   popups, options and other pages).
   */
  async leakPlaces() {
    const pats = this.fake.issuedSecrets({ kind: "pat" });
    const bearers = this.fake.issuedSecrets({ kind: "bearer" });
    const leaks = [];
    const areas = {};
    for (const area of ["local", "sync", "session"]) areas[area] = await this.storage(area);
    leaks.push(...sessionLeaks(areas.session, { pats, bearers }, Date.now()));

    const waiting = areas.session.pending?.items ?? [];
    if (waiting.length) {
      await this.send({ type: "forgetPending", id: waiting[0].created.token.id });
      if (waiting.length > 1) {
        const page = await this.protocolPage();
        await page.evaluate(async () => {
          const { pending } = await chrome.storage.session.get("pending");
          if (!pending) return;
          const past = new Date(Date.now() - 60_000).toISOString();
          await chrome.storage.session.set({ pending: { ...pending, items: pending.items.map((i) => ({ ...i, expiresAt: past })) } });
        });
        const taken = await this.send({ type: "takePendingSecret" });
        if (taken?.ok?.created) leaks.push(`an expired secret was handed over (${taken.ok.created.token?.name})`);
      }
    }
    const after = await this.storage("session");
    leaks.push(...sessionLeaks(after, { pats, bearers }, Date.now(), { pendingAllowed: false }));

    const places = {
      "storage.local": JSON.stringify(areas.local),
      "storage.sync": JSON.stringify(areas.sync),
    };
    for (const [area, items] of Object.entries({ ...areas, session: after })) {
      for (const [key, value] of Object.entries(items)) {
        if (key.startsWith("quarantine:")) places[`storage.${area} ${key}`] = JSON.stringify(value);
      }
    }
    this.fake.clearFaults();
    for (const org of areas.local.orgs?.orgs ?? []) {
      const reply = await this.send({ type: "diagnose", org: { name: org.name, style: org.hostStyle ?? "modern" } });
      places[`diagnostics report of ${org.name}`] = JSON.stringify(reply);
    }
    places.notifications = JSON.stringify(await this.inWorker(() => chrome.notifications.getAll()));
    places.badge = await this.inWorker(() => chrome.action.getBadgeText({}));
    places.console = this.console.join("\n");
    return { places, leaks };
  }

  async close() {
    await this.context?.close().catch(() => {});
    await this.fake?.close().catch(() => {});
    if (this.userDataDir) await rm(this.userDataDir, { recursive: true, force: true });
  }
}

/**
 * The forms an issued secret could be written in: itself, inside a Basic header, and base64 on
 * its own (what "Copy as…" writes into `.npmrc`).
 */
function forms(secret) {
  return [secret, Buffer.from(`:${secret}`).toString("base64"), Buffer.from(`pat:${secret}`).toString("base64"), Buffer.from(secret).toString("base64")];
}

/** Names each place (name → text) that contains one of `secrets`, in any of its forms. */
export function findLeaks(secrets, places) {
  const leaks = [];
  for (const secret of secrets) {
    if (!secret) continue;
    for (const [place, text] of Object.entries(places)) {
      if (typeof text === "string" && forms(secret).some((f) => text.includes(f))) {
        leaks.push(`${place} contains an issued secret (${secret.slice(0, 4)}…)`);
      }
    }
  }
  return leaks;
}

/**
 * Where storage.session (`items`, key → value) holds a secret it must not: a PAT secret
 * anywhere but a `pending` item that has not expired at `now` (nowhere with
 * `pendingAllowed: false`), a bearer anywhere but under `bearer:<org>`.
 */
export function sessionLeaks(items, { pats, bearers }, now, { pendingAllowed = true } = {}) {
  const leaks = [];
  const check = (where, text, secrets, kind) => {
    for (const l of findLeaks(secrets, { [where]: text })) leaks.push(l.replace("an issued secret", `an issued ${kind}`));
  };
  for (const [key, value] of Object.entries(items ?? {})) {
    if (key === "pending" && pendingAllowed && Array.isArray(value?.items)) {
      const { items: waiting, ...rest } = value;
      check("storage.session pending", JSON.stringify(rest), pats, "PAT secret");
      for (const item of waiting) {
        const live = Date.parse(item?.expiresAt) > now;
        if (!live) check(`storage.session pending (expired ${item?.expiresAt})`, JSON.stringify(item), pats, "PAT secret");
      }
    } else {
      check(`storage.session ${key}`, JSON.stringify(value), pats, "PAT secret");
    }
    if (!key.startsWith("bearer:")) check(`storage.session ${key}`, JSON.stringify(value), bearers, "bearer");
  }
  return leaks;
}
