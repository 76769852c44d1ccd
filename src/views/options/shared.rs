//! What every area of the options page uses and none owns: a notice, the words that become
//! data, and the ids of elements one area's focus may go to after another's change.

use crate::core::preset::PresetId;
use crate::core::recipes::RecipeId;
use crate::views::words::Text;

/// A one-line message in an area: something done, or something that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: Text,
    pub error: bool,
}

impl Notice {
    pub fn ok(text: Text) -> Self {
        Self { text, error: false }
    }
    pub fn error(text: Text) -> Self {
        Self { text, error: true }
    }
}

/// Words that become data — a preset's name, a sample organization — said once by the
/// browser when the page opens (`$1`, `$2` stand for what is filled in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// Each recipe's name, the name a preset made from it starts with.
    pub recipes: Vec<(RecipeId, String)>,
    /// "$1 (copy)".
    pub copy: String,
    /// "$1 ($2)", for a name already taken.
    pub numbered: String,
    /// The organization a name template's preview uses when none is known.
    pub sample_org: String,
}

impl Names {
    pub fn recipe(&self, id: RecipeId) -> String {
        self.recipes
            .iter()
            .find(|(r, _)| *r == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| id.as_str().to_owned())
    }
}

/// `pattern` with `$1`, `$2`… replaced by `args`.
pub fn fill(pattern: &str, args: &[&str]) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        let digit = chars.peek().and_then(|d| d.to_digit(10));
        match (c, digit) {
            ('$', Some(n)) if n >= 1 && (n as usize) <= args.len() => {
                chars.next();
                out.push_str(args[n as usize - 1]);
            }
            _ => out.push(c),
        }
    }
    out
}

/// An id usable in HTML and CSS selectors from any text (scope ids hold dots).
pub fn safe_id(prefix: &str, text: &str) -> String {
    let tail: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{prefix}-{tail}")
}

/// The Edit button of a preset's row (focus returns there when its editor closes).
pub fn edit_button_id(id: &PresetId) -> String {
    format!("edit-{id}")
}

/// The button that starts a new preset.
pub const NEW_PRESET_ID: &str = "new-preset";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_numbered_placeholders_and_leaves_the_rest() {
        assert_eq!(fill("$1 (copy)", &["Git"]), "Git (copy)");
        assert_eq!(fill("$1 ($2)", &["Git", "2"]), "Git (2)");
        assert_eq!(fill("$3 costs $", &["a"]), "$3 costs $");
    }

    #[test]
    fn safe_ids_keep_letters_and_digits() {
        assert_eq!(safe_id("lvl", "vso.code_write"), "lvl-vso-code-write");
    }
}
