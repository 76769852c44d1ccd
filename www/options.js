import init, { optionsMain } from "./pkg/options.js";

await init({ module_or_path: new URL("./pkg/options_bg.wasm", import.meta.url) });
await optionsMain();
