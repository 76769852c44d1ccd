//! The options page's decisions, on the host: each area's controls, the results of their
//! effects, and what the page then shows, as typed words. No browser: the page is opened from
//! what it would read, messages are fed to `update`, and effects are checked as data.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

use pat_pilot::ado::diagnose::{
    Check as ReportCheck, DiagnosticsReport, Exchange, Probe as ReportProbe,
};
use pat_pilot::ado::Route;
use pat_pilot::core::expiry::Thresholds;
use pat_pilot::core::known_orgs::{KnownOrg, KnownOrgs};
use pat_pilot::core::org::{HostStyle, OrgName, UrlParts};
use pat_pilot::core::preset::{OrgsDraft, Preset, PresetDraft, PresetField, PresetId};
use pat_pilot::core::preset_store::{PresetList, SaveError};
use pat_pilot::core::quota::QuotaProblem;
use pat_pilot::core::recipes::RecipeId;
use pat_pilot::core::record::{encode, LoadStatus, Loaded};
use pat_pilot::core::settings::Settings;
use pat_pilot::engine::state::OrgState;
use pat_pilot::ports::StoreError;
use pat_pilot::protocol::{CheckSummary, OrgRef, Request, Response};
use pat_pilot::views::options::diagnostics::model::RunView;
use pat_pilot::views::options::diagnostics::update::Msg as DiagnosticsMsg;
use pat_pilot::views::options::editor::draft::StoredDraft;
use pat_pilot::views::options::editor::model::{view as editor_view, SaveStatus};
use pat_pilot::views::options::editor::update::{insert_at, Msg as EditorMsg};
use pat_pilot::views::options::effect::{
    AfterDelete, AfterLoad, AfterSave, AfterSyncRead, Effect, Timer,
};
use pat_pilot::views::options::list::model::{view as list_view, Status};
use pat_pilot::views::options::list::update::Msg as ListMsg;
use pat_pilot::views::options::model::{Model, Section, Start};
use pat_pilot::views::options::settings::model::view as settings_view;
use pat_pilot::views::options::settings::update::Msg as SettingsMsg;
use pat_pilot::views::options::shared::{Names, Notice};
use pat_pilot::views::options::transfer::model::{view as import_view, ImportView, Item};
use pat_pilot::views::options::transfer::update::Msg as TransferMsg;
use pat_pilot::views::options::update::{update, Msg, SETTLE_MS};
use pat_pilot::views::words::{self, Text};
use serde_json::{json, Value};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-12-03 10:00 UTC);

fn names() -> Names {
    Names {
        recipes: vec![
            (RecipeId::Git, "Git clone/push".into()),
            (RecipeId::FeedsRead, "Feeds (read)".into()),
        ],
        copy: "$1 (copy)".into(),
        numbered: "$1 ($2)".into(),
        sample_org: "contoso".into(),
    }
}

fn preset(id: &str, name: &str, scopes: &[&str], days: i64) -> Preset {
    PresetDraft {
        id: id.into(),
        name: name.into(),
        scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        lifetime_days: days,
        name_template: "{preset} · {org} · {date}".into(),
        orgs: OrgsDraft::All,
        copy_as: Default::default(),
    }
    .validate()
    .unwrap()
}

fn presets() -> Vec<Preset> {
    vec![
        preset("git", "Git", &["vso.code_write"], 30),
        preset("feeds", "Feeds", &["vso.packaging"], 90),
        preset("read", "Read-only", &["vso.code", "vso.work"], 7),
    ]
}

fn org(name: &str) -> OrgName {
    OrgName::parse(name).unwrap()
}

fn known() -> KnownOrgs {
    KnownOrgs {
        orgs: vec![KnownOrg {
            name: org("contoso"),
            host_style: HostStyle::Modern,
            last_used: NOW - Duration::hours(3),
        }],
    }
}

fn start() -> Start {
    Start {
        hash: String::new(),
        presets: Ok(PresetList {
            presets: presets(),
            unreadable: Vec::new(),
        }),
        settings: Ok(Loaded {
            value: Settings::default(),
            status: LoadStatus::Current,
        }),
        known: known(),
        org_states: vec![(
            org("contoso"),
            OrgState {
                max_lifespan_days: Some(30),
                ..OrgState::default()
            },
        )],
        draft: None,
        names: names(),
    }
}

fn opened() -> Model {
    let (model, effects) = Model::open(start());
    assert_eq!(effects, vec![Effect::ReadShortcut]);
    model
}

fn send(model: &mut Model, msg: Msg) -> Vec<Effect> {
    update(model, msg, NOW)
}

fn id(text: &str) -> PresetId {
    PresetId::parse(text).unwrap()
}

fn listed(model: &Model) -> Vec<String> {
    model.presets.iter().map(|p| p.name().to_owned()).collect()
}

fn parts(url: &str) -> Option<UrlParts> {
    let u = url::Url::parse(url).ok()?;
    Some(UrlParts {
        scheme: u.scheme().to_owned(),
        host: u.host_str().unwrap_or_default().to_owned(),
        path: u.path().to_owned(),
    })
}

// Opening.

#[test]
fn the_page_opens_on_the_section_its_address_names_and_says_what_it_could_not_read() {
    let mut s = start();
    s.hash = "#settings".into();
    s.presets = Ok(PresetList {
        presets: presets(),
        unreadable: vec![pat_pilot::core::record::Quarantined {
            key: "preset:x".into(),
            copy: None,
            reason: pat_pilot::core::record::Unreadable::NotAnObject,
        }],
    });
    let (model, _) = Model::open(s);
    assert_eq!(model.section, Section::Settings);
    assert_eq!(
        model.list.notice,
        Some(Notice::error(Text::with(
            "options_presets_unreadable",
            [Text::number(1)]
        )))
    );

    let mut s = start();
    s.presets = Err(StoreError::Failed("sync is off".into()));
    let (model, _) = Model::open(s);
    assert!(model.presets.is_empty());
    assert_eq!(
        model.list.notice,
        Some(Notice::error(Text::with(
            "options_storage_failed",
            [Text::plain("sync is off")]
        )))
    );
}

#[test]
fn a_draft_left_behind_reopens_the_editor_with_its_problems_shown() {
    let mut s = start();
    s.hash = "#diagnostics".into();
    let draft = StoredDraft {
        id: "p-new".into(),
        name: "Half done".into(),
        scopes: vec![],
        lifetime_days: 30,
        name_template: "{preset} {nope}".into(),
        all_orgs: true,
        orgs: vec![],
        is_new: true,
        copy_as: Default::default(),
    };
    s.draft = Some(encode(&draft).unwrap());
    let (model, effects) = Model::open(s);
    assert_eq!(effects, vec![Effect::ReadShortcut]);
    assert_eq!(model.section, Section::Presets, "the editor is in front");
    let ed = model.editor.as_ref().unwrap();
    assert!(ed.restored);
    assert_eq!(ed.draft.name, "Half done");
    assert_eq!(ed.status, SaveStatus::New);
    let view = editor_view(ed, &model.known, "contoso", NOW);
    let slot = |id: &str| {
        view.problems
            .iter()
            .find(|s| s.id == id)
            .unwrap()
            .texts
            .clone()
    };
    assert_eq!(
        slot("p-scopes"),
        vec![Text::key("options_problem_scopes_empty")]
    );
    assert_eq!(
        slot("p-template"),
        vec![Text::with(
            "options_problem_placeholder",
            [Text::plain("nope")]
        )]
    );
}

#[test]
fn a_draft_equal_to_the_stored_preset_or_unreadable_is_dropped() {
    let mut s = start();
    let git = &presets()[0];
    let same = StoredDraft {
        id: "git".into(),
        name: git.name().into(),
        scopes: vec!["vso.code_write".into()],
        lifetime_days: 30,
        name_template: "{preset} · {org} · {date}".into(),
        all_orgs: true,
        orgs: vec![],
        is_new: false,
        copy_as: Default::default(),
    };
    s.draft = Some(encode(&same).unwrap());
    let (model, effects) = Model::open(s);
    assert!(model.editor.is_none());
    assert_eq!(effects, vec![Effect::ReadShortcut, Effect::ForgetDraft]);

    let mut s = start();
    s.draft = Some(json!({"v": 9, "id": 4}));
    let (model, effects) = Model::open(s);
    assert!(model.editor.is_none());
    assert_eq!(effects, vec![Effect::ReadShortcut, Effect::ForgetDraft]);
}

#[test]
fn a_nav_link_shows_its_section_and_keeps_the_address_in_step() {
    let mut model = opened();
    assert_eq!(
        send(&mut model, Msg::Section(Section::Diagnostics)),
        vec![
            Effect::SetHash("diagnostics"),
            Effect::Focus("title-diagnostics".into())
        ]
    );
    send(&mut model, Msg::HashChanged("#settings".into()));
    assert_eq!(model.section, Section::Settings);
}

// The list.

#[test]
fn the_list_shows_each_preset_with_its_scopes_lifetime_and_organizations() {
    let model = opened();
    let view = list_view(&model.list, &model.presets);
    assert_eq!(view.recipes, None);
    assert_eq!(view.status, Status::None);
    let git = &view.rows[0];
    assert!(git.first && !git.last);
    assert_eq!(
        git.meta,
        Text::Joined(vec![words::days(30), Text::key("options_orgs_all")], " · ")
    );
    assert!(view.rows[2].last);
}

#[test]
fn new_preset_offers_the_recipes_and_a_recipe_opens_the_editor_with_a_free_name() {
    let mut model = opened();
    assert_eq!(
        send(&mut model, Msg::List(ListMsg::AddOpen)),
        vec![Effect::Focus("recipe-git".into())]
    );
    let recipes = list_view(&model.list, &model.presets).recipes.unwrap();
    assert_eq!(recipes.len(), 6);
    assert!(recipes
        .iter()
        .any(|r| r.note == Some(Text::key("recipe_note_marketplace_all_orgs"))));

    model
        .presets
        .push(preset("mine", "Git clone/push", &["vso.code"], 5));
    let effects = send(&mut model, Msg::List(ListMsg::AddRecipe(RecipeId::Git)));
    let ed = model.editor.as_ref().unwrap();
    assert_eq!(
        ed.draft.name, "Git clone/push (2)",
        "the name is not taken twice"
    );
    assert_eq!(ed.draft.scopes, vec!["vso.code_write"]);
    assert_eq!(ed.status, SaveStatus::New);
    assert!(!model.list.adding);
    assert_eq!(effects[0], Effect::Focus("f-name".into()));
    let Effect::KeepDraft(kept) = &effects[1] else {
        panic!("a new preset is kept at once: {effects:?}")
    };
    assert_eq!(kept["name"], "Git clone/push (2)");
    assert_eq!(kept["isNew"], true);
}

#[test]
fn recipe_cancel_returns_to_new_preset() {
    let mut model = opened();
    send(&mut model, Msg::List(ListMsg::AddOpen));
    assert_eq!(
        send(&mut model, Msg::List(ListMsg::AddCancel)),
        vec![Effect::Focus("new-preset".into())]
    );
    assert!(!model.list.adding);
}

#[test]
fn duplicate_writes_a_copy_that_lands_right_after_its_original() {
    let mut model = opened();
    let effects = send(&mut model, Msg::List(ListMsg::Duplicate(id("git"))));
    let [Effect::SavePreset { preset: copy, then }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(copy.name(), "Git (copy)");
    assert_ne!(copy.id(), &id("git"));
    assert_eq!(then, &AfterSave::Duplicate { of: id("git") });
    let effects = send(
        &mut model,
        Msg::PresetSaved {
            preset: copy.clone(),
            then: then.clone(),
            result: Ok(()),
        },
    );
    assert_eq!(listed(&model), ["Git", "Git (copy)", "Feeds", "Read-only"]);
    assert_eq!(
        effects,
        vec![
            Effect::SaveOrder(model.presets.iter().map(|p| p.id().clone()).collect()),
            Effect::Focus(format!("edit-{}", copy.id())),
        ]
    );
    assert_eq!(
        model.list.notice,
        Some(Notice::ok(Text::with(
            "options_duplicated",
            [Text::plain("Git (copy)")]
        )))
    );
}

#[test]
fn a_copy_that_would_not_fit_is_said_and_not_listed() {
    let mut model = opened();
    let effects = send(&mut model, Msg::List(ListMsg::Duplicate(id("git"))));
    let [Effect::SavePreset { preset, then }] = effects.as_slice() else {
        panic!()
    };
    let problems = vec![QuotaProblem::TooManyItems {
        count: 513,
        max: 512,
    }];
    send(
        &mut model,
        Msg::PresetSaved {
            preset: preset.clone(),
            then: then.clone(),
            result: Err(SaveError::Quota(problems.clone())),
        },
    );
    assert_eq!(listed(&model), ["Git", "Feeds", "Read-only"]);
    assert_eq!(
        model.list.notice,
        Some(Notice::error(Text::Joined(
            vec![words::quota_problem(&problems[0])],
            " "
        )))
    );
}

#[test]
fn delete_offers_undo_for_a_while_and_undo_puts_the_preset_back_where_it_was() {
    let mut model = opened();
    assert_eq!(
        send(&mut model, Msg::List(ListMsg::Delete(id("feeds")))),
        vec![Effect::DeletePreset {
            id: id("feeds"),
            then: AfterDelete::List
        }]
    );
    let effects = send(
        &mut model,
        Msg::PresetDeleted {
            id: id("feeds"),
            then: AfterDelete::List,
            result: Ok(()),
        },
    );
    assert_eq!(listed(&model), ["Git", "Read-only"]);
    assert_eq!(
        effects,
        vec![
            Effect::Focus("undo".into()),
            Effect::After {
                ms: 8000,
                timer: Timer::UndoExpired { generation: 1 }
            }
        ]
    );
    assert_eq!(
        list_view(&model.list, &model.presets).status,
        Status::Undo(Text::with("options_deleted", [Text::plain("Feeds")]))
    );

    let effects = send(&mut model, Msg::List(ListMsg::Undo));
    let [Effect::SavePreset { preset, then }] = effects.as_slice() else {
        panic!()
    };
    let effects = send(
        &mut model,
        Msg::PresetSaved {
            preset: preset.clone(),
            then: then.clone(),
            result: Ok(()),
        },
    );
    assert_eq!(listed(&model), ["Git", "Feeds", "Read-only"]);
    assert_eq!(
        effects,
        vec![
            Effect::SaveOrder(vec![id("git"), id("feeds"), id("read")]),
            Effect::Focus("edit-feeds".into())
        ]
    );
    // The timer of that delete finds nothing to take back.
    assert_eq!(
        send(&mut model, Msg::Timer(Timer::UndoExpired { generation: 1 })),
        vec![]
    );
}

#[test]
fn undo_expires_with_its_own_timer_only() {
    let mut model = opened();
    for (name, generation) in [("git", 1), ("feeds", 2)] {
        send(
            &mut model,
            Msg::PresetDeleted {
                id: id(name),
                then: AfterDelete::List,
                result: Ok(()),
            },
        );
        assert_eq!(model.list.undo.as_ref().unwrap().generation, generation);
    }
    assert_eq!(
        send(&mut model, Msg::Timer(Timer::UndoExpired { generation: 1 })),
        vec![]
    );
    assert!(model.list.undo.is_some());
    assert_eq!(
        send(&mut model, Msg::Timer(Timer::UndoExpired { generation: 2 })),
        vec![Effect::FocusInstead {
            gone: "undo".into(),
            to: "new-preset".into()
        }]
    );
    assert!(model.list.undo.is_none());
}

#[test]
fn moving_keeps_focus_on_the_arrow_used_or_its_twin_at_the_ends() {
    let mut model = opened();
    let effects = send(&mut model, Msg::List(ListMsg::Move(id("read"), -1)));
    assert_eq!(listed(&model), ["Git", "Read-only", "Feeds"]);
    assert_eq!(effects[1], Effect::Focus("up-read".into()));
    let effects = send(&mut model, Msg::List(ListMsg::Move(id("read"), -1)));
    assert_eq!(listed(&model), ["Read-only", "Git", "Feeds"]);
    assert_eq!(
        effects,
        vec![
            Effect::SaveOrder(vec![id("read"), id("git"), id("feeds")]),
            Effect::Focus("down-read".into())
        ],
        "the top: Up is disabled, focus goes to Down"
    );
    assert_eq!(
        send(&mut model, Msg::List(ListMsg::Move(id("read"), -1))),
        vec![]
    );
}

#[test]
fn presets_changed_elsewhere_show_once_the_writes_settle_and_never_under_the_editor() {
    let mut model = opened();
    assert_eq!(
        send(&mut model, Msg::StoredChanged),
        vec![Effect::After {
            ms: SETTLE_MS,
            timer: Timer::StoredSettled { change: 1 }
        }]
    );
    send(&mut model, Msg::StoredChanged);
    assert_eq!(
        send(&mut model, Msg::Timer(Timer::StoredSettled { change: 1 })),
        vec![]
    );
    assert_eq!(
        send(&mut model, Msg::Timer(Timer::StoredSettled { change: 2 })),
        vec![Effect::LoadPresets(AfterLoad::Show)]
    );
    let mut elsewhere = presets();
    elsewhere.push(preset("new", "From elsewhere", &["vso.wiki"], 5));
    send(
        &mut model,
        Msg::PresetsLoaded(
            AfterLoad::Show,
            Ok(PresetList {
                presets: elsewhere,
                unreadable: vec![],
            }),
        ),
    );
    assert_eq!(listed(&model).last().unwrap(), "From elsewhere");

    send(&mut model, Msg::List(ListMsg::Edit(id("git"))));
    send(&mut model, Msg::StoredChanged);
    assert_eq!(
        send(&mut model, Msg::Timer(Timer::StoredSettled { change: 3 })),
        vec![]
    );
}

// The editor.

fn editing(name: &str) -> Model {
    let mut model = opened();
    let effects = send(&mut model, Msg::List(ListMsg::Edit(id(name))));
    assert_eq!(effects, vec![Effect::Focus("f-name".into())]);
    assert_eq!(model.editor.as_ref().unwrap().status, SaveStatus::Saved);
    model
}

fn edit(model: &mut Model, msg: EditorMsg) -> Vec<Effect> {
    send(model, Msg::Editor(msg))
}

#[test]
fn a_change_is_kept_locally_at_once_and_saved_to_sync_after_a_second_of_quiet() {
    let mut model = editing("git");
    let effects = edit(&mut model, EditorMsg::Lifetime("21".into()));
    let ed = model.editor.as_ref().unwrap();
    assert_eq!(ed.status, SaveStatus::Pending);
    let [Effect::KeepDraft(kept), Effect::After { ms: 1000, timer }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(kept["lifetimeDays"], 21);
    assert_eq!(*timer, Timer::Autosave { generation: 1 });

    // A second change: the first timer finds a newer draft and does nothing.
    edit(&mut model, EditorMsg::Lifetime("22".into()));
    assert_eq!(
        send(&mut model, Msg::Timer(Timer::Autosave { generation: 1 })),
        vec![]
    );
    let effects = send(&mut model, Msg::Timer(Timer::Autosave { generation: 2 }));
    let [Effect::SavePreset { preset, then }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(preset.lifetime_days(), 22);
    assert_eq!(
        then,
        &AfterSave::Editor {
            generation: 2,
            closing: false
        }
    );
    assert_eq!(model.editor.as_ref().unwrap().status, SaveStatus::Saving);
    let effects = send(
        &mut model,
        Msg::PresetSaved {
            preset: preset.clone(),
            then: then.clone(),
            result: Ok(()),
        },
    );
    assert_eq!(effects, vec![Effect::ForgetDraft]);
    assert_eq!(model.editor.as_ref().unwrap().status, SaveStatus::Saved);
    assert_eq!(model.presets[0].lifetime_days(), 22, "the list has it too");
}

#[test]
fn a_save_from_before_a_change_leaves_the_newer_draft_pending() {
    let mut model = editing("git");
    edit(&mut model, EditorMsg::Name("Git 2".into()));
    let effects = send(&mut model, Msg::Timer(Timer::Autosave { generation: 1 }));
    let [Effect::SavePreset { preset, then }] = effects.as_slice() else {
        panic!()
    };
    edit(&mut model, EditorMsg::Name("Git 3".into()));
    let effects = send(
        &mut model,
        Msg::PresetSaved {
            preset: preset.clone(),
            then: then.clone(),
            result: Ok(()),
        },
    );
    assert_eq!(effects, vec![], "the newer draft stays kept locally");
    assert_eq!(model.editor.as_ref().unwrap().status, SaveStatus::Pending);
}

#[test]
fn done_on_a_blank_preset_shows_every_problem_and_takes_focus_to_the_first() {
    let mut model = opened();
    send(&mut model, Msg::List(ListMsg::AddBlank));
    edit(&mut model, EditorMsg::Lifetime("400".into()));
    let view =
        |model: &Model| editor_view(model.editor.as_ref().unwrap(), &model.known, "contoso", NOW);
    assert!(
        view(&model).problems.iter().all(|s| s.texts.is_empty()),
        "problems show only once a save was tried"
    );
    assert_eq!(
        edit(&mut model, EditorMsg::Done),
        vec![Effect::Focus("f-name".into())]
    );
    let ed = model.editor.as_ref().unwrap();
    assert_eq!(ed.status, SaveStatus::Invalid);
    assert_eq!(ed.first_problem(), Some(PresetField::Name));
    let v = view(&model);
    let slot = |id: &str| v.problems.iter().find(|s| s.id == id).unwrap().clone();
    assert_eq!(
        slot("p-name").texts,
        vec![Text::key("options_problem_name_empty")]
    );
    assert_eq!(slot("p-name").control, Some("f-name"));
    assert_eq!(
        slot("p-lifetime").texts,
        vec![Text::with(
            "options_problem_lifetime_range",
            [Text::number(1), Text::number(365)]
        )]
    );
    assert_eq!(v.status, Text::key("options_status_invalid"));
    assert_eq!(v.status_tone, "error");
}

#[test]
fn a_blur_saves_a_valid_draft_now_and_leaves_an_invalid_one_as_it_is() {
    let mut model = editing("git");
    edit(&mut model, EditorMsg::Name(String::new()));
    assert_eq!(
        edit(
            &mut model,
            EditorMsg::Blur {
                text_field: true,
                leaving: false
            }
        ),
        vec![],
        "a blur on the way to a click must not move what is clicked"
    );
    assert!(!model.editor.as_ref().unwrap().show_problems);

    edit(&mut model, EditorMsg::Name("Git".into()));
    edit(&mut model, EditorMsg::Lifetime("14".into()));
    assert_eq!(
        edit(
            &mut model,
            EditorMsg::Blur {
                text_field: false,
                leaving: false
            }
        ),
        vec![],
        "moving within the editor, off a checkbox, waits for the quiet second"
    );
    let effects = edit(
        &mut model,
        EditorMsg::Blur {
            text_field: true,
            leaving: false,
        },
    );
    assert!(matches!(effects.as_slice(), [Effect::SavePreset { .. }]));
}

#[test]
fn when_sync_is_full_the_editor_says_so_and_keeps_the_draft_locally() {
    let mut model = editing("git");
    edit(&mut model, EditorMsg::Name("Too much".into()));
    let effects = edit(&mut model, EditorMsg::Done);
    let [Effect::SavePreset { preset, then }] = effects.as_slice() else {
        panic!()
    };
    let problems = vec![QuotaProblem::TotalTooLarge {
        bytes: 103_000,
        max: 102_400,
    }];
    let effects = send(
        &mut model,
        Msg::PresetSaved {
            preset: preset.clone(),
            then: then.clone(),
            result: Err(SaveError::Quota(problems.clone())),
        },
    );
    assert_eq!(effects, vec![Effect::Focus("editor-status".into())]);
    let ed = model.editor.as_ref().unwrap();
    assert_eq!(
        ed.status,
        SaveStatus::Failed(Text::Joined(vec![words::quota_problem(&problems[0])], " "))
    );
    assert_eq!(listed(&model)[0], "Git", "not listed as saved");
}

#[test]
fn done_on_a_saved_draft_closes_the_editor_onto_its_edit_button() {
    let mut model = editing("feeds");
    assert_eq!(
        edit(&mut model, EditorMsg::Done),
        vec![Effect::ForgetDraft, Effect::Focus("edit-feeds".into())]
    );
    assert!(model.editor.is_none());
}

#[test]
fn discard_restores_the_stored_preset_and_removes_a_new_one_autosave_wrote() {
    let mut model = editing("feeds");
    edit(&mut model, EditorMsg::Lifetime("5".into()));
    let effects = send(&mut model, Msg::Timer(Timer::Autosave { generation: 1 }));
    let [Effect::SavePreset { preset, then }] = effects.as_slice() else {
        panic!()
    };
    send(
        &mut model,
        Msg::PresetSaved {
            preset: preset.clone(),
            then: then.clone(),
            result: Ok(()),
        },
    );
    assert_eq!(model.presets[1].lifetime_days(), 5);
    let effects = edit(&mut model, EditorMsg::Discard);
    assert_eq!(
        effects,
        vec![Effect::SavePreset {
            preset: presets()[1].clone(),
            then: AfterSave::Discard
        }]
    );
    let effects = send(
        &mut model,
        Msg::PresetSaved {
            preset: presets()[1].clone(),
            then: AfterSave::Discard,
            result: Ok(()),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::ForgetDraft, Effect::Focus("edit-feeds".into())]
    );
    assert_eq!(model.presets, presets());

    // A new preset that autosave wrote is removed again.
    send(
        &mut model,
        Msg::List(ListMsg::AddRecipe(RecipeId::FeedsRead)),
    );
    let new_id = model.editor.as_ref().unwrap().draft.id.clone();
    edit(&mut model, EditorMsg::Name("Feeds mine".into()));
    let effects = send(&mut model, Msg::Timer(Timer::Autosave { generation: 1 }));
    let [Effect::SavePreset { preset, then }] = effects.as_slice() else {
        panic!()
    };
    send(
        &mut model,
        Msg::PresetSaved {
            preset: preset.clone(),
            then: then.clone(),
            result: Ok(()),
        },
    );
    assert_eq!(model.presets.len(), 4);
    let effects = edit(&mut model, EditorMsg::Discard);
    assert_eq!(
        effects,
        vec![Effect::DeletePreset {
            id: id(&new_id),
            then: AfterDelete::Discard
        }]
    );
    let effects = send(
        &mut model,
        Msg::PresetDeleted {
            id: id(&new_id),
            then: AfterDelete::Discard,
            result: Ok(()),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::ForgetDraft, Effect::Focus("new-preset".into())]
    );
    assert_eq!(model.presets, presets());
}

#[test]
fn full_access_replaces_the_scopes_and_custom_brings_them_back() {
    let mut model = editing("read");
    edit(&mut model, EditorMsg::ScopeMode { full: true });
    let ed = model.editor.as_ref().unwrap();
    assert!(ed.is_full_access());
    assert_eq!(ed.draft.scopes, vec!["app_token"]);
    edit(&mut model, EditorMsg::ScopeMode { full: false });
    assert_eq!(
        model.editor.as_ref().unwrap().draft.scopes,
        vec!["vso.code", "vso.work"]
    );
}

#[test]
fn a_ladder_level_and_an_independent_level_change_the_scopes() {
    let mut model = editing("git");
    let groups = pat_pilot::core::scopes::picker::picker_groups();
    let code = groups.iter().position(|g| g.name == "Code").unwrap();
    edit(
        &mut model,
        EditorMsg::Rung {
            group: code,
            level: Some("vso.code".into()),
        },
    );
    assert_eq!(
        model.editor.as_ref().unwrap().draft.scopes,
        vec!["vso.code"]
    );
    edit(
        &mut model,
        EditorMsg::Level {
            id: "vso.code_status".into(),
            on: true,
        },
    );
    edit(
        &mut model,
        EditorMsg::Rung {
            group: code,
            level: None,
        },
    );
    assert_eq!(
        model.editor.as_ref().unwrap().draft.scopes,
        vec!["vso.code_status"]
    );
    let ed = model.editor.as_ref().unwrap();
    let view = editor_view(ed, &model.known, "contoso", NOW);
    let group = view.picker.groups.iter().find(|g| g.index == code).unwrap();
    assert_eq!(group.rung, Some(None));
    assert!(group.checked.contains(&("vso.code_status", true)));
}

#[test]
fn a_placeholder_goes_where_the_caret_is_counted_as_the_browser_counts() {
    assert_eq!(insert_at("ab", 1, 1, "{org}"), ("a{org}b".into(), 6));
    assert_eq!(insert_at("😀x", 2, 3, "{date}"), ("😀{date}".into(), 8));
    assert_eq!(insert_at("ab", 9, 9, "{time}"), ("ab{time}".into(), 8));

    let mut model = editing("git");
    let effects = edit(
        &mut model,
        EditorMsg::Placeholder {
            placeholder: "{time}",
            start: 9,
            end: 9,
        },
    );
    assert_eq!(
        model.editor.as_ref().unwrap().draft.name_template,
        "{preset} {time}· {org} · {date}"
    );
    assert_eq!(
        effects.last(),
        Some(&Effect::Caret {
            id: "f-template",
            at: 15
        })
    );
}

#[test]
fn the_editor_previews_the_token_name_and_notes_a_lifetime_above_a_learned_limit() {
    let mut model = editing("git");
    let view = |m: &Model| editor_view(m.editor.as_ref().unwrap(), &m.known, "contoso", NOW);
    assert_eq!(
        view(&model).preview,
        Text::with(
            "options_template_preview",
            [
                Text::plain("Git · contoso · 2026-12-03"),
                Text::plain("contoso")
            ]
        )
    );
    assert_eq!(view(&model).lifetime_note, None, "30 days is allowed");
    edit(&mut model, EditorMsg::Lifetime("90".into()));
    assert_eq!(
        view(&model).lifetime_note,
        Some(Text::Joined(
            vec![Text::with(
                "options_lifetime_limit",
                [Text::plain("contoso"), Text::number(30)]
            )],
            " "
        ))
    );
    assert!(view(&model)
        .quick
        .iter()
        .any(|(days, pressed)| *days == 90 && *pressed));
    edit(&mut model, EditorMsg::Template("{preset".into()));
    assert_eq!(
        view(&model).preview,
        Text::key("options_template_preview_none")
    );
}

#[test]
fn an_organization_is_added_by_name_or_url_and_a_wrong_url_is_said_keeping_what_was_typed() {
    let mut model = editing("git");
    edit(&mut model, EditorMsg::OrgsMode { all: false });
    let text = "https://fabrikam.visualstudio.com/Project";
    let effects = edit(
        &mut model,
        EditorMsg::OrgAdd {
            text: text.into(),
            parts: parts(text),
        },
    );
    assert_eq!(effects.last(), Some(&Effect::Focus("f-org-add".into())));
    let ed = model.editor.as_ref().unwrap();
    assert_eq!(ed.draft.orgs, OrgsDraft::Only(vec!["fabrikam".into()]));
    let view = editor_view(ed, &model.known, "contoso", NOW);
    assert_eq!(
        view.orgs.boxes,
        vec![("fabrikam".into(), true), ("contoso".into(), false)]
    );

    let text = "https://example.com/contoso";
    edit(
        &mut model,
        EditorMsg::OrgAdd {
            text: text.into(),
            parts: parts(text),
        },
    );
    let view = editor_view(model.editor.as_ref().unwrap(), &model.known, "contoso", NOW);
    assert_eq!(
        view.orgs.error,
        Some(Text::key("options_org_input_not_org"))
    );
    assert_eq!(view.orgs.input, text);
}

#[test]
fn the_picker_finds_scopes_by_description_and_says_how_many_groups_match() {
    let mut model = editing("git");
    edit(&mut model, EditorMsg::Search("feeds".into()));
    let view = editor_view(model.editor.as_ref().unwrap(), &model.known, "contoso", NOW);
    let visible: Vec<usize> = view
        .picker
        .groups
        .iter()
        .filter(|g| g.visible)
        .map(|g| g.index)
        .collect();
    assert_eq!(visible.len(), 1);
    assert_eq!(
        view.picker.count,
        Some(Text::key("options_scope_match_one"))
    );
    assert_eq!(view.picker.show_all, None, "no Show all while searching");
    let group = view.picker.groups.iter().find(|g| g.visible).unwrap();
    assert!(!group.matches.is_empty());

    edit(&mut model, EditorMsg::Search("zzz-no-such-scope".into()));
    let view = editor_view(model.editor.as_ref().unwrap(), &model.known, "contoso", NOW);
    assert_eq!(
        view.picker.count,
        Some(Text::with(
            "options_scope_no_match",
            [Text::plain("zzz-no-such-scope")]
        ))
    );
    edit(&mut model, EditorMsg::Search(String::new()));
    edit(&mut model, EditorMsg::ShowAll);
    let view = editor_view(model.editor.as_ref().unwrap(), &model.known, "contoso", NOW);
    assert_eq!(
        view.picker.show_all,
        Some((Text::key("options_scope_show_fewer"), true))
    );
    assert!(view.picker.groups.iter().all(|g| g.visible));
}

// Import and export.

fn file(presets: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({"format": "pat-pilot/presets", "version": 1, "presets": presets}))
        .unwrap()
}

fn sync_items(model: &Model) -> Vec<(String, Value)> {
    let mut items: Vec<(String, Value)> = model
        .presets
        .iter()
        .map(|p| (format!("preset:{}", p.id()), encode(p).unwrap()))
        .collect();
    items.push((
        "preset-order".into(),
        json!({"v": 1, "ids": model.presets.iter().map(|p| p.id().as_str()).collect::<Vec<_>>()}),
    ));
    items
}

fn choose(model: &mut Model, bytes: Vec<u8>) {
    assert_eq!(
        send(
            model,
            Msg::Transfer(TransferMsg::Chosen {
                name: "presets.json".into(),
                size: bytes.len() as f64
            })
        ),
        vec![Effect::ReadFile]
    );
    assert_eq!(
        send(model, Msg::Transfer(TransferMsg::Read(Ok(bytes)))),
        vec![Effect::ReadSync(AfterSyncRead::Preview)]
    );
    let items = sync_items(model);
    assert_eq!(
        send(model, Msg::SyncRead(AfterSyncRead::Preview, Ok(items))),
        vec![Effect::Focus("import-title".into())]
    );
}

#[test]
fn an_import_previews_what_it_would_add_and_reject_and_writes_only_on_confirmation() {
    let mut model = opened();
    let good = |n: u32| json!({"id": format!("imported-{n}"), "name": format!("Imported {n}"), "scopes": ["vso.work"], "lifetimeDays": 14, "nameTemplate": "{preset} · {date}", "orgs": "all"});
    let bad = json!({"id": "bad", "name": "Broken", "scopes": ["vso.nope"], "lifetimeDays": 900, "nameTemplate": "{preset}", "orgs": "all"});
    choose(&mut model, file(json!([good(1), good(2), bad, good(3)])));
    let ImportView::Preview(preview) = import_view(model.import.as_ref().unwrap()) else {
        panic!()
    };
    assert_eq!(
        preview.summary,
        Text::with(
            "options_import_summary",
            [
                Text::number(3),
                Text::number(0),
                Text::number(0),
                Text::number(1)
            ]
        )
    );
    assert_eq!(preview.groups[0].id, "import-added");
    assert_eq!(preview.groups[0].items.len(), 3);
    let Item::Rejected { who, reasons } = &preview.groups[1].items[0] else {
        panic!()
    };
    assert_eq!(
        who,
        &Text::with(
            "options_import_named",
            [Text::number(3), Text::plain("Broken")]
        )
    );
    assert_eq!(reasons.len(), 2);
    assert_eq!(
        preview.confirm,
        Some(Text::with("options_import_confirm", [Text::number(3)]))
    );
    assert_eq!(preview.note, Some(Text::key("options_import_skips_one")));

    assert_eq!(
        send(&mut model, Msg::Transfer(TransferMsg::Confirm)),
        vec![Effect::ReadSync(AfterSyncRead::Confirm)]
    );
    let items = sync_items(&model);
    let effects = send(&mut model, Msg::SyncRead(AfterSyncRead::Confirm, Ok(items)));
    let [Effect::ApplyImport(applied)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(applied.added.len(), 3);
    assert!(applied.rejected.is_empty(), "the rejected are left out");
    assert_eq!(
        send(&mut model, Msg::ImportApplied(Ok(()))),
        vec![Effect::LoadPresets(AfterLoad::Imported(3))]
    );
    assert!(model.import.is_none());
    let effects = send(
        &mut model,
        Msg::PresetsLoaded(
            AfterLoad::Imported(3),
            Ok(PresetList {
                presets: presets(),
                unreadable: vec![],
            }),
        ),
    );
    assert_eq!(effects, vec![Effect::Focus("list-status".into())]);
    assert_eq!(
        model.list.notice,
        Some(Notice::ok(Text::with(
            "options_imported",
            [Text::number(3)]
        )))
    );
}

#[test]
fn an_import_is_not_written_when_the_stored_presets_changed_since_the_preview() {
    let mut model = opened();
    choose(
        &mut model,
        file(
            json!([{"id": "git", "name": "Git", "scopes": ["vso.code"], "lifetimeDays": 30, "nameTemplate": "{preset}", "orgs": "all"}]),
        ),
    );
    send(&mut model, Msg::Transfer(TransferMsg::Confirm));
    model.presets.remove(0);
    let items = sync_items(&model);
    assert_eq!(
        send(&mut model, Msg::SyncRead(AfterSyncRead::Confirm, Ok(items))),
        vec![]
    );
    let ImportView::Preview(preview) = import_view(model.import.as_ref().unwrap()) else {
        panic!()
    };
    assert_eq!(
        preview.problem,
        Some(Text::with(
            "options_import_failed",
            [Text::key("options_import_changed")]
        ))
    );
}

#[test]
fn a_file_too_large_is_refused_before_it_is_read_and_a_malformed_one_after() {
    let mut model = opened();
    let effects = send(
        &mut model,
        Msg::Transfer(TransferMsg::Chosen {
            name: "huge.json".into(),
            size: 1024.0 * 1024.0,
        }),
    );
    assert_eq!(effects, vec![Effect::Focus("import-title".into())]);
    let ImportView::Refused { why, .. } = import_view(model.import.as_ref().unwrap()) else {
        panic!()
    };
    assert_eq!(
        why,
        Text::with(
            "options_import_refused",
            [Text::with(
                "options_import_too_large",
                [Text::number(1024), Text::number(256)]
            )]
        )
    );
    choose(
        &mut model,
        b"{\"format\": \"pat-pilot/presets\", \"version\": 1, \"presets\": [".to_vec(),
    );
    let ImportView::Refused { why, .. } = import_view(model.import.as_ref().unwrap()) else {
        panic!()
    };
    let Text::Message("options_import_refused", inner) = why else {
        panic!()
    };
    assert_eq!(inner[0].message_key(), Some("options_import_malformed"));
    assert_eq!(
        send(&mut model, Msg::Transfer(TransferMsg::Cancel)),
        vec![Effect::Focus("import-pick".into())]
    );
    assert!(model.import.is_none());
}

#[test]
fn export_downloads_the_stored_presets_and_says_how_many() {
    let mut model = opened();
    assert_eq!(
        send(&mut model, Msg::Transfer(TransferMsg::Export)),
        vec![Effect::LoadPresets(AfterLoad::Export)]
    );
    let effects = send(
        &mut model,
        Msg::PresetsLoaded(
            AfterLoad::Export,
            Ok(PresetList {
                presets: presets(),
                unreadable: vec![],
            }),
        ),
    );
    let [Effect::Download { file, text }] = effects.as_slice() else {
        panic!()
    };
    assert_eq!(*file, "pat-pilot-presets.json");
    assert_eq!(text, &pat_pilot::core::transfer::export(&presets()));
    assert_eq!(
        model.list.notice,
        Some(Notice::ok(Text::with(
            "options_exported",
            [Text::number(3), Text::plain("pat-pilot-presets.json")]
        )))
    );
}

// Settings.

#[test]
fn thresholds_are_added_and_removed_and_a_value_out_of_range_is_said_keeping_what_was_typed() {
    let mut model = opened();
    let effects = send(
        &mut model,
        Msg::Settings(SettingsMsg::AddThreshold("30".into())),
    );
    let expected = Settings {
        thresholds: Thresholds::new([30, 14, 7, 1]).unwrap(),
        ..Settings::default()
    };
    assert_eq!(
        effects,
        vec![
            Effect::SaveSettings(expected.clone()),
            Effect::Focus("f-threshold".into())
        ]
    );
    send(&mut model, Msg::SettingsSaved(Ok(())));
    let view = settings_view(&model.settings, &model.known, NOW);
    assert_eq!(
        view.notice,
        Some(Notice::ok(Text::key("options_settings_saved")))
    );
    assert_eq!(view.thresholds[0], (30, words::days(30)));

    let effects = send(
        &mut model,
        Msg::Settings(SettingsMsg::AddThreshold("500".into())),
    );
    assert_eq!(effects, vec![Effect::Focus("f-threshold".into())]);
    let view = settings_view(&model.settings, &model.known, NOW);
    assert_eq!(
        view.threshold_error,
        Some((
            Text::with(
                "options_thresholds_range",
                [Text::number(1), Text::number(90)]
            ),
            "500".into()
        ))
    );
    send(&mut model, Msg::Settings(SettingsMsg::RemoveThreshold(1)));
    assert_eq!(model.settings.settings.thresholds.days(), &[30, 14, 7]);
    assert_eq!(model.settings.threshold_error, None);
}

#[test]
fn the_interval_and_notifications_are_saved_as_chosen() {
    let mut model = opened();
    let effects = send(
        &mut model,
        Msg::Settings(SettingsMsg::Interval("12".into())),
    );
    let [Effect::SaveSettings(saved)] = effects.as_slice() else {
        panic!()
    };
    assert_eq!(saved.check_interval_hours, 12);
    let view = settings_view(&model.settings, &model.known, NOW);
    assert!(view
        .intervals
        .iter()
        .any(|(h, _, chosen)| *h == 12 && *chosen));
    let effects = send(&mut model, Msg::Settings(SettingsMsg::Notifications(false)));
    let [Effect::SaveSettings(saved)] = effects.as_slice() else {
        panic!()
    };
    assert!(!saved.notifications);
    send(
        &mut model,
        Msg::SettingsSaved(Err(StoreError::Quota("QUOTA_BYTES".into()))),
    );
    assert_eq!(
        model.settings.notice,
        Some(Notice::error(Text::key("options_storage_quota")))
    );
}

#[test]
fn a_watched_organization_is_added_by_url_with_its_host_and_removed_and_diagnostics_follow() {
    let mut model = opened();
    let text = "https://fabrikam.visualstudio.com/Project/_git/repo";
    let effects = send(
        &mut model,
        Msg::Settings(SettingsMsg::Watch {
            text: text.into(),
            parts: parts(text),
        }),
    );
    let said = Text::with("options_org_added", [Text::plain("fabrikam")]);
    assert_eq!(
        effects,
        vec![
            Effect::SaveKnown {
                known: model.known.clone(),
                said: Some(said.clone())
            },
            Effect::Focus("f-watch".into())
        ]
    );
    assert_eq!(
        model.known.get(&org("fabrikam")).unwrap().host_style,
        HostStyle::Legacy
    );
    let effects = send(
        &mut model,
        Msg::KnownSaved {
            said: Some(said.clone()),
            result: Ok(()),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::LoadOrgStates(vec![org("fabrikam"), org("contoso")])]
    );
    let view = settings_view(&model.settings, &model.known, NOW);
    assert_eq!(view.watch_notice, Some(Notice::ok(said)));
    assert_eq!(
        view.watched[1].detail,
        Text::with(
            "options_org_used",
            [
                Text::plain("dev.azure.com/contoso"),
                words::ago(NOW, NOW - Duration::hours(3))
            ]
        )
    );

    let text = "https://example.com/contoso";
    send(
        &mut model,
        Msg::Settings(SettingsMsg::Watch {
            text: text.into(),
            parts: parts(text),
        }),
    );
    assert_eq!(
        model.settings.watch_error,
        Some((Text::key("options_org_input_not_org"), text.into()))
    );
    send(
        &mut model,
        Msg::Settings(SettingsMsg::Unwatch(org("fabrikam"))),
    );
    assert!(model.known.get(&org("fabrikam")).is_none());
}

#[test]
fn check_now_asks_the_engine_waits_and_says_what_it_did() {
    let mut model = opened();
    assert_eq!(
        send(&mut model, Msg::Settings(SettingsMsg::CheckNow)),
        vec![Effect::Ask(Request::CheckNow {})]
    );
    assert!(settings_view(&model.settings, &model.known, NOW).checking);
    let summary = CheckSummary {
        notified: 2,
        due: 3,
        refreshed: vec![org("contoso")],
        stale: vec![],
    };
    let effects = send(
        &mut model,
        Msg::Answered {
            request: Request::CheckNow {},
            reply: Ok(Response::Checked { summary }),
        },
    );
    assert_eq!(effects[0], Effect::Focus("check-now".into()));
    let (said, tone) = settings_view(&model.settings, &model.known, NOW)
        .check
        .unwrap();
    assert_eq!(tone, "ok");
    assert_eq!(
        said,
        Text::Joined(
            vec![
                Text::with("options_check_done", [Text::number(2), Text::number(3)]),
                Text::with("options_check_refreshed", [Text::plain("contoso")]),
            ],
            " "
        )
    );
}

// Diagnostics.

#[test]
fn diagnostics_ask_the_engine_and_show_which_route_works_and_the_report_to_copy() {
    let mut model = opened();
    assert_eq!(
        send(
            &mut model,
            Msg::Diagnostics(DiagnosticsMsg::Run(org("contoso")))
        ),
        vec![Effect::Ask(Request::Diagnose {
            org: OrgRef {
                name: org("contoso"),
                style: HostStyle::Modern
            }
        })]
    );
    let cards = pat_pilot::views::options::diagnostics::model::view(
        &model.diagnostics,
        &model.org_states,
        NOW,
    );
    assert!(cards[0].running);
    // The engine's own report type, as it crosses the protocol.
    let exchange = |url: &str, status| Exchange {
        method: "GET".into(),
        url: url.into(),
        with_bearer: false,
        status: Some(status),
        content_type: None,
        transport_error: None,
        type_key: None,
        // The answer's keys and value types: what a copied report tells maintainers.
        shape: Some(pat_pilot::ado::shape::shape(
            &json!({"count": 1, "value": [{"displayName": "x"}]}),
        )),
    };
    let report = DiagnosticsReport {
        org: "contoso".into(),
        host_style: HostStyle::Modern,
        writes: Default::default(),
        checks: vec![
            ReportCheck {
                probe: ReportProbe::List(Route::Web),
                requests: vec![exchange("https://dev.azure.com/contoso/_apis/x", 404)],
                ok: false,
                tokens: None,
                error: None,
            },
            ReportCheck {
                probe: ReportProbe::List(Route::Lifecycle),
                requests: vec![exchange("https://vssps.dev.azure.com/contoso/_apis/y", 200)],
                ok: true,
                tokens: Some(4),
                error: None,
            },
        ],
    };
    let raw = serde_json::to_value(&report).unwrap();
    let request = Request::Diagnose {
        org: OrgRef {
            name: org("contoso"),
            style: HostStyle::Modern,
        },
    };
    let effects = send(
        &mut model,
        Msg::Answered {
            request,
            reply: Ok(Response::Diagnosis { report: raw }),
        },
    );
    assert_eq!(
        effects,
        vec![
            Effect::LoadOrgStates(vec![org("contoso")]),
            Effect::Focus("diag-contoso-run".into())
        ]
    );
    let cards = pat_pilot::views::options::diagnostics::model::view(
        &model.diagnostics,
        &model.org_states,
        NOW,
    );
    let Some(RunView::Done(view)) = &cards[0].run else {
        panic!("{:?}", cards[0].run)
    };
    assert!(view.works);
    assert_eq!(
        view.verdict,
        Text::with(
            "options_verdict_works",
            [Text::key("options_route_lifecycle")]
        )
    );
    assert_eq!(
        view.checks[1].outcome,
        Text::with("options_check_ok_tokens", [Text::number(4)])
    );
    assert!(view.text.contains("\"organization\": \"contoso\""));
    assert!(
        view.text.contains("\"shape\"") && view.text.contains("displayName"),
        "the answer shapes per route are in the copied report: {}",
        view.text
    );
    assert!(!view.text.contains("\"x\""), "and no value of an answer");

    let effects = send(
        &mut model,
        Msg::Diagnostics(DiagnosticsMsg::CopyReport(org("contoso"))),
    );
    let [Effect::CopyReport { org: copied, text }] = effects.as_slice() else {
        panic!()
    };
    assert_eq!(copied, &org("contoso"));
    assert_eq!(text, &view.text);
    send(
        &mut model,
        Msg::ReportCopied {
            org: org("contoso"),
            done: false,
        },
    );
    let cards = pat_pilot::views::options::diagnostics::model::view(
        &model.diagnostics,
        &model.org_states,
        NOW,
    );
    let Some(RunView::Done(view)) = &cards[0].run else {
        panic!()
    };
    assert_eq!(view.copy_status, Some(Text::key("options_copy_failed")));
    assert_eq!(
        cards[0].facts.last().unwrap(),
        &(Text::key("options_fact_limit"), words::days(30))
    );
}

#[test]
fn a_failed_diagnosis_is_said_by_its_kind() {
    let mut model = opened();
    send(
        &mut model,
        Msg::Diagnostics(DiagnosticsMsg::Run(org("contoso"))),
    );
    send(
        &mut model,
        Msg::Answered {
            request: Request::Diagnose {
                org: OrgRef {
                    name: org("contoso"),
                    style: HostStyle::Modern,
                },
            },
            reply: Err(pat_pilot::protocol::ErrorData::new(
                pat_pilot::ado::AdoErrorKind::SignedOut,
                "signed out",
            )),
        },
    );
    let cards = pat_pilot::views::options::diagnostics::model::view(
        &model.diagnostics,
        &model.org_states,
        NOW,
    );
    assert_eq!(
        cards[0].run,
        Some(RunView::Failed(Text::with(
            "options_diagnostics_failed",
            [Text::key("options_error_signedOut")]
        )))
    );
}

/// The engine's report with a connection check and one lifecycle list check.
fn lifecycle_report(connected: bool, lifecycle: pat_pilot::ado::AdoErrorKind) -> Value {
    use pat_pilot::ado::diagnose::ErrorSummary;
    let failed = |kind| ErrorSummary {
        kind,
        message: "refused".into(),
    };
    let report = DiagnosticsReport {
        org: "contoso".into(),
        host_style: HostStyle::Modern,
        writes: Default::default(),
        checks: vec![
            ReportCheck {
                probe: ReportProbe::Connection,
                requests: Vec::new(),
                ok: connected,
                tokens: None,
                error: (!connected).then(|| failed(pat_pilot::ado::AdoErrorKind::SignedOut)),
            },
            ReportCheck {
                probe: ReportProbe::List(Route::Lifecycle),
                requests: Vec::new(),
                ok: false,
                tokens: None,
                error: Some(failed(lifecycle)),
            },
        ],
    };
    serde_json::to_value(&report).unwrap()
}

fn diagnosed(report: Value) -> pat_pilot::views::options::diagnostics::model::ReportView {
    let mut model = opened();
    let request = Request::Diagnose {
        org: OrgRef {
            name: org("contoso"),
            style: HostStyle::Modern,
        },
    };
    send(
        &mut model,
        Msg::Diagnostics(DiagnosticsMsg::Run(org("contoso"))),
    );
    send(
        &mut model,
        Msg::Answered {
            request,
            reply: Ok(Response::Diagnosis { report }),
        },
    );
    let cards = pat_pilot::views::options::diagnostics::model::view(
        &model.diagnostics,
        &model.org_states,
        NOW,
    );
    let Some(RunView::Done(view)) = cards[0].run.clone() else {
        panic!("{:?}", cards[0].run)
    };
    view
}

#[test]
fn the_public_apis_refusal_of_a_signed_in_session_is_said_as_expected_not_as_signed_out() {
    use pat_pilot::ado::AdoErrorKind as Kind;
    for kind in [Kind::SignedOut, Kind::Forbidden] {
        let view = diagnosed(lifecycle_report(true, kind));
        assert_eq!(
            view.checks[1].outcome,
            Text::key("options_check_lifecycle_refused"),
            "{kind:?}"
        );
    }
    // Signed out for connectionData too: then it is signed out.
    let view = diagnosed(lifecycle_report(false, Kind::SignedOut));
    assert_eq!(view.checks[1].outcome, Text::key("options_error_signedOut"));
    // Another failure of the public API keeps its own words.
    let view = diagnosed(lifecycle_report(true, Kind::Server));
    assert_eq!(view.checks[1].outcome, Text::key("options_error_server"));
}

#[test]
fn diagnostics_say_how_writes_are_sent_once_one_was_sent() {
    use pat_pilot::ado::Transport;
    let facts = |state: OrgState| {
        let mut s = start();
        s.org_states = vec![(org("contoso"), state)];
        let (model, _) = Model::open(s);
        pat_pilot::views::options::diagnostics::model::view(
            &model.diagnostics,
            &model.org_states,
            NOW,
        )[0]
        .facts
        .clone()
    };
    let writes = |facts: Vec<(Text, Text)>| {
        facts
            .into_iter()
            .find(|(term, _)| *term == Text::key("options_fact_writes"))
            .map(|(_, value)| value)
    };
    assert_eq!(writes(facts(OrgState::default())), None, "no write yet");
    assert_eq!(
        writes(facts(OrgState {
            last_write_transport: Some(Transport::Direct),
            ..OrgState::default()
        })),
        Some(Text::key("options_writes_direct"))
    );
    assert_eq!(
        writes(facts(OrgState {
            transport: Some(Transport::PageOrigin),
            ..OrgState::default()
        })),
        Some(Text::key("options_writes_page_origin")),
        "chosen after a refusal, before a write worked"
    );
    assert_eq!(
        writes(facts(OrgState {
            transport: Some(Transport::PageOrigin),
            last_write_transport: Some(Transport::Direct),
            ..OrgState::default()
        })),
        Some(Text::key("options_writes_direct")),
        "the one that last worked wins"
    );
}

#[test]
fn a_declined_create_and_a_token_of_another_organization_are_worded_by_their_kind() {
    use pat_pilot::protocol::{EngineErrorKind, ErrorKind};
    assert_eq!(
        words::error_kind(ErrorKind::Ado(pat_pilot::ado::AdoErrorKind::Declined)),
        Text::key("options_error_declined")
    );
    assert_eq!(
        words::error_kind(ErrorKind::Engine(EngineErrorKind::OtherOrganization)),
        Text::key("options_error_otherOrganization")
    );
}

#[test]
fn a_presets_copy_as_format_goes_through_the_editor_draft_and_its_save_unchanged() {
    use pat_pilot::core::copy_as::CopyFormat;
    use pat_pilot::core::preset::CopyAsDraft;
    let npm = CopyAsDraft {
        format: "npmrc".into(),
        feed: "team-feed".into(),
        project: "web".into(),
    };
    let mut draft = PresetDraft {
        id: "npm".into(),
        name: "npm feed".into(),
        scopes: vec!["vso.packaging".into()],
        lifetime_days: 30,
        name_template: "{preset} · {date}".into(),
        orgs: OrgsDraft::All,
        copy_as: npm.clone(),
    };
    let npm_preset = draft.clone().validate().unwrap();
    let mut s = start();
    if let Ok(list) = &mut s.presets {
        list.presets.push(npm_preset.clone());
    }
    let (mut model, _) = Model::open(s);
    send(&mut model, Msg::List(ListMsg::Edit(id("npm"))));
    assert_eq!(model.editor.as_ref().unwrap().draft.copy_as, npm);

    // A change elsewhere: the draft kept locally names the format, its feed and project.
    let effects = edit(&mut model, EditorMsg::Lifetime("14".into()));
    let [Effect::KeepDraft(kept), ..] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        kept["copyAs"],
        json!({"format": "npmrc", "feed": "team-feed", "project": "web"})
    );
    // …and the save writes the preset with it.
    let effects = send(&mut model, Msg::Timer(Timer::Autosave { generation: 1 }));
    let [Effect::SavePreset { preset, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(preset.lifetime_days(), 14);
    assert_eq!(preset.copy_as().format(), CopyFormat::Npmrc);
    assert_eq!(preset.copy_as(), npm_preset.copy_as());

    // Reopened from that draft (the page closed before the save): the format comes back.
    let mut s = start();
    s.draft = Some(kept.clone());
    let (model, _) = Model::open(s);
    assert_eq!(model.editor.as_ref().unwrap().draft.copy_as, npm);

    // A draft kept before "Copy as…" existed has none: copy as is.
    let mut old = kept.clone();
    old.as_object_mut().unwrap().remove("copyAs");
    let stored: StoredDraft = serde_json::from_value(old).unwrap();
    assert_eq!(stored.copy_as, CopyAsDraft::default());
    assert_eq!(
        stored.draft().validate().unwrap().copy_as().format(),
        CopyFormat::Raw
    );

    // A format that needs a feed, without one, is a problem said next to the feed field.
    draft.copy_as.feed = String::new();
    let problems = draft.validate().unwrap_err();
    let field = problems[0].field;
    assert_eq!(
        pat_pilot::views::options::editor::model::problem_id(field),
        "p-feed"
    );
}

#[test]
fn the_editor_sets_a_default_format_with_its_feed_of_the_organization_or_of_a_project() {
    use pat_pilot::core::copy_as::CopyFormat;
    let mut model = editing("git");
    let view =
        |model: &Model| editor_view(model.editor.as_ref().unwrap(), &model.known, "contoso", NOW);
    let slot = |model: &Model, id: &str| {
        view(model)
            .problems
            .iter()
            .find(|s| s.id == id)
            .unwrap()
            .clone()
    };
    let v = view(&model);
    assert_eq!(v.copy.format, "raw");
    assert!(!v.copy.needs_feed, "the token itself names no feed");
    assert!(!v.copy.in_project);

    // A format without a feed saves as it is.
    edit(&mut model, EditorMsg::CopyFormat("az-powershell".into()));
    assert!(!view(&model).copy.needs_feed);
    let effects = send(&mut model, Msg::Timer(Timer::Autosave { generation: 1 }));
    let [Effect::SavePreset { preset, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(preset.copy_as().format(), CopyFormat::AzPowerShell);

    // A feed format shows the feed fields and, on Done without a feed, says so there.
    edit(&mut model, EditorMsg::CopyFormat("npmrc".into()));
    assert!(view(&model).copy.needs_feed);
    assert_eq!(
        edit(&mut model, EditorMsg::Done),
        vec![Effect::Focus("f-feed".into())]
    );
    assert_eq!(
        slot(&model, "p-feed").texts,
        vec![Text::key("options_problem_feed_missing")]
    );
    assert_eq!(slot(&model, "p-feed").control, Some("f-feed"));
    edit(&mut model, EditorMsg::Feed("my feed".into()));
    assert_eq!(
        slot(&model, "p-feed").texts,
        vec![Text::key("options_problem_feed_characters")],
        "problems follow the typing once shown"
    );
    edit(&mut model, EditorMsg::Feed("packages".into()));
    assert!(slot(&model, "p-feed").texts.is_empty());

    // A feed of a project needs the project; the organization's feed keeps it aside.
    edit(&mut model, EditorMsg::FeedScope { project: true });
    assert!(view(&model).copy.in_project);
    assert_eq!(
        edit(&mut model, EditorMsg::Done),
        vec![Effect::Focus("f-project".into())]
    );
    assert_eq!(
        slot(&model, "p-project").texts,
        vec![Text::key("options_problem_project_empty")]
    );
    edit(&mut model, EditorMsg::Project("Web Shop".into()));
    assert!(slot(&model, "p-project").texts.is_empty());
    edit(&mut model, EditorMsg::FeedScope { project: false });
    assert_eq!(
        view(&model).copy.project,
        "",
        "an organization feed has no project"
    );
    edit(&mut model, EditorMsg::FeedScope { project: true });
    assert_eq!(
        view(&model).copy.project,
        "Web Shop",
        "the project comes back"
    );

    let generation = model.editor.as_ref().unwrap().generation;
    let effects = send(&mut model, Msg::Timer(Timer::Autosave { generation }));
    let [Effect::SavePreset { preset, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let feed = preset.copy_as().feed().unwrap();
    assert_eq!(preset.copy_as().format(), CopyFormat::Npmrc);
    assert_eq!(feed.name.as_str(), "packages");
    assert_eq!(feed.project.as_ref().unwrap().as_str(), "Web Shop");
    assert_eq!(
        preset.to_value()["copyAs"],
        json!({"format": "npmrc", "feed": "packages", "project": "Web Shop"})
    );

    // Reopened, a preset with a project starts on "a feed of a project".
    let mut s = start();
    if let Ok(list) = &mut s.presets {
        list.presets.push(preset.clone().with_id(id("npm2")));
    }
    let (mut model, _) = Model::open(s);
    send(&mut model, Msg::List(ListMsg::Edit(id("npm2"))));
    let v = view(&model);
    assert_eq!(v.copy.format, "npmrc");
    assert_eq!(v.copy.feed, "packages");
    assert!(v.copy.in_project);
}

#[test]
fn the_settings_show_the_shortcut_the_browser_has_and_say_when_none_is_set() {
    let (mut model, effects) = Model::open(start());
    assert!(
        effects.contains(&Effect::ReadShortcut),
        "the page reads it as it opens: {effects:?}"
    );
    let shown = |model: &Model| settings_view(&model.settings, &model.known, NOW);
    assert_eq!(
        shown(&model).shortcut,
        Text::key("options_shortcut_reading")
    );

    send(
        &mut model,
        Msg::ShortcutRead(Ok(Some("Alt+Shift+K".into()))),
    );
    assert_eq!(shown(&model).shortcut, Text::plain("Alt+Shift+K"));
    assert!(!shown(&model).shortcut_unset);

    // Changed in the browser's shortcut settings: read again when the page shows again.
    assert_eq!(
        send(&mut model, Msg::Settings(SettingsMsg::Shown)),
        vec![Effect::ReadShortcut]
    );
    send(&mut model, Msg::ShortcutRead(Ok(None)));
    assert_eq!(shown(&model).shortcut, Text::key("options_shortcut_unset"));
    assert!(shown(&model).shortcut_unset, "how to choose one is said");

    let effects = send(&mut model, Msg::ShortcutRead(Err("no commands".into())));
    assert_eq!(
        shown(&model).shortcut,
        Text::key("options_shortcut_unknown")
    );
    assert!(matches!(effects.as_slice(), [Effect::Log(_)]));
}

// The page's answers, read alone (`views::options::answer`): they must agree with the
// protocol's own decoder on what the page asks for, and refuse everything else.

#[test]
fn the_page_reads_its_two_answers_as_the_protocol_writes_them() {
    use pat_pilot::protocol::samples::{response_name, responses};
    use pat_pilot::protocol::{EngineErrorKind, ErrorData, ErrorKind, Reply};
    use pat_pilot::views::options::answer::read_reply;
    let mut read = 0;
    for response in responses() {
        let written = serde_json::to_value(Reply::Ok(response.clone())).unwrap();
        match response_name(&response) {
            "checked" | "diagnosis" => {
                assert_eq!(read_reply(written), Ok(response));
                read += 1;
            }
            other => {
                let refused = read_reply(written).unwrap_err();
                assert_eq!(refused.kind, ErrorKind::from(EngineErrorKind::Internal));
                assert!(refused.message.contains(other), "{other}: {refused:?}");
            }
        }
    }
    assert_eq!(read, 2);
    let error = ErrorData {
        retry_after_secs: Some(30),
        ..ErrorData::new(EngineErrorKind::Busy, "busy")
    };
    let written = serde_json::to_value(Reply::Error(error.clone())).unwrap();
    assert_eq!(read_reply(written), Err(error));
}

#[test]
fn the_page_refuses_a_malformed_answer_with_an_internal_error() {
    use pat_pilot::protocol::{EngineErrorKind, ErrorKind};
    use pat_pilot::views::options::answer::read_reply;
    let summary = json!({"notified": 1, "due": 2, "refreshed": [], "stale": []});
    for bad in [
        json!(null),
        json!("checked"),
        json!({}),
        json!({"ok": {"type": "checked", "summary": summary}, "error": {}}),
        json!({"fine": {}}),
        json!({"ok": {"summary": summary}}),
        json!({"ok": {"type": "checked"}}),
        json!({"ok": {"type": "checked", "summary": summary, "extra": 1}}),
        json!({"ok": {"type": "checked", "summary": {"notified": "one"}}}),
        json!({"ok": {"type": "diagnosis", "report": {}, "more": true}}),
        json!({"error": {"kind": "busy"}}),
    ] {
        let refused = read_reply(bad.clone()).unwrap_err();
        assert_eq!(
            refused.kind,
            ErrorKind::from(EngineErrorKind::Internal),
            "{bad}"
        );
    }
}

#[test]
fn the_page_reads_what_the_engine_remembers_of_each_organization_in_one_read_without_tokens() {
    use pat_pilot::ports::fakes::MemoryStore;
    use pat_pilot::protocol::samples::token;
    let store = MemoryStore::new();
    let at = time::macros::datetime!(2026-12-03 10:00 UTC);
    let contoso = OrgName::parse("contoso").unwrap();
    let stored = OrgState {
        route: Some(Route::Web),
        max_lifespan_days: Some(30),
        refreshed_at: Some(at),
        tokens: vec![token(), token()],
        ..OrgState::default()
    };
    pollster::block_on(stored.save(&store, &contoso)).unwrap();
    store.take_reads();

    let fabrikam = OrgName::parse("fabrikam").unwrap();
    let loaded = pollster::block_on(OrgState::load_memory_many(
        &store,
        &[contoso.clone(), fabrikam],
        at,
    ))
    .unwrap();
    assert_eq!(store.take_reads(), 1);
    assert_eq!(
        loaded,
        vec![
            OrgState {
                tokens: Vec::new(),
                ..stored.clone()
            },
            OrgState::default()
        ]
    );
    // The engine's own reading still has the tokens.
    let full = pollster::block_on(OrgState::load(&store, &contoso, at)).unwrap();
    assert_eq!(full.tokens.len(), 2);
}
