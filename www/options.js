import init, { optionsMain } from "./pkg/pat_pilot.js";

await init({ module_or_path: new URL("./pkg/pat_pilot_bg.wasm", import.meta.url) });
await optionsMain();
