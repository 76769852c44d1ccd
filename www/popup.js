import { activeTabUrl, storageGet } from "./ext.js";

// What the first paint needs, asked for at once: the active tab, the one storage read
// (everything in storage.sync: presets, their order, settings) and the wasm module, compiled
// while it streams in. The glue (`pkg/popup.js`, preloaded by popup.html) is imported
// alongside rather than statically, so none of this waits for it to load. The rest is asked
// for once the presets are painted (src/views/popup/run.rs).
const tab = activeTabUrl().catch(() => null);
const sync = storageGet("sync", null).catch(() => ({}));
const wasm = new URL("./pkg/popup_bg.wasm", import.meta.url);
// Without `application/wasm` (compileStreaming refuses it) the glue fetches and compiles it.
const module = WebAssembly.compileStreaming(fetch(wasm)).catch(() => wasm);
const { default: init, popupMain } = await import("./pkg/popup.js");
await init({ module_or_path: await module });
await popupMain(tab, sync);
