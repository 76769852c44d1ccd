//! Token name templates: `{preset}`, `{org}`, `{date}` (ISO, UTC) and `{time}` (HH:MM, UTC).
//! `{{` and `}}` write a literal brace; any other `{…}` is an unknown placeholder.

use std::fmt;

use time::OffsetDateTime;

use crate::core::org::OrgName;

/// The template new presets start with.
pub const DEFAULT_TEMPLATE: &str = "{preset} · {date}";

/// The longest template accepted, in characters.
pub const MAX_TEMPLATE_CHARS: usize = 200;

/// The longest token name produced, in characters. Neither the PAT Lifecycle spec nor the
/// docs/azure-devops.md documents a `displayName` limit (only the `invalidDisplayName` error), so
/// this is a cap of our own that keeps names readable in lists.
pub const MAX_TOKEN_NAME_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Preset,
    Org,
    Date,
    Time,
}

/// A parsed name template. Keeps its source text for storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameTemplate {
    source: String,
    pieces: Vec<Piece>,
}

/// Why a template was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("the template is empty")]
    Empty,
    #[error("the template is longer than {max} characters")]
    TooLong { max: usize },
    #[error("the template holds a control character")]
    ControlCharacter,
    #[error("unknown placeholder {{{0}}}")]
    UnknownPlaceholder(String),
    #[error("a {{ is never closed")]
    UnclosedBrace,
    #[error("a }} has no {{ before it (write }}}} for a literal brace)")]
    StrayClosingBrace,
}

/// What a template is rendered with.
#[derive(Debug, Clone, Copy)]
pub struct NameContext<'a> {
    pub preset: &'a str,
    pub org: &'a OrgName,
    pub now: OffsetDateTime,
}

impl NameTemplate {
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        if source.trim().is_empty() {
            return Err(TemplateError::Empty);
        }
        if source.chars().count() > MAX_TEMPLATE_CHARS {
            return Err(TemplateError::TooLong {
                max: MAX_TEMPLATE_CHARS,
            });
        }
        if source.chars().any(char::is_control) {
            return Err(TemplateError::ControlCharacter);
        }
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '}' => return Err(TemplateError::StrayClosingBrace),
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some('{') | None => return Err(TemplateError::UnclosedBrace),
                            Some(other) => name.push(other),
                        }
                    }
                    let piece = match name.as_str() {
                        "preset" => Piece::Preset,
                        "org" => Piece::Org,
                        "date" => Piece::Date,
                        "time" => Piece::Time,
                        _ => return Err(TemplateError::UnknownPlaceholder(name)),
                    };
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(piece);
                }
                other => text.push(other),
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(Self {
            source: source.to_owned(),
            pieces,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The token name: placeholders filled, trimmed, capped at [`MAX_TOKEN_NAME_CHARS`].
    /// Never empty: a template that renders to blanks falls back to the preset's name, then to
    /// the date.
    pub fn render(&self, context: &NameContext<'_>) -> String {
        let now = context.now.to_offset(time::UtcOffset::UTC);
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Preset => out.push_str(context.preset),
                Piece::Org => out.push_str(context.org.as_str()),
                Piece::Date => out.push_str(&iso_date(now)),
                Piece::Time => out.push_str(&format!("{:02}:{:02}", now.hour(), now.minute())),
            }
        }
        let name = [out.as_str(), context.preset]
            .into_iter()
            .map(cap)
            .find(|name| !name.is_empty());
        name.unwrap_or_else(|| iso_date(now))
    }

    /// The literal text before the first date or time placeholder, with `{preset}` and `{org}`
    /// filled: what every name this template makes starts with (to recognise its tokens).
    pub fn stable_prefix(&self, preset: &str, org: &OrgName) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Preset => out.push_str(preset),
                Piece::Org => out.push_str(org.as_str()),
                Piece::Date | Piece::Time => break,
            }
        }
        out.trim_start().to_owned()
    }
}

impl fmt::Display for NameTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

fn iso_date(now: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    )
}

/// Trims, caps at [`MAX_TOKEN_NAME_CHARS`] characters, trims again.
fn cap(text: &str) -> String {
    let capped: String = text.trim().chars().take(MAX_TOKEN_NAME_CHARS).collect();
    capped.trim_end().to_owned()
}
