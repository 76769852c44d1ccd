//! Export for audits: the metadata of listed tokens as CSV or JSON, never a secret.
//!
//! The input is [`Token`], which has no field for a secret (only `NewToken` carries one), so no
//! export can contain one. Each row has the token's name, organization (its name when known,
//! else its id; `all` for a global token), scopes, created (`validFrom`), expires (`validTo`)
//! and status at the moment of export, plus the token's and the organization's ids.
//!
//! CSV follows RFC 4180: comma-separated, CRLF line ends, a header row, and a field in double
//! quotes (with `"` doubled) when it holds a comma, a quote, CR or LF. A cell that a spreadsheet
//! would run as a formula — one starting with `=`, `+`, `-`, `@`, a tab or a carriage return
//! (OWASP's "CSV Injection" list) — gets a leading `'`, so a token named `=HYPERLINK(…)` opens
//! as text. JSON keeps values as they are (no spreadsheet reads it) in a versioned document:
//! `{"format":"pat-pilot/tokens","version":1,"exportedAt":…,"tokens":[…]}`.

use serde::Serialize;
use serde_json::{json, Value};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::core::expiry::{status, Policy, TokenStatus};
use crate::core::org::OrgName;
use crate::core::token::Token;

pub const FORMAT_TAG: &str = "pat-pilot/tokens";
pub const FORMAT_VERSION: u64 = 1;
/// The CSV header, in column order.
pub const CSV_COLUMNS: [&str; 8] = [
    "name",
    "organization",
    "scopes",
    "created",
    "expires",
    "status",
    "id",
    "organization_id",
];

/// The organization a token works in, as far as it is known (also how the all-organizations
/// list groups tokens, so an export says what the screen showed).
// Tagged by `kind` through `core::tagged` (serde's own `tag` buffers the value first: 11 KB of
// the popup's module, which reads these in every all-organizations list).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum AuditOrg {
    /// A global token: every organization of the person.
    All {},
    Named {
        name: OrgName,
        id: Option<Uuid>,
    },
    /// An organization known only by its id (never visited, no route names it).
    Unnamed {
        id: Uuid,
    },
    /// A token that names no organization at all (`targetAccounts: []`; not seen from the
    /// service, but not a global token either).
    Unknown {},
}
crate::core::tagged::internally_tagged!(AuditOrg, "kind");

impl AuditOrg {
    /// The organization of `token`: its first target account (Azure DevOps' token page lets a
    /// person pick one organization or all of them), named by `name_of` when it can.
    pub fn of(token: &Token, name_of: impl Fn(Uuid) -> Option<OrgName>) -> Self {
        match token.target_accounts.as_deref() {
            None => AuditOrg::All {},
            Some([]) => AuditOrg::Unknown {},
            Some([id, ..]) => match name_of(*id) {
                Some(name) => AuditOrg::Named {
                    name,
                    id: Some(*id),
                },
                None => AuditOrg::Unnamed { id: *id },
            },
        }
    }

    pub fn label(&self) -> String {
        match self {
            AuditOrg::All {} => "all".to_owned(),
            AuditOrg::Named { name, .. } => name.as_str().to_owned(),
            AuditOrg::Unnamed { id } => id.hyphenated().to_string(),
            AuditOrg::Unknown {} => "unknown".to_owned(),
        }
    }

    pub fn id(&self) -> Option<Uuid> {
        match self {
            AuditOrg::All {} | AuditOrg::Unknown {} => None,
            AuditOrg::Named { id, .. } => *id,
            AuditOrg::Unnamed { id } => Some(*id),
        }
    }
}

/// A token's status as an export names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AuditStatus {
    Active,
    Expiring,
    Expired,
    Retired,
    Revoked,
}

impl AuditStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditStatus::Active => "active",
            AuditStatus::Expiring => "expiring",
            AuditStatus::Expired => "expired",
            AuditStatus::Retired => "retired",
            AuditStatus::Revoked => "revoked",
        }
    }
}

impl From<TokenStatus> for AuditStatus {
    fn from(value: TokenStatus) -> Self {
        match value {
            TokenStatus::Fine => AuditStatus::Active,
            TokenStatus::Expiring { .. } => AuditStatus::Expiring,
            TokenStatus::Expired => AuditStatus::Expired,
            TokenStatus::Retired => AuditStatus::Retired,
            TokenStatus::Revoked => AuditStatus::Revoked,
        }
    }
}

/// One exported token: metadata only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    token: Token,
    org: AuditOrg,
    status: AuditStatus,
}

impl AuditRow {
    /// The row of `token` in `org`, with its status at `now` under `policy`.
    pub fn new(token: &Token, org: AuditOrg, now: OffsetDateTime, policy: &Policy) -> Self {
        Self {
            token: token.clone(),
            status: status(token, now, policy).into(),
            org,
        }
    }
    pub fn status(&self) -> AuditStatus {
        self.status
    }
}

fn rfc3339(at: OffsetDateTime) -> String {
    crate::core::rfc3339::format(at).unwrap_or_else(|| at.to_string())
}

/// The rows as CSV text (header first, CRLF after every record).
pub fn to_csv(rows: &[AuditRow]) -> String {
    let mut out = String::new();
    push_record(&mut out, CSV_COLUMNS.iter().map(|c| (*c).to_owned()));
    for row in rows {
        push_record(
            &mut out,
            [
                row.token.name.clone(),
                row.org.label(),
                row.token.scopes.to_wire(),
                rfc3339(row.token.valid_from),
                rfc3339(row.token.valid_to),
                row.status.as_str().to_owned(),
                row.token.id.to_string(),
                row.org
                    .id()
                    .map(|id| id.hyphenated().to_string())
                    .unwrap_or_default(),
            ],
        );
    }
    out
}

fn push_record(out: &mut String, cells: impl IntoIterator<Item = String>) {
    let cells: Vec<String> = cells.into_iter().map(|c| csv_cell(&c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// One CSV field: defused for spreadsheets, then quoted when RFC 4180 requires it.
pub fn csv_cell(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if defused.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// The rows as a JSON document (pretty-printed, newline-terminated).
pub fn to_json(rows: &[AuditRow], exported_at: OffsetDateTime) -> String {
    let tokens: Vec<Value> = rows
        .iter()
        .map(|row| {
            json!({
                "name": row.token.name,
                "organization": row.org.label(),
                "organizationId": row.org.id().map(|id| id.hyphenated().to_string()),
                "scopes": row.token.scopes.ids(),
                "created": rfc3339(row.token.valid_from),
                "expires": rfc3339(row.token.valid_to),
                "status": row.status.as_str(),
                "id": row.token.id.to_string(),
            })
        })
        .collect();
    let document = json!({
        "format": FORMAT_TAG,
        "version": FORMAT_VERSION,
        "exportedAt": rfc3339(exported_at),
        "tokens": tokens,
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_else(|_| document.to_string());
    text.push('\n');
    text
}

/// A file name for an export: `pat-pilot-tokens-<org or all>-<date>.<ext>`.
pub fn file_name(org: Option<&OrgName>, at: OffsetDateTime, extension: &str) -> String {
    let date = at.date();
    let scope = org.map_or("all", OrgName::as_str);
    format!("pat-pilot-tokens-{scope}-{date}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\rhere", "\"cr\rhere\""),
            ("", ""),
            ("Git · 2026-11-28", "Git · 2026-11-28"),
        ];
        for (text, cell) in cases {
            assert_eq!(csv_cell(text), cell, "{text:?}");
        }
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_defused() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+SUM(A1)", "'+SUM(A1)"),
            ("-2", "'-2"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("a=b", "a=b"),
        ];
        for (text, cell) in cases {
            assert_eq!(csv_cell(text), cell, "{text:?}");
        }
    }
}
