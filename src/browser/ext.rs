//! Bindings to `extension/ext.js`, the shim over `globalThis.browser ?? globalThis.chrome`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/extension/ext.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = storageGet)]
    pub async fn storage_get(area: &str, keys: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = storageSet)]
    pub async fn storage_set(area: &str, items: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = storageRemove)]
    pub async fn storage_remove(area: &str, keys: JsValue) -> Result<JsValue, JsValue>;
    /// `callback(area: string, keys: string[])` on every storage change. (`catch` gives it a
    /// JS wrapper: a binding of externrefs alone is imported straight into the wasm, under the
    /// snippet path the build does not rewrite.)
    #[wasm_bindgen(catch, js_name = onStorageChanged)]
    pub fn on_storage_changed(callback: &js_sys::Function) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, js_name = sendMessage)]
    pub async fn send_message(message: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = manifestVersion)]
    pub fn manifest_version() -> String;
    #[wasm_bindgen(js_name = extensionBaseUrl)]
    pub fn extension_base_url() -> String;
    #[wasm_bindgen(catch, js_name = openOptionsPage)]
    pub async fn open_options_page() -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_name = activeTabUrl)]
    pub async fn active_tab_url() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = openTab)]
    pub async fn open_tab(url: &str) -> Result<JsValue, JsValue>;

    /// `[{name, shortcut}]` from `commands.getAll()`; `shortcut` is `""` when none is set.
    #[wasm_bindgen(catch)]
    pub async fn commands() -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = getMessage)]
    pub fn get_message(key: &str, substitutions: Vec<String>) -> String;
    #[wasm_bindgen(js_name = uiLanguage)]
    pub fn ui_language() -> String;

    #[wasm_bindgen(catch, js_name = hasHostAccess)]
    pub async fn has_host_access(origins: Vec<String>) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = requestHostAccess)]
    pub async fn request_host_access(origins: Vec<String>) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_name = setPageOrigin)]
    pub async fn set_page_origin(
        rule_id: u32,
        host: &str,
        origin: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = clearPageOrigin)]
    pub async fn clear_page_origin(rule_id: u32) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch)]
    pub async fn notify(
        id: &str,
        title: &str,
        message: &str,
        buttons: Vec<String>,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = clearNotification)]
    pub async fn clear_notification(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = setBadge)]
    pub async fn set_badge(text: &str, warning: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = ensureAlarm)]
    pub async fn ensure_alarm(name: &str, period_in_minutes: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = alarmAt)]
    pub async fn alarm_at(name: &str, when_ms: f64) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = randomId)]
    pub fn random_id() -> String;
    #[wasm_bindgen(catch)]
    pub async fn sleep(ms: f64) -> Result<JsValue, JsValue>;
    /// (`catch` gives it a JS wrapper, as for `onStorageChanged`: a binding of numbers alone
    /// would be imported straight into the wasm under the snippet path.)
    #[wasm_bindgen(catch, js_name = testPendingTtlMs)]
    pub fn test_pending_ttl_ms() -> Result<f64, JsValue>;
}

/// The host-permission origins of the manifest, for `permissions.contains`/`request`.
pub const HOST_ORIGINS: [&str; 3] = [
    "https://dev.azure.com/*",
    "https://vssps.dev.azure.com/*",
    "https://*.visualstudio.com/*",
];

/// A localised string from `_locales` (the key itself when missing, so a gap is visible).
pub fn t(key: &str) -> String {
    let text = get_message(key, Vec::new());
    if text.is_empty() {
        key.to_owned()
    } else {
        text
    }
}

/// A localised string with `$1`…`$9` substitutions.
pub fn t_with(key: &str, args: &[&str]) -> String {
    let text = get_message(key, args.iter().map(|s| (*s).to_owned()).collect());
    if text.is_empty() {
        key.to_owned()
    } else {
        text
    }
}
