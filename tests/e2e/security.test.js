// A hostile page and a hostile extension cannot make PAT Pilot act: no token is created, the
// extension's pages cannot be framed, fetched or opened from the web, and the engine answers
// only its own pages. Also: the extension pages' CSP blocks inline and remote scripts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { Harness, CHROMIUM, EXTENSION_DIR, chromiumArgs } from "./harness.js";

// A preset of the test's own, so a create has everything it needs but the right sender.
const PRESET = {
  v: 1, id: "security-test", name: "Security test", scopes: ["vso.code"], lifetimeDays: 7,
  nameTemplate: "{preset} · {date}", orgs: "all",
};
const CREATE = { type: "createFromPreset", org: { name: "contoso" }, presetId: PRESET.id, lifetimeDays: null };
const WRITES = ["webCreate", "lifecycleCreate", "lifecycleUpdate", "webRevoke", "lifecycleRevoke"];
const writes = (fake) => fake.requests().filter((r) => WRITES.includes(r.route));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let h;
before(async () => {
  h = await Harness.start();
  await h.openAdo("https://dev.azure.com/contoso/"); // signed in: a create would succeed
  const page = await h.protocolPage();
  await page.evaluate((p) => chrome.storage.sync.set({ [`preset:${p.id}`]: p }), PRESET);
});
after(async () => {
  try { await h?.assertNoLeaks(); } finally { await h?.close(); }
});

/** The control: the same request from the extension's own page does create a token. */
async function createFromOwnPage() {
  const before = writes(h.fake).length;
  const reply = await h.send(CREATE);
  assert.equal(reply.ok?.type, "created", `the control create works: ${JSON.stringify(reply.error ?? reply.ok?.type)}`);
  await h.send({ type: "forgetPending", id: reply.ok.created.token.id });
  assert.equal(writes(h.fake).length, before + 1);
}

// Everything a page on an Azure DevOps host could try. It reports into `window.report`.
const hostile = (id) => `<!doctype html><html><head><title>evil-org</title></head><body>
<script>
const base = "chrome-extension://${id}/";
const request = ${JSON.stringify(CREATE)};
const report = (window.report = { done: false });
(async () => {
  report.runtime = typeof (window.chrome && chrome.runtime && chrome.runtime.sendMessage);
  try {
    report.sendMessage = "answered " + JSON.stringify(await chrome.runtime.sendMessage("${id}", request));
  } catch (e) { report.sendMessage = "failed: " + e.message; }
  try {
    chrome.runtime.connect("${id}").postMessage(request);
    report.connect = "connected";
  } catch (e) { report.connect = "failed: " + e.message; }
  for (const message of [request, JSON.stringify(request), { ...request, source: "pat-pilot" }, { data: request }]) {
    window.postMessage(message, "*");
    window.postMessage(message, location.origin);
    window.top.postMessage(message, "*");
  }
  report.fetch = {};
  for (const file of ["popup.html", "options.html", "manifest.json", "pkg/popup_bg.wasm", "pkg/worker_bg.wasm"]) {
    try { report.fetch[file] = "status " + (await fetch(base + file)).status; }
    catch (e) { report.fetch[file] = "blocked"; }
  }
  report.frames = {};
  for (const file of ["popup.html", "options.html"]) {
    const frame = document.createElement("iframe");
    frame.src = base + file;
    document.body.append(frame);
    await new Promise((r) => { frame.onload = r; setTimeout(r, 3000); });
    for (const origin of ["*", base.slice(0, -1)]) {
      try { frame.contentWindow.postMessage(request, origin); } catch (e) { /* refused: fine */ }
    }
    let readable;
    try { readable = frame.contentDocument ? frame.contentDocument.body.innerHTML : "no document"; }
    catch (e) { readable = "cross-origin"; }
    report.frames[file] = { childFrames: frame.contentWindow.length, readable };
  }
  const opened = window.open(base + "popup.html");
  try { opened && opened.postMessage(request, "*"); } catch (e) { /* fine */ }
  report.done = true;
})();
</script></body></html>`;

test("a create from the extension's own page works (the control for the tests below)", async () => {
  await createFromOwnPage();
});

test("a page on dev.azure.com cannot message, fetch, frame or open the extension, and no token is created", async () => {
  h.fake.setEvilPage(hostile(h.extensionId));
  const before = writes(h.fake).length;
  const base = h.url("");
  const page = await h.context.newPage();
  await page.goto("https://dev.azure.com/evil-org/");
  await page.waitForFunction(() => window.report?.done, null, { timeout: 20_000 });
  const report = await page.evaluate(() => window.report);

  assert.notEqual(report.runtime, "function", "web pages get no chrome.runtime.sendMessage (no externally_connectable)");
  assert.doesNotMatch(report.sendMessage, /^answered/);
  assert.doesNotMatch(report.connect, /^connected/);
  for (const [file, outcome] of Object.entries(report.fetch)) assert.equal(outcome, "blocked", `fetch ${file}`);
  for (const [file, frame] of Object.entries(report.frames)) {
    assert.ok(["cross-origin", "no document"].includes(frame.readable), `${file}: the frame is not readable from the page (${frame.readable})`);
    assert.equal(frame.childFrames, 0, `${file}: the frame is empty`);
  }
  // Seen from the browser: no frame or window of the extension's pages came to life.
  for (const frame of page.frames().slice(1)) {
    assert.ok(!frame.url().startsWith(base), `the frame was blocked (it shows ${frame.url()})`);
  }
  await sleep(500);
  const extensionTabs = h.context.pages().filter((p) => p.url().startsWith(base) && p !== h._protocolPage);
  assert.deepEqual(extensionTabs.map((p) => p.url()), [], "window.open of an extension page was blocked");

  // The page navigating itself to the extension's pages is blocked too.
  h.fake.setEvilPage("<!doctype html><title>evil-org</title><p>evil</p>");
  for (const file of ["options.html", "popup.html"]) {
    await page.goto("https://dev.azure.com/evil-org/again");
    await page.evaluate((url) => { location.href = url; }, base + file).catch(() => {});
    await page.waitForURL((url) => !url.href.startsWith("https://dev.azure.com/"), { timeout: 5_000 }).catch(() => {});
    assert.ok(!page.url().startsWith(base), `navigation to ${file} was blocked (${page.url()})`);
  }
  await sleep(500);
  assert.deepEqual(writes(h.fake).slice(before), [], "the fake saw no create, update or revoke");
  for (const p of h.context.pages().filter((p) => p !== h._protocolPage && p.url() !== "about:blank")) {
    if (!p.url().includes("contoso")) await p.close();
  }
});

test("another extension's messages get no answer and create nothing", async () => {
  // A second browser with PAT Pilot and an "attacker" extension that knows PAT Pilot's id.
  const dir = await mkdtemp(path.join(tmpdir(), "pat-pilot-attacker-"));
  const attacker = path.join(dir, "attacker");
  await mkdir(attacker);
  await writeFile(path.join(attacker, "manifest.json"), JSON.stringify({
    manifest_version: 3, name: "attacker", version: "1.0", background: { service_worker: "attacker.js" },
  }));
  await writeFile(path.join(attacker, "attacker.js"), "// evaluated from the test\n");
  const context = await chromium.launchPersistentContext(path.join(dir, "profile"), {
    executablePath: CHROMIUM, headless: true,
    args: chromiumArgs(h.fake.port, `${EXTENSION_DIR},${attacker}`),
  });
  try {
    const workerOf = async (file) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const w = context.serviceWorkers().find((sw) => sw.url().endsWith(`/${file}`));
        if (w) return w;
        if (Date.now() > deadline) throw new Error(`no ${file} worker`);
        await context.waitForEvent("serviceworker", { timeout: 1_000 }).catch(() => {});
      }
    };
    const ours = await workerOf("background.js");
    const id = new URL(ours.url()).host;
    const evil = await workerOf("attacker.js");
    const tab = await context.newPage();
    await tab.goto("https://dev.azure.com/contoso/_fakeSignIn");
    const options = await context.newPage();
    await options.goto(`chrome-extension://${id}/options.html`);
    await options.evaluate((p) => chrome.storage.sync.set({ [`preset:${p.id}`]: p }), PRESET);

    const before = writes(h.fake).length;
    const outcome = await evil.evaluate(async ({ id, request }) => {
      const out = {};
      try { out.message = "answered " + JSON.stringify(await chrome.runtime.sendMessage(id, request)); }
      catch (e) { out.message = "failed: " + e.message; }
      out.port = await new Promise((resolve) => {
        const port = chrome.runtime.connect(id);
        port.onMessage.addListener((m) => resolve("answered " + JSON.stringify(m)));
        port.onDisconnect.addListener(() => resolve("disconnected"));
        port.postMessage(request);
        setTimeout(() => resolve("silence"), 3_000);
      });
      return out;
    }, { id, request: CREATE });
    assert.match(outcome.message, /^failed: .*Receiving end does not exist/);
    assert.notEqual(outcome.port.slice(0, 8), "answered");
    await sleep(500);
    assert.deepEqual(writes(h.fake).slice(before), [], "the fake saw no create, update or revoke");
  } finally {
    await context.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
});

test("the extension's pages run no inline script and load no remote script (CSP)", async () => {
  for (const file of ["options.html", "popup.html"]) {
    const page = await h.context.newPage();
    await page.goto(h.url(file));
    const outcome = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener("securitypolicyviolation", (e) => violations.push(e.blockedURI));
      const inline = document.createElement("script");
      inline.textContent = "window.inlineRan = true;";
      document.head.append(inline);
      const remote = document.createElement("script");
      remote.src = "https://dev.azure.com/evil-org/payload.js";
      const loaded = new Promise((r) => { remote.onload = () => r("loaded"); remote.onerror = () => r("blocked"); });
      document.head.append(remote);
      const result = await loaded;
      await new Promise((r) => setTimeout(r, 100));
      return { inlineRan: window.inlineRan === true, remote: result, violations };
    });
    assert.equal(outcome.inlineRan, false, `${file}: inline script blocked`);
    assert.equal(outcome.remote, "blocked", `${file}: remote script blocked`);
    assert.ok(outcome.violations.includes("inline"), `${file}: the CSP reported the inline script`);
    assert.ok(outcome.violations.some((u) => u.startsWith("https://dev.azure.com/")), `${file}: the CSP reported the remote script`);
    await page.close();
  }
});

test("after all of it, the only tokens the fake created are the control's", async () => {
  await createFromOwnPage();
  const created = writes(h.fake).filter((r) => r.route.endsWith("Create"));
  assert.equal(created.length, 2, "the two controls, nothing else");
});
