import init, { popupMain } from "./pkg/popup.js";
import { activeTabUrl, storageGet } from "./ext.js";

// What the first paint needs, asked for while the wasm compiles: the active tab and the one
// storage read, everything in storage.sync (presets, their order, settings). The rest is
// asked for once the presets are painted (src/views/popup/run.rs).
const tab = activeTabUrl().catch(() => null);
const sync = storageGet("sync", null).catch(() => ({}));
await init({ module_or_path: new URL("./pkg/popup_bg.wasm", import.meta.url) });
await popupMain(tab, sync);
