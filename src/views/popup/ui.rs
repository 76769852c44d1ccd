//! A small builder for the popup's elements. Controls get a `data-action` index into the
//! paint's action table (one delegated listener handles every click) and a stable `data-key`,
//! so focus survives a repaint.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlButtonElement, HtmlElement};

use super::state::Action;

pub type Res<T> = Result<T, JsValue>;

pub struct Ui<'a> {
    pub doc: &'a Document,
    pub actions: &'a RefCell<Vec<Action>>,
}

impl Ui<'_> {
    /// An element with a class (may be empty).
    pub fn el(&self, tag: &str, class: &str) -> Res<HtmlElement> {
        crate::views::dom::el(self.doc, tag, class, "")
    }

    /// An element with a class and text, appended to `parent`.
    pub fn text(&self, parent: &Element, tag: &str, class: &str, text: &str) -> Res<HtmlElement> {
        let e = self.el(tag, class)?;
        e.set_text_content(Some(text));
        parent.append_child(&e)?;
        Ok(e)
    }

    /// An empty element appended to `parent`.
    pub fn child(&self, parent: &Element, tag: &str, class: &str) -> Res<HtmlElement> {
        let e = self.el(tag, class)?;
        parent.append_child(&e)?;
        Ok(e)
    }

    /// A button that performs `action`; `key` names it across repaints.
    pub fn button(
        &self,
        parent: &Element,
        class: &str,
        label: &str,
        key: &str,
        action: Action,
    ) -> Res<HtmlButtonElement> {
        let b: HtmlButtonElement = self.doc.create_element("button")?.dyn_into()?;
        b.set_type("button");
        if !class.is_empty() {
            b.set_class_name(class);
        }
        if !label.is_empty() {
            b.set_text_content(Some(label));
        }
        self.bind(&b, key, action)?;
        parent.append_child(&b)?;
        Ok(b)
    }

    /// Makes `element` perform `action` when clicked.
    pub fn bind(&self, element: &Element, key: &str, action: Action) -> Res<()> {
        let mut actions = self.actions.borrow_mut();
        element.set_attribute("data-action", &actions.len().to_string())?;
        element.set_attribute("data-key", key)?;
        actions.push(action);
        Ok(())
    }
}

/// Sets an attribute, for chaining in render code.
pub fn attr(element: &Element, name: &str, value: &str) -> Res<()> {
    element.set_attribute(name, value)
}
