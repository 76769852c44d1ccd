import init, { popupMain } from "./pkg/pat_pilot.js";
import { activeTabUrl, storageGet } from "./ext.js";

// What the first paint needs, asked for while the wasm compiles and all at once: the active
// tab, everything in storage.sync (presets, their order, settings) and the retirement record
// in storage.session (another global-PAT retirement date, which only the tests write).
const tab = activeTabUrl().catch(() => null);
const sync = storageGet("sync", null).catch(() => ({}));
const session = storageGet("session", "retirement").catch(() => ({}));
await init({ module_or_path: new URL("./pkg/pat_pilot_bg.wasm", import.meta.url) });
await popupMain(tab, sync, session);
