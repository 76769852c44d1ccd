import init, { popupMain } from "./pkg/popup.js";

await init({ module_or_path: new URL("./pkg/popup_bg.wasm", import.meta.url) });
await popupMain();
