//! Small helpers over web-sys for building the pages.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

pub fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// An element with a class and text.
#[cfg(feature = "popup")]
pub fn el(
    doc: &Document,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<web_sys::HtmlElement, JsValue> {
    use wasm_bindgen::JsCast;
    let e: web_sys::HtmlElement = doc.create_element(tag)?.dyn_into()?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    Ok(e)
}

/// The page's `#app` root, emptied.
pub fn app_root(doc: &Document) -> Result<Element, JsValue> {
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app"))?;
    root.set_text_content(None);
    Ok(root)
}
