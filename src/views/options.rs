//! The options page.

use wasm_bindgen::prelude::*;

use super::dom::{app_root, document, el};
use crate::browser::ext::t;

#[wasm_bindgen(js_name = optionsMain)]
pub async fn options_main() -> Result<(), JsValue> {
    let doc = document()?;
    let root = app_root(&doc)?;
    root.append_child(el(&doc, "h1", "title", &t("extName"))?.as_ref())?;
    Ok(())
}
