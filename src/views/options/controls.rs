//! What the options page's painters share: what a control sends ([`Control`], turned into
//! a message by `run.rs` when the event comes) and a few ways to fill an element.

use super::shared::Notice;
use super::update::Msg;
use crate::core::org::UrlParts;
use crate::views::dom::{Node, Painter, Res};
use crate::views::words::Text;

/// What a control sends.
// One table entry per control: boxing the large messages would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub enum Control {
    /// A button or a link: this.
    Send(Msg),
    /// A text field or a select: a message of its value.
    Value(fn(String) -> Msg),
    /// A checkbox or a radio: a message of whether it is checked, and its value.
    Check(fn(bool, String) -> Msg),
    /// A ladder radio of the picker's group at this index.
    Rung(usize),
    /// A form: a message of its text field's value, and the browser's parse of it as a URL.
    Form(fn(String, Option<UrlParts>) -> Msg),
    /// A placeholder button: inserted where the template's caret is.
    Placeholder(&'static str),
    /// The import's file input.
    File,
}

pub type P<'a> = Painter<'a, Control>;

/// Fills `host` (an element with an id) with `content`.
pub fn fill(p: &P, host: &str, content: Node) -> Res<()> {
    crate::views::dom::replace(p.doc, host, content)
}

/// A `status-line` that says a notice (or nothing).
pub fn status_line(p: &P, node: Node, notice: Option<&Notice>) -> Res<Node> {
    Ok(match notice {
        Some(n) => node
            .class(if n.error {
                "status-line error"
            } else {
                "status-line ok"
            })
            .child(p.text("p", "", &n.text)?),
        None => node,
    })
}

/// A `<p class="problem">` with words, or hidden.
pub fn problem(node: Node, text: Option<&Text>) -> Node {
    match text {
        Some(t) => node.text(t).hidden(false),
        None => node.hidden(true),
    }
}
