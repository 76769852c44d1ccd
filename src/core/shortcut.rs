//! The keyboard shortcut that opens the popup: the manifest's `commands._execute_action`.
//!
//! The manifest suggests [`DEFAULT_SHORTCUT`]; the person can change or clear it in the
//! browser (`chrome://extensions/shortcuts`, Firefox's "Manage Extension Shortcuts"), and a
//! browser leaves it unset when another extension took the keys first. `commands.getAll()`
//! reports what is set now; this picks the popup's entry out of that answer.

use serde::Deserialize;

/// The manifest's command name for "open the popup".
pub const EXECUTE_ACTION: &str = "_execute_action";
/// Alt+Shift+K ("K" for key): Alt with Shift and a letter suits both browsers' rules (Chrome
/// refuses Ctrl+Alt; both need Ctrl or Alt), and Chromium 156 assigns it where it leaves
/// Alt+Shift+P, +A, +X and +Z unassigned (taken by the browser); Alt+Shift+D is Dark Reader's.
/// Sources and measurements: `docs/keyboard-shortcut.md`.
pub const DEFAULT_SHORTCUT: &str = "Alt+Shift+K";

/// One entry of `commands.getAll()`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Command {
    #[serde(default)]
    pub name: String,
    /// `""` when no key is assigned.
    #[serde(default)]
    pub shortcut: String,
}

/// The popup's shortcut as the browser has it, or `None` when none is assigned.
pub fn popup_shortcut(commands: &[Command]) -> Option<&str> {
    commands
        .iter()
        .find(|c| c.name == EXECUTE_ACTION)
        .map(|c| c.shortcut.trim())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(name: &str, shortcut: &str) -> Command {
        Command {
            name: name.into(),
            shortcut: shortcut.into(),
        }
    }

    #[test]
    fn the_popup_shortcut_is_the_execute_action_entry() {
        let cases: [(Vec<Command>, Option<&str>); 4] = [
            (
                vec![command(EXECUTE_ACTION, "Alt+Shift+P")],
                Some("Alt+Shift+P"),
            ),
            (
                vec![
                    command("other", "Ctrl+Shift+Y"),
                    command(EXECUTE_ACTION, "⌥⇧P"),
                ],
                Some("⌥⇧P"),
            ),
            (vec![command(EXECUTE_ACTION, "")], None),
            (vec![], None),
        ];
        for (commands, expected) in cases {
            assert_eq!(popup_shortcut(&commands), expected);
        }
    }

    #[test]
    fn the_manifest_suggests_the_default_shortcut() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/extension/manifest.json");
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let command = &manifest["commands"][EXECUTE_ACTION];
        assert_eq!(command["suggested_key"]["default"], DEFAULT_SHORTCUT);
        assert_eq!(command["description"], "__MSG_commandOpenPopup__");
    }
}
