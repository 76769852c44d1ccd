//! Presets: what a one-click token is made of.
//!
//! A [`Preset`] only comes out of validation ([`PresetDraft::validate`] or
//! [`Preset::from_value`]), so every preset has a valid id, a name, at least one scope (full
//! access alone, or catalog scopes), a lifetime of 1–365 days, a parsed name template, its
//! organizations and the form its token is copied in (with the feed, when that form names one).
//! Validation reports every problem at once, as typed [`PresetProblem`]s that the views word
//! through `_locales`.
//!
//! Stored and exported shape (`camelCase`):
//! `{"id","name","scopes":[…],"lifetimeDays","nameTemplate","orgs":"all" | ["org", …],
//! "copyAs"?: {"format", "feed"?, "project"?}}`. `copyAs` is left out when the token is copied
//! as it is, so presets that do not use it read and write exactly as before it existed.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use crate::core::copy_as::{CopyAs, CopyFormat};
use crate::core::feed::{Feed, FeedName, ProjectName};
use crate::core::org::OrgName;
use crate::core::scopes::{catalog, FULL_ACCESS};
use crate::core::template::{NameTemplate, TemplateError, MAX_TEMPLATE_CHARS};
use crate::core::token::Scopes;

pub const MAX_ID_CHARS: usize = 64;
pub const MAX_NAME_CHARS: usize = 60;
pub const MIN_LIFETIME_DAYS: u16 = 1;
pub const MAX_LIFETIME_DAYS: u16 = 365;
/// At most this many scopes (the catalog has fewer) and organizations: with these caps the
/// largest valid preset still fits one `chrome.storage.sync` item (8 KB; a test checks).
pub const MAX_SCOPES: usize = 100;
pub const MAX_ORGS: usize = 50;
/// Echoed values (an unknown scope, a bad organization) are cut to this many characters.
const MAX_ECHO_CHARS: usize = 64;

/// A preset's id: 1–64 ASCII letters, digits, `-` or `_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PresetId(String);

impl PresetId {
    pub fn parse(text: &str) -> Result<Self, ProblemReason> {
        if text.is_empty() {
            return Err(ProblemReason::Empty);
        }
        if text.chars().count() > MAX_ID_CHARS {
            return Err(ProblemReason::TooLong { max: MAX_ID_CHARS });
        }
        if !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(ProblemReason::InvalidCharacters);
        }
        Ok(Self(text.to_owned()))
    }

    /// A new id from the time (base-36 milliseconds), suffixed until it is not `taken`.
    pub fn fresh(now: OffsetDateTime, taken: &[PresetId]) -> Self {
        let millis = (now.unix_timestamp_nanos() / 1_000_000).unsigned_abs();
        let base = format!("p-{}", base36(millis));
        let mut candidate = base.clone();
        let mut n = 2u32;
        while taken.iter().any(|t| t.0 == candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        Self(candidate)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn base36(mut n: u128) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

impl fmt::Display for PresetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PresetId {
    type Error = ProblemReason;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PresetId> for String {
    fn from(value: PresetId) -> Self {
        value.0
    }
}

/// The organizations a preset is offered in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgScope {
    All,
    /// A non-empty list without duplicates, in the order given.
    Only(Vec<OrgName>),
}

impl OrgScope {
    pub fn includes(&self, org: &OrgName) -> bool {
        match self {
            OrgScope::All => true,
            OrgScope::Only(orgs) => orgs.contains(org),
        }
    }
}

/// A field of a preset, as problems name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PresetField {
    /// The preset as a whole (e.g. not a JSON object).
    Preset,
    Id,
    Name,
    Scopes,
    LifetimeDays,
    NameTemplate,
    Orgs,
    /// The default "Copy as…" format (`copyAs`, `copyAs.format`).
    CopyAs,
    /// The Azure Artifacts feed of that format (`copyAs.feed`).
    Feed,
    /// The feed's project (`copyAs.project`).
    Project,
}

/// The JSON type a field needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum JsonType {
    Object,
    String,
    Integer,
    ArrayOfStrings,
    /// `"all"` or an array of organization names.
    AllOrArrayOfStrings,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ProblemReason {
    #[error("missing")]
    Missing,
    #[error("must be {expected:?}")]
    WrongType { expected: JsonType },
    #[error("empty")]
    Empty,
    #[error("longer than {max} characters")]
    TooLong { max: usize },
    #[error("more than {max} entries")]
    TooMany { max: usize },
    #[error("holds a control character")]
    ControlCharacter,
    #[error("holds characters other than letters, digits, - and _")]
    InvalidCharacters,
    #[error("must be between {min} and {max}")]
    OutOfRange { min: i64, max: i64 },
    #[error("unknown scope {scope:?}")]
    UnknownScope { scope: String },
    #[error("full access (app_token) cannot be combined with other scopes")]
    FullAccessNotAlone,
    #[error("unknown placeholder {{{placeholder}}}")]
    UnknownPlaceholder { placeholder: String },
    #[error("unbalanced brace")]
    UnbalancedBrace,
    #[error("not an organization name: {value:?}")]
    InvalidOrg { value: String },
    #[error("organization {org} is listed twice")]
    DuplicateOrg { org: String },
    #[error("another preset has this name")]
    DuplicateName,
    #[error("unknown copy format {format:?}")]
    UnknownFormat { format: String },
}

/// One problem: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{field:?}: {reason}")]
pub struct PresetProblem {
    pub field: PresetField,
    pub reason: ProblemReason,
}

impl PresetProblem {
    pub fn new(field: PresetField, reason: ProblemReason) -> Self {
        Self { field, reason }
    }
}

/// Every problem of one preset (for `serde`'s error and `?`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid preset: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct PresetProblems(pub Vec<PresetProblem>);

/// The organizations as edited, before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgsDraft {
    All,
    Only(Vec<String>),
}

/// The "Copy as…" default as edited, before validation: a format id, and the feed and project
/// (empty when unused; ignored by formats that name no feed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CopyAsDraft {
    pub format: String,
    pub feed: String,
    pub project: String,
}

impl Default for CopyAsDraft {
    fn default() -> Self {
        Self {
            format: CopyFormat::Raw.id().to_owned(),
            feed: String::new(),
            project: String::new(),
        }
    }
}

impl CopyAsDraft {
    /// The format with its feed, checked as a preset's are (the popup's panel checks what is
    /// typed there the same way): a known format, and for a feed format a valid feed name and,
    /// if given, a valid project.
    pub fn validate(&self) -> Result<CopyAs, Vec<PresetProblem>> {
        check_copy_as(self)
    }

    pub fn of(copy: &CopyAs) -> Self {
        Self {
            format: copy.format().id().to_owned(),
            feed: copy
                .feed()
                .map(|f| f.name.as_str().to_owned())
                .unwrap_or_default(),
            project: copy
                .feed()
                .and_then(|f| f.project.as_ref())
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
        }
    }
}

/// A preset as the editor holds it: plain values, validated by [`PresetDraft::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetDraft {
    pub id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub lifetime_days: i64,
    pub name_template: String,
    pub orgs: OrgsDraft,
    pub copy_as: CopyAsDraft,
}

/// A validated preset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preset {
    id: PresetId,
    name: String,
    scopes: Scopes,
    lifetime_days: u16,
    name_template: NameTemplate,
    orgs: OrgScope,
    copy_as: CopyAs,
}

impl Preset {
    pub fn id(&self) -> &PresetId {
        &self.id
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn scopes(&self) -> &Scopes {
        &self.scopes
    }
    pub fn lifetime_days(&self) -> u16 {
        self.lifetime_days
    }
    pub fn name_template(&self) -> &NameTemplate {
        &self.name_template
    }
    pub fn orgs(&self) -> &OrgScope {
        &self.orgs
    }
    /// The form "Copy" uses by default for this preset's tokens.
    pub fn copy_as(&self) -> &CopyAs {
        &self.copy_as
    }
    /// Offered in this organization?
    pub fn applies_to(&self, org: &OrgName) -> bool {
        self.orgs.includes(org)
    }

    /// The draft to edit this preset from.
    pub fn to_draft(&self) -> PresetDraft {
        PresetDraft {
            id: self.id.0.clone(),
            name: self.name.clone(),
            scopes: self.scopes.ids().to_vec(),
            lifetime_days: i64::from(self.lifetime_days),
            name_template: self.name_template.as_str().to_owned(),
            orgs: match &self.orgs {
                OrgScope::All => OrgsDraft::All,
                OrgScope::Only(orgs) => {
                    OrgsDraft::Only(orgs.iter().map(|o| o.as_str().to_owned()).collect())
                }
            },
            copy_as: CopyAsDraft::of(&self.copy_as),
        }
    }

    /// The same preset under another id (imports and recipes).
    pub fn with_id(mut self, id: PresetId) -> Self {
        self.id = id;
        self
    }

    /// The JSON shape (the inverse of [`Preset::from_value`]).
    pub fn to_value(&self) -> Value {
        let orgs = match &self.orgs {
            OrgScope::All => Value::from("all"),
            OrgScope::Only(orgs) => orgs.iter().map(|o| Value::from(o.as_str())).collect(),
        };
        let mut value = serde_json::json!({
            "id": self.id.as_str(),
            "name": self.name,
            "scopes": self.scopes.ids(),
            "lifetimeDays": self.lifetime_days,
            "nameTemplate": self.name_template.as_str(),
            "orgs": orgs,
        });
        if !self.copy_as.is_raw() {
            let mut copy = serde_json::Map::new();
            copy.insert("format".into(), self.copy_as.format().id().into());
            if let Some(feed) = self.copy_as.feed() {
                copy.insert("feed".into(), feed.name.as_str().into());
                if let Some(project) = &feed.project {
                    copy.insert("project".into(), project.as_str().into());
                }
            }
            if let Value::Object(fields) = &mut value {
                fields.insert("copyAs".into(), Value::Object(copy));
            }
        }
        value
    }
}

impl Serialize for Preset {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Preset {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Preset::from_value(&value).map_err(|p| serde::de::Error::custom(PresetProblems(p)))
    }
}

impl PresetDraft {
    /// A blank draft with the default template, for the editor's "new preset".
    pub fn blank(id: PresetId) -> Self {
        Self {
            id: id.0,
            name: String::new(),
            scopes: Vec::new(),
            lifetime_days: 30,
            name_template: crate::core::template::DEFAULT_TEMPLATE.to_owned(),
            orgs: OrgsDraft::All,
            copy_as: CopyAsDraft::default(),
        }
    }

    /// Validates every field; all problems at once.
    pub fn validate(&self) -> Result<Preset, Vec<PresetProblem>> {
        let mut problems = Vec::new();
        let fields = Fields {
            id: Some(self.id.clone()),
            name: Some(self.name.clone()),
            scopes: Some(self.scopes.clone()),
            lifetime_days: Some(self.lifetime_days),
            name_template: Some(self.name_template.clone()),
            orgs: Some(self.orgs.clone()),
            copy_as: Some(self.copy_as.clone()),
        };
        match fields.validate(&mut problems) {
            Some(preset) if problems.is_empty() => Ok(preset),
            _ => Err(problems),
        }
    }
}

impl PresetDraft {
    /// [`PresetDraft::validate`], and [`ProblemReason::DuplicateName`] when another preset
    /// (another id) has the same name, ignoring case and surrounding spaces: the popup shows
    /// presets by name, and imports match them by name.
    pub fn validate_among(&self, others: &[Preset]) -> Result<Preset, Vec<PresetProblem>> {
        let name = self.name.trim().to_lowercase();
        let taken = !name.is_empty()
            && others
                .iter()
                .any(|p| p.id().as_str() != self.id && p.name().trim().to_lowercase() == name);
        let duplicate = || PresetProblem::new(PresetField::Name, ProblemReason::DuplicateName);
        match (self.validate(), taken) {
            (result, false) => result,
            (Ok(_), true) => Err(vec![duplicate()]),
            (Err(mut problems), true) => {
                problems.push(duplicate());
                Err(problems)
            }
        }
    }
}

impl Preset {
    /// Reads a preset from its JSON shape, reporting every problem (wrong types and invalid
    /// values alike). Unknown fields are ignored, so a newer version's additions do not break
    /// an older reader.
    pub fn from_value(value: &Value) -> Result<Self, Vec<PresetProblem>> {
        let mut problems = Vec::new();
        let fields = Fields::read(value, &mut problems);
        match fields.validate(&mut problems) {
            Some(preset) if problems.is_empty() => Ok(preset),
            _ => Err(problems),
        }
    }
}

/// The fields that could be read; `None` where a problem is already noted.
struct Fields {
    id: Option<String>,
    name: Option<String>,
    scopes: Option<Vec<String>>,
    lifetime_days: Option<i64>,
    name_template: Option<String>,
    orgs: Option<OrgsDraft>,
    copy_as: Option<CopyAsDraft>,
}

impl Fields {
    fn read(value: &Value, problems: &mut Vec<PresetProblem>) -> Self {
        let Some(object) = value.as_object() else {
            problems.push(PresetProblem::new(
                PresetField::Preset,
                ProblemReason::WrongType {
                    expected: JsonType::Object,
                },
            ));
            return Self::none();
        };
        let text = |v: &Value| v.as_str().map(str::to_owned);
        let days = |v: &Value| match v {
            // Larger than i64 is out of range all the same.
            Value::Number(n) => n.as_i64().or_else(|| n.as_u64().map(|_| i64::MAX)),
            _ => None,
        };
        let orgs = |v: &Value| match v {
            Value::String(s) if s == "all" => Some(OrgsDraft::All),
            other => string_array(other).map(OrgsDraft::Only),
        };
        use JsonType as T;
        use PresetField as F;
        Self {
            id: take(object, problems, "id", F::Id, T::String, text),
            name: take(object, problems, "name", F::Name, T::String, text),
            scopes: take(
                object,
                problems,
                "scopes",
                F::Scopes,
                T::ArrayOfStrings,
                string_array,
            ),
            lifetime_days: take(
                object,
                problems,
                "lifetimeDays",
                F::LifetimeDays,
                T::Integer,
                days,
            ),
            name_template: take(
                object,
                problems,
                "nameTemplate",
                F::NameTemplate,
                T::String,
                text,
            ),
            orgs: take(
                object,
                problems,
                "orgs",
                F::Orgs,
                T::AllOrArrayOfStrings,
                orgs,
            ),
            copy_as: read_copy_as(object.get("copyAs"), problems),
        }
    }

    fn none() -> Self {
        Self {
            id: None,
            name: None,
            scopes: None,
            lifetime_days: None,
            name_template: None,
            orgs: None,
            copy_as: None,
        }
    }

    /// Checks every field that could be read, noting problems; the preset when all are fine.
    fn validate(self, problems: &mut Vec<PresetProblem>) -> Option<Preset> {
        fn check<T>(
            problems: &mut Vec<PresetProblem>,
            field: PresetField,
            result: Option<Result<T, Vec<ProblemReason>>>,
        ) -> Option<T> {
            match result? {
                Ok(value) => Some(value),
                Err(reasons) => {
                    problems.extend(reasons.into_iter().map(|r| PresetProblem::new(field, r)));
                    None
                }
            }
        }
        let one = |r: ProblemReason| vec![r];
        let id = check(
            problems,
            PresetField::Id,
            self.id.map(|v| PresetId::parse(&v).map_err(one)),
        );
        let name = check(
            problems,
            PresetField::Name,
            self.name.map(|v| check_name(&v).map_err(one)),
        );
        let scopes = check(
            problems,
            PresetField::Scopes,
            self.scopes.map(|v| check_scopes(&v)),
        );
        let lifetime_days = check(
            problems,
            PresetField::LifetimeDays,
            self.lifetime_days.map(|v| check_lifetime(v).map_err(one)),
        );
        let name_template = check(
            problems,
            PresetField::NameTemplate,
            self.name_template
                .map(|v| NameTemplate::parse(&v).map_err(|e| one(template_reason(e)))),
        );
        let orgs = check(
            problems,
            PresetField::Orgs,
            self.orgs.map(|v| check_orgs(&v)),
        );
        let copy_as = self.copy_as.and_then(|v| match check_copy_as(&v) {
            Ok(copy) => Some(copy),
            Err(found) => {
                problems.extend(found);
                None
            }
        });
        Some(Preset {
            id: id?,
            name: name?,
            scopes: scopes?,
            lifetime_days: lifetime_days?,
            name_template: name_template?,
            orgs: orgs?,
            copy_as: copy_as?,
        })
    }
}

/// One field of a JSON object: a problem when missing (or null) or of the wrong type.
fn take<T>(
    object: &serde_json::Map<String, Value>,
    problems: &mut Vec<PresetProblem>,
    key: &str,
    field: PresetField,
    expected: JsonType,
    read: impl Fn(&Value) -> Option<T>,
) -> Option<T> {
    let Some(value) = object.get(key).filter(|v| !v.is_null()) else {
        problems.push(PresetProblem::new(field, ProblemReason::Missing));
        return None;
    };
    let read = read(value);
    if read.is_none() {
        problems.push(PresetProblem::new(
            field,
            ProblemReason::WrongType { expected },
        ));
    }
    read
}

fn string_array(value: &Value) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// Cuts a value echoed in a problem to a readable length.
fn echo(text: &str) -> String {
    let mut out: String = text.chars().take(MAX_ECHO_CHARS).collect();
    if text.chars().count() > MAX_ECHO_CHARS {
        out.push('…');
    }
    out
}

fn check_name(name: &str) -> Result<String, ProblemReason> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        Err(ProblemReason::Empty)
    } else if trimmed.chars().count() > MAX_NAME_CHARS {
        Err(ProblemReason::TooLong {
            max: MAX_NAME_CHARS,
        })
    } else if trimmed.chars().any(char::is_control) {
        Err(ProblemReason::ControlCharacter)
    } else {
        Ok(trimmed.to_owned())
    }
}

fn check_scopes(ids: &[String]) -> Result<Scopes, Vec<ProblemReason>> {
    if ids.len() > MAX_SCOPES {
        return Err(vec![ProblemReason::TooMany { max: MAX_SCOPES }]);
    }
    let scopes = Scopes::from_ids(ids);
    if scopes.is_empty() {
        return Err(vec![ProblemReason::Empty]);
    }
    let catalog = catalog();
    let mut problems: Vec<ProblemReason> = scopes
        .ids()
        .iter()
        .filter(|id| !catalog.contains(id))
        .map(|id| ProblemReason::UnknownScope { scope: echo(id) })
        .collect();
    if scopes.ids().len() > 1 && scopes.ids().iter().any(|id| id == FULL_ACCESS) {
        problems.push(ProblemReason::FullAccessNotAlone);
    }
    if problems.is_empty() {
        Ok(scopes)
    } else {
        Err(problems)
    }
}

fn check_lifetime(days: i64) -> Result<u16, ProblemReason> {
    u16::try_from(days)
        .ok()
        .filter(|d| (MIN_LIFETIME_DAYS..=MAX_LIFETIME_DAYS).contains(d))
        .ok_or(ProblemReason::OutOfRange {
            min: i64::from(MIN_LIFETIME_DAYS),
            max: i64::from(MAX_LIFETIME_DAYS),
        })
}

fn template_reason(error: TemplateError) -> ProblemReason {
    match error {
        TemplateError::Empty => ProblemReason::Empty,
        TemplateError::TooLong { .. } => ProblemReason::TooLong {
            max: MAX_TEMPLATE_CHARS,
        },
        TemplateError::ControlCharacter => ProblemReason::ControlCharacter,
        TemplateError::UnknownPlaceholder(name) => ProblemReason::UnknownPlaceholder {
            placeholder: echo(&name),
        },
        TemplateError::UnclosedBrace | TemplateError::StrayClosingBrace => {
            ProblemReason::UnbalancedBrace
        }
    }
}

fn check_orgs(orgs: &OrgsDraft) -> Result<OrgScope, Vec<ProblemReason>> {
    let names = match orgs {
        OrgsDraft::All => return Ok(OrgScope::All),
        OrgsDraft::Only(names) => names,
    };
    if names.is_empty() {
        return Err(vec![ProblemReason::Empty]);
    }
    if names.len() > MAX_ORGS {
        return Err(vec![ProblemReason::TooMany { max: MAX_ORGS }]);
    }
    let mut problems = Vec::new();
    let mut parsed: Vec<OrgName> = Vec::new();
    for name in names {
        match OrgName::parse(name.trim()) {
            Some(org) if parsed.contains(&org) => problems.push(ProblemReason::DuplicateOrg {
                org: org.as_str().to_owned(),
            }),
            Some(org) => parsed.push(org),
            None => problems.push(ProblemReason::InvalidOrg { value: echo(name) }),
        }
    }
    if problems.is_empty() {
        Ok(OrgScope::Only(parsed))
    } else {
        Err(problems)
    }
}

/// `copyAs`: optional (absent or null is "copy the token as it is"); when present, an object
/// with a `format` and optional `feed` and `project` texts. Unknown keys are ignored.
fn read_copy_as(value: Option<&Value>, problems: &mut Vec<PresetProblem>) -> Option<CopyAsDraft> {
    let object = match value {
        None | Some(Value::Null) => return Some(CopyAsDraft::default()),
        Some(Value::Object(object)) => object,
        Some(_) => {
            problems.push(PresetProblem::new(
                PresetField::CopyAs,
                ProblemReason::WrongType {
                    expected: JsonType::Object,
                },
            ));
            return None;
        }
    };
    let mut ok = true;
    let mut text = |key: &str, field: PresetField, required: bool| -> String {
        match object.get(key) {
            Some(Value::String(s)) => s.clone(),
            None | Some(Value::Null) => {
                if required {
                    problems.push(PresetProblem::new(field, ProblemReason::Missing));
                    ok = false;
                }
                String::new()
            }
            Some(_) => {
                problems.push(PresetProblem::new(
                    field,
                    ProblemReason::WrongType {
                        expected: JsonType::String,
                    },
                ));
                ok = false;
                String::new()
            }
        }
    };
    let draft = CopyAsDraft {
        format: text("format", PresetField::CopyAs, true),
        feed: text("feed", PresetField::Feed, false),
        project: text("project", PresetField::Project, false),
    };
    ok.then_some(draft)
}

/// The format must be known; a format that names a feed needs a valid feed name, and may name a
/// valid project. Formats that name no feed ignore the feed and project fields.
fn check_copy_as(draft: &CopyAsDraft) -> Result<CopyAs, Vec<PresetProblem>> {
    let Some(format) = CopyFormat::parse(draft.format.trim()) else {
        return Err(vec![PresetProblem::new(
            PresetField::CopyAs,
            ProblemReason::UnknownFormat {
                format: echo(&draft.format),
            },
        )]);
    };
    let feed_missing = || {
        vec![PresetProblem::new(
            PresetField::Feed,
            ProblemReason::Missing,
        )]
    };
    if !format.needs_feed() {
        return CopyAs::new(format, None).map_err(|_| feed_missing());
    }
    let mut problems = Vec::new();
    let feed_text = draft.feed.trim();
    let name = if feed_text.is_empty() {
        problems.push(PresetProblem::new(
            PresetField::Feed,
            ProblemReason::Missing,
        ));
        None
    } else {
        FeedName::parse(feed_text)
            .map_err(|r| problems.push(PresetProblem::new(PresetField::Feed, r)))
            .ok()
    };
    let project_text = draft.project.trim();
    let project = if project_text.is_empty() {
        Some(None)
    } else {
        ProjectName::parse(project_text)
            .map(Some)
            .map_err(|r| problems.push(PresetProblem::new(PresetField::Project, r)))
            .ok()
    };
    match (name, project) {
        (Some(name), Some(project)) if problems.is_empty() => {
            CopyAs::new(format, Some(Feed::new(name, project))).map_err(|_| feed_missing())
        }
        _ => Err(problems),
    }
}
