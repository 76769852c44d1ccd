// Service-worker bootstrap. Static imports only, and no top-level await (it kills the worker):
// listeners are registered synchronously and wait for the wasm module inside.
import init, * as pilot from "./pkg/worker.js";
import { listen } from "./ext.js";

const wasmReady = init({ module_or_path: new URL("./pkg/worker_bg.wasm", import.meta.url) });
listen(wasmReady, {
  message: pilot.workerMessage,
  installed: pilot.workerInstalled,
  startup: pilot.workerStartup,
  wake: pilot.workerWake,
  alarm: pilot.workerAlarm,
  notificationClicked: pilot.workerNotificationClicked,
  notificationButton: pilot.workerNotificationButton,
});
