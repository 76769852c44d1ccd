//! The one element helper of both pages.
//!
//! Static structure comes from the page's `<template>`s ([`Painter::stamp`]): a copy gets its
//! fixed words from `data-text`, `data-label`, `data-title` and `data-placeholder` (message
//! keys), and the painter fills the parts marked `data-part`. What varies is made and filled in
//! one expression ([`Painter::el`], [`Node`]).
//!
//! Nothing here adds an event listener: a control carries `data-action="<area>/<n>"`, an index
//! into the message table of the area it was painted in, and one delegated listener per event
//! type looks the message up ([`Actions::find`]). Painting an area again replaces its table.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlTemplateElement};

use super::say::say;
use super::words::Text;

pub type Res<T> = Result<T, JsValue>;

pub fn document() -> Res<Document> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// The message tables, one per area of a page that paints on its own (a handful: a list, not
/// a map, whose code each module would carry for this alone).
pub struct Actions<M> {
    tables: RefCell<Vec<(&'static str, Vec<M>)>>,
}

impl<M> Default for Actions<M> {
    fn default() -> Self {
        Self {
            tables: RefCell::new(Vec::new()),
        }
    }
}

impl<M: Clone> Actions<M> {
    fn reset(&self, area: &'static str) {
        let mut tables = self.tables.borrow_mut();
        match tables.iter_mut().find(|(a, _)| *a == area) {
            Some((_, table)) => table.clear(),
            None => tables.push((area, Vec::new())),
        }
    }

    fn push(&self, area: &'static str, msg: M) -> String {
        let mut tables = self.tables.borrow_mut();
        let at = match tables.iter().position(|(a, _)| *a == area) {
            Some(at) => at,
            None => {
                tables.push((area, Vec::new()));
                tables.len() - 1
            }
        };
        let table = &mut tables[at].1;
        table.push(msg);
        format!("{area}/{}", table.len() - 1)
    }

    /// The message a `data-action` value names, if its area has not been painted again since.
    pub fn find(&self, key: &str) -> Option<M> {
        let (area, index) = key.split_once('/')?;
        let index: usize = index.parse().ok()?;
        let tables = self.tables.borrow();
        let (_, table) = tables.iter().find(|(a, _)| *a == area)?;
        table.get(index).cloned()
    }
}

/// Paints one area: every control it binds registers its message in that area's table.
pub struct Painter<'a, M> {
    pub doc: &'a Document,
    actions: &'a Actions<M>,
    area: &'static str,
}

impl<'a, M: Clone> Painter<'a, M> {
    /// Begins painting `area`, forgetting the messages of its previous paint.
    pub fn new(doc: &'a Document, actions: &'a Actions<M>, area: &'static str) -> Self {
        actions.reset(area);
        Self { doc, actions, area }
    }

    /// Adds to `area` without forgetting what is already painted there.
    pub fn extend(doc: &'a Document, actions: &'a Actions<M>, area: &'static str) -> Self {
        Self { doc, actions, area }
    }

    pub fn el(&self, tag: &str) -> Res<Node> {
        Ok(Node(self.doc.create_element(tag)?.dyn_into()?))
    }

    /// An element with a class and words.
    pub fn text(&self, tag: &str, class: &str, text: &Text) -> Res<Node> {
        Ok(self.el(tag)?.class(class).text(text))
    }

    /// An element with a class and words that are not ours (a name, a symbol).
    pub fn plain(&self, tag: &str, class: &str, text: &str) -> Res<Node> {
        Ok(self.el(tag)?.class(class).plain(text))
    }

    /// A copy of `<template id="…">`'s element, its fixed words said.
    pub fn stamp(&self, template: &str) -> Res<Node> {
        let source: HtmlTemplateElement = self
            .doc
            .get_element_by_id(template)
            .ok_or_else(|| JsValue::from_str(template))?
            .dyn_into()?;
        let copy = source
            .content()
            .first_element_child()
            .ok_or_else(|| JsValue::from_str(template))?
            .clone_node_with_deep(true)?;
        let node = Node(copy.dyn_into()?);
        localize(&node.0)?;
        Ok(node)
    }

    /// Makes `node` send `msg` (on click for buttons and links, change for checkboxes, radios
    /// and selects, input for text fields, submit for forms).
    pub fn bind(&self, node: Node, msg: M) -> Node {
        let key = self.actions.push(self.area, msg);
        node.attr("data-action", &key)
    }

    /// A `type=button` button that sends `msg`.
    pub fn button(&self, class: &str, label: &Text, msg: M) -> Res<Node> {
        let button = self
            .el("button")?
            .attr("type", "button")
            .class(class)
            .text(label);
        Ok(self.bind(button, msg))
    }
}

/// Says the fixed words a template names: `data-text` (the content), `data-label`
/// (`aria-label`), `data-title` and `data-placeholder`.
fn localize(root: &Element) -> Res<()> {
    let say_key = |key: String| crate::browser::ext::t(&key);
    let all =
        root.query_selector_all("[data-text], [data-label], [data-title], [data-placeholder]")?;
    let mut elements: Vec<Element> = (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect();
    elements.push(root.clone());
    for element in elements {
        if let Some(key) = element.get_attribute("data-text") {
            element.set_text_content(Some(&say_key(key)));
        }
        for (data, attribute) in [
            ("data-label", "aria-label"),
            ("data-title", "title"),
            ("data-placeholder", "placeholder"),
        ] {
            if let Some(key) = element.get_attribute(data) {
                element.set_attribute(attribute, &say_key(key))?;
            }
        }
    }
    Ok(())
}

/// An element being filled. Attribute and child errors are ignored: they only arise from
/// invalid attribute names or impossible tree operations, and every name here is a constant.
#[derive(Clone)]
pub struct Node(pub HtmlElement);

impl Node {
    pub fn class(self, class: &str) -> Self {
        if !class.is_empty() {
            self.0.set_class_name(class);
        }
        self
    }

    /// The element's words.
    pub fn text(self, text: &Text) -> Self {
        self.0.set_text_content(Some(&say(text)));
        self
    }

    /// Words that are not ours, as they are.
    pub fn plain(self, text: &str) -> Self {
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

    /// An attribute with words (`aria-label`, `title`).
    pub fn say(self, name: &str, text: &Text) -> Self {
        self.attr(name, &say(text))
    }

    /// Sets an `<input>`'s current value: the property, so what a person typed is replaced
    /// and nothing (a secret) is written into the markup.
    pub fn value(self, value: &str) -> Self {
        if let Some(input) = self.0.dyn_ref::<HtmlInputElement>() {
            input.set_value(value);
        }
        self
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

    pub fn disabled(self, disabled: bool) -> Self {
        self.attr_if(disabled, "disabled", "")
    }

    pub fn child(self, child: Node) -> Self {
        let _ = self.0.append_child(&child.0);
        self
    }

    pub fn children(self, children: impl IntoIterator<Item = Node>) -> Self {
        for child in children {
            let _ = self.0.append_child(&child.0);
        }
        self
    }

    /// The element marked `data-part="name"`: this one, or one inside it.
    pub fn part(&self, name: &str) -> Res<Node> {
        if self.0.get_attribute("data-part").as_deref() == Some(name) {
            return Ok(self.clone());
        }
        let found = self
            .0
            .query_selector(&format!("[data-part=\"{name}\"]"))?
            .ok_or_else(|| JsValue::from_str(name))?;
        Ok(Node(found.dyn_into()?))
    }
}

/// Replaces the children of the element with id `id` by `content`.
pub fn replace(doc: &Document, id: &str, content: Node) -> Res<()> {
    let host = doc
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(id))?;
    host.replace_children_with_node_1(&content.0);
    Ok(())
}

/// The element with this id, as an `HtmlElement`.
pub fn by_id(doc: &Document, id: &str) -> Option<HtmlElement> {
    doc.get_element_by_id(id)?.dyn_into().ok()
}

/// Moves keyboard focus to the element with this id, if it is there.
pub fn focus(doc: &Document, id: &str) {
    if let Some(e) = by_id(doc, id) {
        let _ = e.focus();
    }
}

/// `console.error` (the page's own failures; they never hold a secret). Reached through
/// `globalThis` to keep web-sys' `console` feature out of the build.
pub fn log_error(error: &JsValue) {
    let console = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("console"));
    if let Ok(console) = console {
        if let Ok(f) = js_sys::Reflect::get(&console, &JsValue::from_str("error")) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                let _ = f.call1(&console, error);
            }
        }
    }
}

/// Runs `f` after `ms` milliseconds (a one-shot callback: nothing to clean up).
pub fn after(ms: u32, f: impl FnOnce() + 'static) {
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.unchecked_ref(),
            i32::try_from(ms).unwrap_or(i32::MAX),
        );
    }
}

/// Hands `text` to the browser as a download named `file`, through a Blob and an
/// `<a download>` (no `downloads` permission; called in the click's user gesture).
pub fn download(doc: &Document, file: &str, mime: &str, text: &str) -> Res<()> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(
        &js_sys::Array::of1(&JsValue::from_str(text)),
        &options,
    )?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file);
    anchor.set_hidden(true);
    if let Some(body) = doc.body() {
        body.append_child(&anchor)?;
        anchor.click();
        anchor.remove();
    }
    // The download reads the Blob on its own schedule: free the URL once it surely has.
    after(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}
