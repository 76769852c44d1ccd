//! A small element builder for the options page.
//!
//! Elements are made, given attributes and children in one expression. Nothing here adds an
//! event listener: a control carries `data-action="<area>/<n>"`, an index into the action table
//! of the area it was rendered in, and one delegated listener per event type (see `mod.rs`)
//! looks the action up. Re-rendering an area replaces its table, so nothing leaks.

use std::cell::RefCell;
use std::collections::BTreeMap;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

use super::Action;

pub type Res<T> = Result<T, JsValue>;

/// The action tables, one per area of the page that renders on its own.
#[derive(Default)]
pub struct Actions {
    tables: RefCell<BTreeMap<&'static str, Vec<Action>>>,
}

impl Actions {
    /// Starts a fresh table for `area` (the old controls are about to be replaced).
    pub fn reset(&self, area: &'static str) {
        self.tables.borrow_mut().insert(area, Vec::new());
    }

    fn push(&self, area: &'static str, action: Action) -> String {
        let mut tables = self.tables.borrow_mut();
        let table = tables.entry(area).or_default();
        table.push(action);
        format!("{area}/{}", table.len() - 1)
    }

    /// The action a `data-action` value names, if its area has not been re-rendered since.
    pub fn find(&self, key: &str) -> Option<Action> {
        let (area, index) = key.split_once('/')?;
        let index: usize = index.parse().ok()?;
        self.tables.borrow().get(area)?.get(index).cloned()
    }
}

/// Renders one area: every control it makes registers its action in that area's table.
pub struct Ui<'a> {
    pub doc: &'a Document,
    actions: &'a Actions,
    area: &'static str,
}

impl<'a> Ui<'a> {
    /// Begins rendering `area`, forgetting the actions of its previous rendering.
    pub fn new(doc: &'a Document, actions: &'a Actions, area: &'static str) -> Self {
        actions.reset(area);
        Self { doc, actions, area }
    }

    /// Adds to `area` without forgetting what is already rendered there.
    pub fn extend(doc: &'a Document, actions: &'a Actions, area: &'static str) -> Self {
        Self { doc, actions, area }
    }

    pub fn e(&self, tag: &str) -> Res<E> {
        Ok(E(self.doc.create_element(tag)?.dyn_into()?))
    }

    /// An element with a class and text.
    pub fn t(&self, tag: &str, class: &str, text: &str) -> Res<E> {
        Ok(self.e(tag)?.class(class).text(text))
    }

    /// A `type=button` button that performs `action` when clicked.
    pub fn button(&self, class: &str, label: &str, action: Action) -> Res<E> {
        Ok(self
            .e("button")?
            .attr("type", "button")
            .class(class)
            .text(label)
            .on(self, action))
    }

    /// An `<input>` of `kind`.
    pub fn input(&self, kind: &str, id: &str) -> Res<E> {
        Ok(self.e("input")?.attr("type", kind).id(id))
    }

    /// A `<label for=…>`.
    pub fn label(&self, for_id: &str, text: &str) -> Res<E> {
        Ok(self.e("label")?.attr("for", for_id).text(text))
    }
}

/// An element under construction. Attribute and child errors are ignored: they only arise from
/// invalid attribute names or impossible tree operations, and every name here is a constant.
pub struct E(pub HtmlElement);

impl E {
    pub fn class(self, class: &str) -> Self {
        if !class.is_empty() {
            self.0.set_class_name(class);
        }
        self
    }

    pub fn text(self, text: &str) -> Self {
        if !text.is_empty() {
            self.0.set_text_content(Some(text));
        }
        self
    }

    pub fn id(self, id: &str) -> Self {
        if !id.is_empty() {
            self.0.set_id(id);
        }
        self
    }

    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    pub fn attr_if(self, condition: bool, name: &str, value: &str) -> Self {
        if condition {
            self.attr(name, value)
        } else {
            self
        }
    }

    /// Sets an `<input>`'s current value (the property, not only the attribute).
    pub fn value(self, value: &str) -> Self {
        if let Some(input) = self.0.dyn_ref::<HtmlInputElement>() {
            input.set_value(value);
        }
        self.attr("value", value)
    }

    pub fn checked(self, checked: bool) -> Self {
        if let Some(input) = self.0.dyn_ref::<HtmlInputElement>() {
            input.set_checked(checked);
            input.set_default_checked(checked);
        }
        self
    }

    pub fn hidden(self, hidden: bool) -> Self {
        self.0.set_hidden(hidden);
        self
    }

    /// Performs `action` on click (buttons, links), change (checkboxes, radios, selects), input
    /// (text fields) or submit (forms).
    pub fn on(self, ui: &Ui<'_>, action: Action) -> Self {
        let key = ui.actions.push(ui.area, action);
        self.attr("data-action", &key)
    }

    pub fn child(self, child: E) -> Self {
        let _ = self.0.append_child(&child.0);
        self
    }

    pub fn child_if(self, condition: bool, child: impl FnOnce() -> Res<E>) -> Res<Self> {
        if condition {
            Ok(self.child(child()?))
        } else {
            Ok(self)
        }
    }

    pub fn children(self, children: impl IntoIterator<Item = E>) -> Self {
        for child in children {
            let _ = self.0.append_child(&child.0);
        }
        self
    }

    pub fn append_to(self, parent: &Element) -> Res<HtmlElement> {
        parent.append_child(&self.0)?;
        Ok(self.0)
    }

    pub fn el(self) -> HtmlElement {
        self.0
    }
}

/// Replaces the children of the element with id `id` by `content`.
pub fn replace(doc: &Document, id: &str, content: E) -> Res<()> {
    let host = doc
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(id))?;
    host.set_text_content(None);
    host.append_child(&content.0)?;
    Ok(())
}

/// The element with this id, as an `HtmlElement`.
pub fn by_id(doc: &Document, id: &str) -> Option<HtmlElement> {
    doc.get_element_by_id(id)?.dyn_into().ok()
}

/// Sets the text of the element with this id (an `aria-live` status, a preview).
pub fn set_text(doc: &Document, id: &str, text: &str) {
    if let Some(e) = doc.get_element_by_id(id) {
        e.set_text_content(Some(text));
    }
}

/// Moves keyboard focus to the element with this id, if it is there.
pub fn focus(doc: &Document, id: &str) {
    if let Some(e) = by_id(doc, id) {
        let _ = e.focus();
    }
}

/// An id usable in HTML and CSS selectors from any text (scope ids hold dots).
pub fn safe_id(prefix: &str, text: &str) -> String {
    let tail: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{prefix}-{tail}")
}
