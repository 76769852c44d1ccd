// The only file that touches the WebExtension APIs. Rust binds these functions through
// `#[wasm_bindgen(module = "/extension/ext.js")]` (src/browser/ext.rs); the service-worker
// bootstrap uses `listen`. No webextension-polyfill: Firefox's `browser` and Chrome's `chrome`
// both return promises from these calls (MV3).
export const ext = globalThis.browser ?? globalThis.chrome;

// storage ---------------------------------------------------------------------------------
export const storageGet = async (area, keys) => ext.storage[area].get(keys);
export const storageSet = async (area, items) => ext.storage[area].set(items);
export const storageRemove = async (area, keys) => ext.storage[area].remove(keys);
// For pages that show stored data: `callback(areaName, [changedKey, …])` on every change
// (another window, another browser through sync, or the page's own writes).
export function onStorageChanged(callback) {
  ext.storage.onChanged.addListener((changes, area) => callback(area, Object.keys(changes)));
}

// runtime ---------------------------------------------------------------------------------
export const sendMessage = async (message) => ext.runtime.sendMessage(message);
export const manifestVersion = () => ext.runtime.getManifest().version;
export const extensionBaseUrl = () => ext.runtime.getURL("");
export const openOptionsPage = async () => ext.runtime.openOptionsPage();

// tabs: the active tab's URL is visible without the `tabs` permission on the hosts we have
// access to (https://developer.chrome.com/docs/extensions/reference/api/tabs#perms).
export async function activeTabUrl() {
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab?.url ?? null;
}
export const openTab = async (url) => ext.tabs.create({ url });

// commands: the keyboard shortcuts as the person has set them (`shortcut` is "" when unset or
// taken by something else), for the options page to show. No permission needed.
export async function commands() {
  return (await ext.commands.getAll()).map(({ name, shortcut }) => ({ name: name ?? "", shortcut: shortcut ?? "" }));
}

// i18n ------------------------------------------------------------------------------------
export const getMessage = (key, substitutions) => ext.i18n.getMessage(key, substitutions);
export const uiLanguage = () => ext.i18n.getUILanguage();

// permissions -----------------------------------------------------------------------------
export const hasHostAccess = async (origins) => ext.permissions.contains({ origins });
export const requestHostAccess = async (origins) => ext.permissions.request({ origins });

// declarativeNetRequest: a write sent as the token page sends it ---------------------------------
// A session rule, scoped to this extension's own requests (its initiator, no tab) to one host,
// that sets `Origin` to the organization's web origin; added just before the write and removed
// after it (src/ado/transport.rs). Needs `declarativeNetRequestWithHostAccess`, which adds no
// install-time warning and acts only on the hosts the extension already has.
export async function setPageOrigin(ruleId, host, origin) {
  const self = new URL(ext.runtime.getURL("")).hostname;
  await ext.declarativeNetRequest.updateSessionRules({
    removeRuleIds: [ruleId],
    addRules: [{
      id: ruleId,
      priority: 1,
      action: { type: "modifyHeaders", requestHeaders: [{ header: "Origin", operation: "set", value: origin }] },
      condition: {
        requestDomains: [host],
        initiatorDomains: [self],
        tabIds: [-1],
        resourceTypes: ["xmlhttprequest"],
        requestMethods: ["post", "put", "patch", "delete"],
      },
    }],
  });
}
export const clearPageOrigin = async (ruleId) => ext.declarativeNetRequest.updateSessionRules({ removeRuleIds: [ruleId] });

// notifications, badge, alarms -------------------------------------------------------------
export async function notify(id, title, message, buttons) {
  const options = { type: "basic", iconUrl: ext.runtime.getURL("icons/icon-128.png"), title, message };
  try {
    await ext.notifications.create(id, buttons.length ? { ...options, buttons: buttons.map((title) => ({ title })) } : options);
  } catch {
    // Firefox has no notification buttons and refuses the property: show the notification
    // without them; a click opens the token page instead.
    await ext.notifications.create(id, options);
  }
}
export const clearNotification = async (id) => ext.notifications.clear(id);
export async function setBadge(text, warning) {
  await ext.action.setBadgeText({ text });
  if (text) await ext.action.setBadgeBackgroundColor({ color: warning ? "#b3261e" : "#0f6cbd" });
}
// A one-off alarm at `when` (ms since the epoch): it fires once and is gone.
export const alarmAt = async (name, when) => ext.alarms.create(name, { when });
export async function ensureAlarm(name, periodInMinutes) {
  const existing = await ext.alarms.get(name);
  if (!existing || existing.periodInMinutes !== periodInMinutes) {
    await ext.alarms.create(name, { delayInMinutes: periodInMinutes, periodInMinutes });
  }
}

// the worker's own life ---------------------------------------------------------------------
export const randomId = () => crypto.randomUUID();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Test-only: the end-to-end tests shorten a pending secret's 10 minutes by setting
// `globalThis.__patPilotTest = { pendingTtlMs }` in the worker through the DevTools protocol.
// Only code running in the worker's own global can set it: no web page or extension page can.
export const testPendingTtlMs = () => {
  const ms = globalThis.__patPilotTest?.pendingTtlMs;
  return Number.isInteger(ms) && ms > 0 ? ms : 0;
};

// listeners (service worker) ----------------------------------------------------------------
// Registered synchronously at the worker's top level, as MV3 requires; each handler waits for
// the wasm module inside. `handlers` are Rust entry points (src/worker.rs).
export function listen(wasmReady, handlers) {
  const self = { id: ext.runtime.id, base: ext.runtime.getURL("") };
  ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const from = { id: sender.id ?? "", url: sender.url ?? sender.origin ?? "" };
    wasmReady
      .then(() => handlers.message(message, from, self))
      .then(sendResponse, (e) => sendResponse({ error: { kind: "internal", message: String(e) } }));
    return true; // answer asynchronously
  });
  const run = (name, ...args) => wasmReady.then(() => handlers[name](...args)).catch((e) => console.error(`PAT Pilot ${name}:`, String(e)));
  ext.runtime.onInstalled.addListener(() => run("installed"));
  ext.runtime.onStartup.addListener(() => run("startup"));
  ext.alarms.onAlarm.addListener((alarm) => run("alarm", alarm.name));
  ext.notifications.onClicked.addListener((id) => run("notificationClicked", id));
  ext.notifications.onButtonClicked?.addListener((id, index) => run("notificationButton", id, index));
  // The housekeeping of every start waits one task after the module is ready: the messages
  // that woke the worker (their handlers are queued on `wasmReady` too) start first, so the
  // page that sent one is not kept waiting for it.
  wasmReady.then(() => new Promise((resolve) => setTimeout(resolve, 0))).then(() => run("wake"), () => run("wake"));
}
