//! Export for audits from the Tokens screen: the tokens listed, as CSV or JSON
//! (`core::audit`: metadata only — a listed [`crate::core::token::Token`] has no secret).
//!
//! What is listed is what is exported: this organization's tokens (each global one marked
//! `all`), or every organization's, each under the organization its group names. Revoked
//! tokens are not listed, so not exported; the filter box only hides rows on screen.

use time::OffsetDateTime;

use super::model::{TokenList, TokenScope, TokensScreen};
use crate::core::audit::{file_name, to_csv, to_json, AuditOrg, AuditRow};
use crate::core::expiry::Policy;

/// The two formats offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv;charset=utf-8",
            ExportFormat::Json => "application/json",
        }
    }
}

/// A file for the browser to save.
#[derive(Clone, PartialEq, Eq)]
pub struct Download {
    pub name: String,
    pub mime: &'static str,
    pub text: String,
}

/// The text is long and not worth a log line; the name and size say what it is.
impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("name", &self.name)
            .field("bytes", &self.text.len())
            .finish()
    }
}

/// The export of what `screen` lists, or nothing while the list is not there.
pub fn export(
    screen: &TokensScreen,
    format: ExportFormat,
    policy: &Policy,
    now: OffsetDateTime,
) -> Option<Download> {
    let TokenList::Loaded { groups, .. } = &screen.list else {
        return None;
    };
    let mut rows = Vec::new();
    for group in groups {
        for token in group.tokens.iter().filter(|t| !t.revoked) {
            let org = match screen.scope {
                TokenScope::AllOrgs => group.org.clone(),
                // This organization's list: a token is its own, or global.
                TokenScope::ThisOrg => AuditOrg::of(token, |_| Some(screen.org.name.clone())),
            };
            rows.push(AuditRow::new(token, org, now, policy));
        }
    }
    let text = match format {
        ExportFormat::Csv => to_csv(&rows),
        ExportFormat::Json => to_json(&rows, now),
    };
    let scope = match screen.scope {
        TokenScope::ThisOrg => Some(&screen.org.name),
        TokenScope::AllOrgs => None,
    };
    Some(Download {
        name: file_name(scope, now, format.extension()),
        mime: format.mime(),
        text,
    })
}
