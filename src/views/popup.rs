//! The toolbar popup.

use wasm_bindgen::prelude::*;

use super::dom::{app_root, document, el};
use crate::browser::ext::{self, t};

#[wasm_bindgen(js_name = popupMain)]
pub async fn popup_main() -> Result<(), JsValue> {
    let doc = document()?;
    let root = app_root(&doc)?;
    let header = el(&doc, "header", "bar", "")?;
    header.append_child(el(&doc, "h1", "title", &t("extName"))?.as_ref())?;
    header.append_child(el(&doc, "span", "version", crate::VERSION)?.as_ref())?;
    root.append_child(&header)?;
    let url = ext::active_tab_url().await?.as_string().unwrap_or_default();
    let host = web_sys::Url::new(&url)
        .map(|u| u.host())
        .unwrap_or_default();
    root.append_child(el(&doc, "p", "org", &host)?.as_ref())?;
    Ok(())
}
