//! The editor's state, and what it shows.

use time::OffsetDateTime;

use super::picker::{self, PickerView};
use crate::core::copy_as::CopyFormat;
use crate::core::known_orgs::KnownOrgs;
use crate::core::org::OrgName;
use crate::core::preset::{
    OrgsDraft, Preset, PresetDraft, PresetField, PresetProblem, ProblemReason, MAX_LIFETIME_DAYS,
    MIN_LIFETIME_DAYS,
};
use crate::core::scopes::FULL_ACCESS;
use crate::core::template::{NameContext, NameTemplate};
use crate::engine::state::OrgState;
use crate::views::words::{self, Text};

/// Quiet time before a change is written to `storage.sync`.
pub const AUTOSAVE_MS: u32 = 1_000;

/// The lifetimes offered as one click.
pub const QUICK_DAYS: [u16; 6] = [7, 30, 60, 90, 180, 365];

/// The placeholders a name template may hold, offered as buttons.
pub const PLACEHOLDERS: [&str; 4] = ["{preset}", "{org}", "{date}", "{time}"];

/// The fields in the order the editor shows them (Done takes the person to the first problem).
pub const FIELD_ORDER: [PresetField; 10] = [
    PresetField::Preset,
    PresetField::Id,
    PresetField::Name,
    PresetField::NameTemplate,
    PresetField::LifetimeDays,
    PresetField::Orgs,
    PresetField::CopyAs,
    PresetField::Feed,
    PresetField::Project,
    PresetField::Scopes,
];

/// Where the draft stands with `storage.sync`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// A new preset, not yet written.
    New,
    /// Changed; written after a second of quiet.
    Pending,
    Saving,
    Saved,
    /// The draft has problems: kept locally until they are fixed.
    Invalid,
    /// Storage refused it (worded): kept locally.
    Failed(Text),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Editor {
    /// Which editor this is (the painter builds its controls once per editor).
    pub number: u32,
    pub draft: PresetDraft,
    /// The preset as it was when editing began (`None` for a new one): what Discard restores.
    pub original: Option<Preset>,
    /// The lifetime field as typed (an empty or partial number is the draft's 0).
    pub lifetime_text: String,
    /// The custom scopes, kept while "Full access" is chosen.
    pub custom_scopes: Vec<String>,
    /// The organization list, kept while "All organizations" is chosen.
    pub custom_orgs: Vec<String>,
    /// The scopes held when the editor opened (the picker's controls are built for them).
    pub held_at_open: Vec<String>,
    pub query: String,
    pub show_all: bool,
    /// Problems are shown once a save was attempted, then live.
    pub show_problems: bool,
    pub problems: Vec<PresetProblem>,
    pub status: SaveStatus,
    /// Bumped by every change: a save or a timer from before a change does not count.
    pub generation: u32,
    /// Reopened from a draft an earlier visit left.
    pub restored: bool,
    /// Why the last organization typed could not be added, and what was typed.
    pub org_error: Option<(Text, String)>,
    /// Learned lifespan limits of the organizations this machine knows.
    pub limits: Vec<(OrgName, u16)>,
    /// "A feed of a project" is chosen (else the organization's): the project field shows.
    pub feed_in_project: bool,
    /// The project typed, kept while "A feed of the organization" is chosen.
    pub kept_project: String,
}

impl Editor {
    /// An editor on `draft`; `original` is the stored preset it edits, if any; `restored`
    /// when it comes back from an earlier visit.
    pub fn new(
        number: u32,
        draft: PresetDraft,
        original: Option<Preset>,
        restored: bool,
        org_states: &[(OrgName, OrgState)],
    ) -> Self {
        let custom_orgs = match &draft.orgs {
            OrgsDraft::Only(list) => list.clone(),
            OrgsDraft::All => Vec::new(),
        };
        let custom_scopes = if draft.scopes.iter().any(|s| s == FULL_ACCESS) {
            Vec::new()
        } else {
            draft.scopes.clone()
        };
        let status = if original.is_none() {
            SaveStatus::New
        } else if restored {
            SaveStatus::Pending
        } else {
            SaveStatus::Saved
        };
        let feed_in_project = !draft.copy_as.project.trim().is_empty();
        Editor {
            number,
            feed_in_project,
            kept_project: draft.copy_as.project.clone(),
            lifetime_text: draft.lifetime_days.to_string(),
            held_at_open: draft.scopes.clone(),
            draft,
            original,
            custom_scopes,
            custom_orgs,
            query: String::new(),
            show_all: false,
            show_problems: restored,
            problems: Vec::new(),
            status,
            generation: 0,
            restored,
            org_error: None,
            limits: org_states
                .iter()
                .filter_map(|(org, state)| state.max_lifespan_days.map(|d| (org.clone(), d)))
                .collect(),
        }
    }

    /// The draft as a preset among the others, or its problems. "A feed of a project" with
    /// no project is a problem here: the draft alone would read it as the organization's feed.
    pub fn validate(&self, presets: &[Preset]) -> Result<Preset, Vec<PresetProblem>> {
        let checked = self.draft.validate_among(presets);
        if !self.project_missing() {
            return checked;
        }
        let mut problems = checked.err().unwrap_or_default();
        problems.push(PresetProblem::new(
            PresetField::Project,
            ProblemReason::Empty,
        ));
        Err(problems)
    }

    /// The chosen format, if it is one.
    pub fn format(&self) -> Option<CopyFormat> {
        CopyFormat::parse(self.draft.copy_as.format.trim())
    }

    /// The format names a feed: the feed fields show.
    pub fn needs_feed(&self) -> bool {
        self.format().is_some_and(CopyFormat::needs_feed)
    }

    fn project_missing(&self) -> bool {
        self.needs_feed() && self.feed_in_project && self.draft.copy_as.project.trim().is_empty()
    }

    pub fn is_full_access(&self) -> bool {
        self.draft.scopes.iter().any(|s| s == FULL_ACCESS)
    }

    /// The first field with a problem, in the editor's order.
    pub fn first_problem(&self) -> Option<PresetField> {
        FIELD_ORDER
            .into_iter()
            .find(|f| self.problems.iter().any(|p| p.field == *f))
    }
}

/// Where a field's problems are said, and the control marked invalid.
pub fn problem_id(field: PresetField) -> &'static str {
    match field {
        PresetField::Name => "p-name",
        PresetField::Scopes => "p-scopes",
        PresetField::LifetimeDays => "p-lifetime",
        PresetField::NameTemplate => "p-template",
        PresetField::Orgs => "p-orgs",
        PresetField::CopyAs => "p-copy-as",
        PresetField::Feed => "p-feed",
        PresetField::Project => "p-project",
        PresetField::Id | PresetField::Preset => "p-preset",
    }
}

/// The control a field's problem belongs to (`aria-invalid`, focus on a failed Done).
pub fn control_id(field: PresetField) -> &'static str {
    match field {
        PresetField::Name => "f-name",
        PresetField::Scopes => "f-mode-custom",
        PresetField::LifetimeDays => "f-lifetime",
        PresetField::NameTemplate => "f-template",
        PresetField::Orgs => "f-orgs-all",
        PresetField::CopyAs => "f-copy-as",
        PresetField::Feed => "f-feed",
        PresetField::Project => "f-project",
        PresetField::Id | PresetField::Preset => "f-name",
    }
}

/// What the editor shows.
#[derive(Debug, Clone, PartialEq)]
pub struct EditorView {
    pub number: u32,
    pub title: Text,
    /// "Cancel" for a new preset, "Discard changes" for a stored one.
    pub discard: Text,
    pub restored: bool,
    pub status: Text,
    /// The status line's look: `ok`, `error`, or plain.
    pub status_tone: &'static str,
    pub name: String,
    pub template: String,
    pub lifetime: String,
    pub full_access: bool,
    pub all_orgs: bool,
    /// The quick lifetimes, and whether each is the one chosen.
    pub quick: Vec<(u16, bool)>,
    pub lifetime_note: Option<Text>,
    pub preview: Text,
    /// Each problem slot (`p-name`, …) with its words, and its control, if it has one.
    pub problems: Vec<ProblemSlot>,
    pub orgs: OrgChoices,
    pub copy: CopyFields,
    pub picker: PickerView,
}

/// The preset's "Copy as…" default: the format, and for a feed format the feed and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyFields {
    /// The format's id as the select holds it.
    pub format: String,
    pub feed: String,
    pub project: String,
    /// The format names a feed: the feed fields show.
    pub needs_feed: bool,
    /// "A feed of a project": the project field shows.
    pub in_project: bool,
}

/// Every format with its name, for the select (built once per editor).
pub fn formats() -> Vec<(CopyFormat, Text)> {
    CopyFormat::ALL
        .into_iter()
        .map(|f| (f, words::copy_format(f)))
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProblemSlot {
    pub id: &'static str,
    pub control: Option<&'static str>,
    pub texts: Vec<Text>,
}

/// The organization checkboxes (the listed organizations, then the known ones) and the add
/// form.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgChoices {
    pub boxes: Vec<(String, bool)>,
    pub error: Option<Text>,
    /// What the add field holds after a refusal.
    pub input: String,
}

pub fn view(ed: &Editor, known: &KnownOrgs, sample_org: &str, now: OffsetDateTime) -> EditorView {
    let d = &ed.draft;
    let (title, discard) = if ed.original.is_none() {
        ("options_editor_new", "options_cancel")
    } else {
        ("options_editor_edit", "options_discard")
    };
    let (status, status_tone) = match &ed.status {
        SaveStatus::New => (Text::key("options_status_new"), ""),
        SaveStatus::Pending => (Text::key("options_status_pending"), ""),
        SaveStatus::Saving => (Text::key("options_status_saving"), ""),
        SaveStatus::Saved => (Text::key("options_status_saved"), "ok"),
        SaveStatus::Invalid => (Text::key("options_status_invalid"), "error"),
        SaveStatus::Failed(why) => (Text::with("options_status_failed", [why.clone()]), "error"),
    };

    // Learned limits of the organizations this preset applies to.
    let notes: Vec<Text> = ed
        .limits
        .iter()
        .filter(|(org, _)| match &d.orgs {
            OrgsDraft::All => true,
            OrgsDraft::Only(list) => list.iter().any(|o| o.eq_ignore_ascii_case(org.as_str())),
        })
        .filter(|(_, max)| d.lifetime_days > i64::from(*max))
        .map(|(org, max)| {
            Text::with(
                "options_lifetime_limit",
                [Text::plain(org.as_str()), Text::number(max)],
            )
        })
        .collect();

    // The live preview of a token name.
    let preview = match NameTemplate::parse(&d.name_template) {
        Ok(template) => {
            let sample = match &d.orgs {
                OrgsDraft::Only(list) => list.iter().find_map(|o| OrgName::parse(o.trim())),
                OrgsDraft::All => None,
            }
            .or_else(|| known.orgs.first().map(|k| k.name.clone()))
            .or_else(|| OrgName::parse(sample_org));
            match sample {
                Some(org) => {
                    let name = template.render(&NameContext {
                        preset: d.name.trim(),
                        org: &org,
                        now,
                    });
                    Text::with(
                        "options_template_preview",
                        [Text::plain(name), Text::plain(org.as_str())],
                    )
                }
                None => Text::plain(""),
            }
        }
        Err(_) => Text::key("options_template_preview_none"),
    };

    // Problems next to their fields.
    let shown: &[PresetProblem] = if ed.show_problems { &ed.problems } else { &[] };
    let problems = [
        PresetField::Name,
        PresetField::Scopes,
        PresetField::LifetimeDays,
        PresetField::NameTemplate,
        PresetField::Orgs,
        PresetField::CopyAs,
        PresetField::Feed,
        PresetField::Project,
        PresetField::Preset,
    ]
    .into_iter()
    .map(|field| ProblemSlot {
        id: problem_id(field),
        // A problem of the preset as a whole has no control of its own.
        control: (field != PresetField::Preset).then(|| control_id(field)),
        texts: shown
            .iter()
            .filter(|p| problem_id(p.field) == problem_id(field))
            .map(words::preset_problem)
            .collect(),
    })
    .collect();

    let listed = match &d.orgs {
        OrgsDraft::Only(list) => list.clone(),
        OrgsDraft::All => ed.custom_orgs.clone(),
    };
    let mut boxes: Vec<(String, bool)> = listed.iter().map(|n| (n.clone(), true)).collect();
    for k in &known.orgs {
        if !boxes
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(k.name.as_str()))
        {
            boxes.push((k.name.as_str().to_owned(), false));
        }
    }

    EditorView {
        number: ed.number,
        title: Text::key(title),
        discard: Text::key(discard),
        restored: ed.restored,
        status,
        status_tone,
        name: d.name.clone(),
        template: d.name_template.clone(),
        lifetime: ed.lifetime_text.clone(),
        full_access: ed.is_full_access(),
        all_orgs: matches!(d.orgs, OrgsDraft::All),
        quick: QUICK_DAYS
            .iter()
            .map(|days| (*days, d.lifetime_days == i64::from(*days)))
            .collect(),
        lifetime_note: (!notes.is_empty()).then_some(Text::Joined(notes, " ")),
        preview,
        problems,
        orgs: OrgChoices {
            boxes,
            error: ed.org_error.as_ref().map(|(e, _)| e.clone()),
            input: ed
                .org_error
                .as_ref()
                .map(|(_, typed)| typed.clone())
                .unwrap_or_default(),
        },
        copy: CopyFields {
            format: d.copy_as.format.clone(),
            feed: d.copy_as.feed.clone(),
            project: d.copy_as.project.clone(),
            needs_feed: ed.needs_feed(),
            in_project: ed.feed_in_project,
        },
        picker: picker::view(&d.scopes, &ed.query, ed.show_all),
    }
}

/// The lifetime field's bounds, for its `min` and `max`.
pub const LIFETIME_RANGE: (u16, u16) = (MIN_LIFETIME_DAYS, MAX_LIFETIME_DAYS);
