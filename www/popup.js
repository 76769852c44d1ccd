import init, { popupMain } from "./pkg/pat_pilot.js";
import { activeTabUrl, storageGet } from "./ext.js";

// What the first paint needs, asked for while the wasm compiles: the active tab and one read
// of everything in storage.sync (presets, their order, settings).
const tab = activeTabUrl().catch(() => null);
const sync = storageGet("sync", null).catch(() => ({}));
await init({ module_or_path: new URL("./pkg/pat_pilot_bg.wasm", import.meta.url) });
await popupMain(tab, sync);
