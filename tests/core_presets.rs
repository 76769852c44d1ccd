//! Presets: validation, name templates and built-in recipes.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod core_support;

use core_support::{draft, now, org, preset};
use pat_pilot::core::copy_as::CopyFormat;
use pat_pilot::core::preset::{
    CopyAsDraft, JsonType, OrgScope, OrgsDraft, Preset, PresetField, PresetId, PresetProblem,
    ProblemReason, MAX_LIFETIME_DAYS, MAX_NAME_CHARS, MAX_ORGS,
};
use pat_pilot::core::quota::{item_bytes, SYNC_QUOTA_BYTES_PER_ITEM};
use pat_pilot::core::recipes::{recipe, RecipeId, RecipeNote, RECIPES, SEEDED};
use pat_pilot::core::record::encode;
use pat_pilot::core::scopes::catalog;
use pat_pilot::core::template::{NameContext, NameTemplate, TemplateError, MAX_TOKEN_NAME_CHARS};
use serde_json::json;
use time::macros::datetime;

fn problem(field: PresetField, reason: ProblemReason) -> PresetProblem {
    PresetProblem::new(field, reason)
}

#[test]
fn a_complete_draft_becomes_a_preset() {
    let p = preset("git", "  Git  ", &["vso.code_write"]);
    assert_eq!(p.id().as_str(), "git");
    assert_eq!(p.name(), "Git", "names are trimmed");
    assert_eq!(p.scopes().ids(), ["vso.code_write"]);
    assert_eq!(p.lifetime_days(), 30);
    assert_eq!(p.orgs(), &OrgScope::All);
    assert!(p.applies_to(&org("contoso")));
}

#[test]
fn validation_reports_every_problem_at_once_naming_field_and_reason() {
    let mut d = draft("bad id!", " ", &[]);
    d.lifetime_days = 0;
    d.name_template = "{preset} {when}".into();
    d.orgs = OrgsDraft::Only(vec!["-nope".into()]);
    let problems = d.validate().unwrap_err();
    assert_eq!(
        problems,
        vec![
            problem(PresetField::Id, ProblemReason::InvalidCharacters),
            problem(PresetField::Name, ProblemReason::Empty),
            problem(PresetField::Scopes, ProblemReason::Empty),
            problem(
                PresetField::LifetimeDays,
                ProblemReason::OutOfRange { min: 1, max: 365 }
            ),
            problem(
                PresetField::NameTemplate,
                ProblemReason::UnknownPlaceholder {
                    placeholder: "when".into()
                }
            ),
            problem(
                PresetField::Orgs,
                ProblemReason::InvalidOrg {
                    value: "-nope".into()
                }
            ),
        ]
    );
}

#[test]
fn full_access_must_stand_alone() {
    assert!(draft("a", "All", &["app_token"]).validate().is_ok());
    assert_eq!(
        draft("a", "All", &["app_token", "vso.code"])
            .validate()
            .unwrap_err(),
        vec![problem(
            PresetField::Scopes,
            ProblemReason::FullAccessNotAlone
        )]
    );
}

#[test]
fn each_unknown_scope_is_a_problem_of_its_own() {
    assert_eq!(
        draft("a", "A", &["vso.code", "vso.nope", "vso.zilch"])
            .validate()
            .unwrap_err(),
        vec![
            problem(
                PresetField::Scopes,
                ProblemReason::UnknownScope {
                    scope: "vso.nope".into()
                }
            ),
            problem(
                PresetField::Scopes,
                ProblemReason::UnknownScope {
                    scope: "vso.zilch".into()
                }
            ),
        ]
    );
}

#[test]
fn scope_duplicates_and_space_separated_entries_are_normalised() {
    let p = preset("a", "A", &["vso.code vso.work", "vso.code"]);
    assert_eq!(p.scopes().ids(), ["vso.code", "vso.work"]);
}

#[test]
fn lifetimes_run_from_one_to_365_days() {
    for (days, ok) in [
        (1, true),
        (365, true),
        (0, false),
        (366, false),
        (-5, false),
        (i64::MAX, false),
    ] {
        let mut d = draft("a", "A", &["vso.code"]);
        d.lifetime_days = days;
        assert_eq!(d.validate().is_ok(), ok, "{days} days");
    }
}

#[test]
fn ids_are_short_runs_of_letters_digits_dashes_and_underscores() {
    assert!(PresetId::parse("builtin-git_2").is_ok());
    assert_eq!(PresetId::parse(""), Err(ProblemReason::Empty));
    assert_eq!(
        PresetId::parse("a b"),
        Err(ProblemReason::InvalidCharacters)
    );
    assert_eq!(PresetId::parse("é"), Err(ProblemReason::InvalidCharacters));
    assert_eq!(
        PresetId::parse(&"x".repeat(65)),
        Err(ProblemReason::TooLong { max: 64 })
    );
}

#[test]
fn fresh_ids_never_collide_with_taken_ones() {
    let first = PresetId::fresh(now(), &[]);
    let second = PresetId::fresh(now(), std::slice::from_ref(&first));
    assert_ne!(first, second);
    assert!(PresetId::parse(second.as_str()).is_ok());
}

#[test]
fn names_refuse_control_characters_and_excess_length() {
    assert_eq!(
        draft("a", "Git\u{7}", &["vso.code"])
            .validate()
            .unwrap_err(),
        vec![problem(PresetField::Name, ProblemReason::ControlCharacter)]
    );
    assert_eq!(
        draft("a", &"n".repeat(MAX_NAME_CHARS + 1), &["vso.code"])
            .validate()
            .unwrap_err(),
        vec![problem(
            PresetField::Name,
            ProblemReason::TooLong {
                max: MAX_NAME_CHARS
            }
        )]
    );
}

#[test]
fn organization_lists_are_non_empty_valid_and_without_duplicates() {
    let cases: Vec<(Vec<&str>, Vec<ProblemReason>)> = vec![
        (vec![], vec![ProblemReason::Empty]),
        (
            vec!["contoso", "CONTOSO"],
            vec![ProblemReason::DuplicateOrg {
                org: "contoso".into(),
            }],
        ),
        (
            vec!["dev.azure.com/x"],
            vec![ProblemReason::InvalidOrg {
                value: "dev.azure.com/x".into(),
            }],
        ),
    ];
    for (orgs, reasons) in cases {
        let mut d = draft("a", "A", &["vso.code"]);
        d.orgs = OrgsDraft::Only(orgs.iter().map(|s| (*s).to_owned()).collect());
        let expected: Vec<PresetProblem> = reasons
            .into_iter()
            .map(|r| problem(PresetField::Orgs, r))
            .collect();
        assert_eq!(d.validate().unwrap_err(), expected, "{orgs:?}");
    }
    let mut d = draft("a", "A", &["vso.code"]);
    d.orgs = OrgsDraft::Only(vec!["Fabrikam".into(), "contoso".into()]);
    let p = d.validate().unwrap();
    assert!(p.applies_to(&org("fabrikam")));
    assert!(!p.applies_to(&org("northwind")));
}

#[test]
fn a_preset_round_trips_through_its_json_shape() {
    let mut d = draft("feeds", "Feeds", &["vso.packaging"]);
    d.orgs = OrgsDraft::Only(vec!["contoso".into()]);
    let p = d.validate().unwrap();
    let value = p.to_value();
    assert_eq!(
        value,
        json!({"id":"feeds","name":"Feeds","scopes":["vso.packaging"],"lifetimeDays":30,
               "nameTemplate":"{preset} · {date}","orgs":["contoso"]})
    );
    assert_eq!(Preset::from_value(&value).unwrap(), p);
    let via_serde: Preset = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(via_serde, p);
    assert_eq!(p.to_draft().validate().unwrap(), p);
}

#[test]
fn reading_json_reports_missing_and_mistyped_fields_and_still_checks_the_rest() {
    let value = json!({"id": 5, "scopes": "vso.code", "lifetimeDays": 400, "nameTemplate": "{x}",
                       "orgs": "some", "name": null});
    let problems = Preset::from_value(&value).unwrap_err();
    assert_eq!(
        problems,
        vec![
            problem(
                PresetField::Id,
                ProblemReason::WrongType {
                    expected: JsonType::String
                }
            ),
            problem(PresetField::Name, ProblemReason::Missing),
            problem(
                PresetField::Scopes,
                ProblemReason::WrongType {
                    expected: JsonType::ArrayOfStrings
                }
            ),
            problem(
                PresetField::Orgs,
                ProblemReason::WrongType {
                    expected: JsonType::AllOrArrayOfStrings
                }
            ),
            problem(
                PresetField::LifetimeDays,
                ProblemReason::OutOfRange { min: 1, max: 365 }
            ),
            problem(
                PresetField::NameTemplate,
                ProblemReason::UnknownPlaceholder {
                    placeholder: "x".into()
                }
            ),
        ]
    );
    assert_eq!(
        Preset::from_value(&json!([1, 2])).unwrap_err(),
        vec![problem(
            PresetField::Preset,
            ProblemReason::WrongType {
                expected: JsonType::Object
            }
        )]
    );
    assert_eq!(
        Preset::from_value(
            &json!({"id":"a","name":"A","scopes":["vso.code"],"lifetimeDays":1.5,
                                   "nameTemplate":"{date}","orgs":"all"})
        )
        .unwrap_err(),
        vec![problem(
            PresetField::LifetimeDays,
            ProblemReason::WrongType {
                expected: JsonType::Integer
            }
        )]
    );
}

#[test]
fn echoed_values_in_problems_are_cut_short() {
    let long = format!("vso.{}", "x".repeat(10_000));
    let problems = draft("a", "A", &[&long]).validate().unwrap_err();
    let ProblemReason::UnknownScope { scope } = &problems[0].reason else {
        panic!("{problems:?}");
    };
    assert!(scope.chars().count() <= 65);
}

#[test]
fn the_largest_valid_preset_fits_one_sync_item() {
    let all_scopes: Vec<&str> = catalog()
        .scopes()
        .filter(|s| !s.is_full_access())
        .map(|s| s.id.as_str())
        .collect();
    let orgs: Vec<String> = (0..MAX_ORGS)
        .map(|i| format!("{}{i:02}", "o".repeat(48)))
        .collect();
    let mut d = draft(
        &"i".repeat(64),
        &"\u{1F600}".repeat(MAX_NAME_CHARS),
        &all_scopes,
    );
    d.name_template = format!("{{preset}}{}", "\"".repeat(190));
    d.orgs = OrgsDraft::Only(orgs);
    d.lifetime_days = i64::from(MAX_LIFETIME_DAYS);
    // The longest "Copy as…" default: a 64-character feed and a project of 64 three-byte
    // characters.
    d.copy_as = CopyAsDraft {
        format: "npmrc".into(),
        feed: "f".repeat(64),
        project: "語".repeat(64),
    };
    let p = d.validate().unwrap();
    assert!(!p.copy_as().is_raw());
    let key = format!("preset:{}", p.id());
    let bytes = item_bytes(&key, &encode(&p).unwrap());
    assert!(bytes <= SYNC_QUOTA_BYTES_PER_ITEM, "{bytes} bytes");
}

fn render(template: &str) -> String {
    NameTemplate::parse(template).unwrap().render(&NameContext {
        preset: "Git",
        org: &org("contoso"),
        now: datetime!(2026-11-28 09:05:00 +02:00),
    })
}

#[test]
fn name_templates_fill_preset_org_and_utc_date_and_time() {
    assert_eq!(render("{preset} · {date}"), "Git · 2026-11-28");
    assert_eq!(
        render("{org}-{preset} {date} {time}"),
        "contoso-Git 2026-11-28 07:05"
    );
    assert_eq!(render("{{literal}} {preset}"), "{literal} Git");
}

#[test]
fn rendered_names_are_trimmed_capped_and_never_empty() {
    assert_eq!(render("   {preset}   "), "Git");
    let long = render(&format!("{} {{preset}}", "a".repeat(99)));
    assert_eq!(long.chars().count(), MAX_TOKEN_NAME_CHARS - 1, "{long:?}");
    assert!(!long.ends_with(' '));
}

#[test]
fn the_name_falls_back_to_the_preset_name_when_the_template_renders_blank() {
    let template = NameTemplate::parse("{preset}").unwrap();
    let name = template.render(&NameContext {
        preset: "  ",
        org: &org("contoso"),
        now: datetime!(2026-11-28 09:05:00 UTC),
    });
    assert_eq!(name, "2026-11-28");
}

#[test]
fn template_errors_name_what_is_wrong() {
    let cases: &[(&str, TemplateError)] = &[
        ("", TemplateError::Empty),
        ("  ", TemplateError::Empty),
        ("{Date}", TemplateError::UnknownPlaceholder("Date".into())),
        ("{user}", TemplateError::UnknownPlaceholder("user".into())),
        ("{preset", TemplateError::UnclosedBrace),
        ("{pre{set}", TemplateError::UnclosedBrace),
        ("preset}", TemplateError::StrayClosingBrace),
        ("tab\there", TemplateError::ControlCharacter),
    ];
    for (template, error) in cases {
        assert_eq!(
            NameTemplate::parse(template).as_ref().err(),
            Some(error),
            "{template:?}"
        );
    }
    assert_eq!(
        NameTemplate::parse(&"x".repeat(201)).err(),
        Some(TemplateError::TooLong { max: 200 })
    );
}

#[test]
fn a_templates_stable_prefix_stops_at_the_first_date_or_time() {
    let template = NameTemplate::parse("{preset} · {org} · {date} {time}").unwrap();
    assert_eq!(
        template.stable_prefix("Git", &org("contoso")),
        "Git · contoso · "
    );
}

#[test]
fn every_recipe_uses_catalog_scopes_and_makes_a_valid_preset() {
    for r in RECIPES {
        for scope in r.scopes {
            assert!(catalog().contains(scope), "{:?}: {scope}", r.id);
        }
        let p = r
            .preset(PresetId::parse(r.id.as_str()).unwrap(), "Name")
            .unwrap();
        assert_eq!(p.lifetime_days(), r.lifetime_days);
        assert_eq!(recipe(r.id), &r);
    }
}

#[test]
fn recipes_have_distinct_ids_and_message_keys() {
    let mut keys: Vec<&str> = RECIPES
        .iter()
        .flat_map(|r| [r.id.as_str(), r.name_key, r.purpose_key])
        .collect();
    let count = keys.len();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), count);
}

#[test]
fn recipes_cover_the_common_jobs_with_the_right_scopes() {
    let cases: &[(RecipeId, &[&str])] = &[
        (RecipeId::Git, &["vso.code_write"]),
        (RecipeId::FeedsRead, &["vso.packaging"]),
        (RecipeId::FeedsPublish, &["vso.packaging_write"]),
        (RecipeId::Agent, &["vso.agentpools_manage"]),
        (
            RecipeId::ReadOnly,
            &["vso.code", "vso.work", "vso.build", "vso.release"],
        ),
        (RecipeId::MarketplacePublish, &["vso.gallery_manage"]),
    ];
    for (id, scopes) in cases {
        assert_eq!(recipe(*id).scopes, *scopes);
    }
}

#[test]
fn the_marketplace_recipe_warns_that_vsce_may_need_an_all_organizations_token() {
    assert_eq!(
        recipe(RecipeId::MarketplacePublish).note,
        Some(RecipeNote::MarketplaceAllOrganizations)
    );
    assert!(RECIPES
        .iter()
        .filter(|r| r.id != RecipeId::MarketplacePublish)
        .all(|r| r.note.is_none()));
}

#[test]
fn first_run_presets_are_git_30_days_feeds_read_90_and_read_only_7() {
    assert_eq!(
        SEEDED,
        [
            (RecipeId::Git, "builtin-git", 30),
            (RecipeId::FeedsRead, "builtin-feeds-read", 90),
            (RecipeId::ReadOnly, "builtin-read-only", 7),
        ]
    );
}

fn copy_as(format: &str, feed: &str, project: &str) -> CopyAsDraft {
    CopyAsDraft {
        format: format.into(),
        feed: feed.into(),
        project: project.into(),
    }
}

#[test]
fn a_preset_copies_its_token_as_it_is_unless_it_names_a_format() {
    let p = preset("git", "Git", &["vso.code_write"]);
    assert!(p.copy_as().is_raw());
    assert_eq!(p.copy_as().format(), CopyFormat::Raw);
    assert!(p.to_value().get("copyAs").is_none(), "left out when raw");
}

#[test]
fn a_preset_can_name_its_default_format_with_a_feed_and_project() {
    let mut d = draft("npm", "npm", &["vso.packaging"]);
    d.copy_as = copy_as("npmrc", " web-packages ", " Web Shop ");
    let p = d.validate().unwrap();
    assert_eq!(p.copy_as().format(), CopyFormat::Npmrc);
    let feed = p.copy_as().feed().unwrap();
    assert_eq!(feed.name.as_str(), "web-packages", "trimmed");
    assert_eq!(feed.project.as_ref().unwrap().as_str(), "Web Shop");
    assert_eq!(
        p.to_value()["copyAs"],
        json!({"format": "npmrc", "feed": "web-packages", "project": "Web Shop"})
    );
    assert_eq!(Preset::from_value(&p.to_value()).unwrap(), p);
    assert_eq!(
        p.to_draft().validate().unwrap(),
        p,
        "the draft round trip keeps it"
    );

    // An organization-scoped feed has no project.
    d.copy_as = copy_as("nuget", "packages", "");
    let p = d.validate().unwrap();
    assert_eq!(p.copy_as().feed().unwrap().project, None);
    assert_eq!(
        p.to_value()["copyAs"],
        json!({"format": "nuget", "feed": "packages"})
    );
}

#[test]
fn formats_that_name_no_feed_drop_a_feed_left_in_the_draft() {
    for format in [
        "raw",
        "az-bash",
        "az-powershell",
        "git-header",
        "git-config",
    ] {
        let mut d = draft("p", "P", &["vso.code"]);
        d.copy_as = copy_as(format, "left-over", "Old Project");
        let p = d.validate().unwrap();
        assert_eq!(p.copy_as().format().id(), format);
        assert!(p.copy_as().feed().is_none(), "{format}");
    }
}

#[test]
fn copy_as_problems_are_typed_and_name_their_field() {
    let cases = [
        (
            copy_as("clipboard", "", ""),
            vec![problem(
                PresetField::CopyAs,
                ProblemReason::UnknownFormat {
                    format: "clipboard".into(),
                },
            )],
        ),
        (
            copy_as("npmrc", "  ", ""),
            vec![problem(PresetField::Feed, ProblemReason::Missing)],
        ),
        (
            copy_as("pip", "my feed", ""),
            vec![problem(PresetField::Feed, ProblemReason::InvalidCharacters)],
        ),
        (
            copy_as("maven", &"f".repeat(65), ""),
            vec![problem(
                PresetField::Feed,
                ProblemReason::TooLong { max: 64 },
            )],
        ),
        (
            copy_as("nuget", "packages", "_private"),
            vec![problem(
                PresetField::Project,
                ProblemReason::InvalidCharacters,
            )],
        ),
        (
            copy_as("nuget", ".bad", "a/b"),
            vec![
                problem(PresetField::Feed, ProblemReason::InvalidCharacters),
                problem(PresetField::Project, ProblemReason::InvalidCharacters),
            ],
        ),
        (
            copy_as("npmrc", "packages", "tab\there"),
            vec![problem(
                PresetField::Project,
                ProblemReason::ControlCharacter,
            )],
        ),
    ];
    for (copy, expected) in cases {
        let mut d = draft("p", "P", &["vso.packaging"]);
        d.copy_as = copy.clone();
        assert_eq!(d.validate().unwrap_err(), expected, "{copy:?}");
    }
}

#[test]
fn copy_as_read_from_json_reports_wrong_types() {
    let base = || {
        json!({"id": "p", "name": "P", "scopes": ["vso.packaging"], "lifetimeDays": 30,
               "nameTemplate": "{preset}", "orgs": "all"})
    };
    let with = |copy: serde_json::Value| {
        let mut v = base();
        v["copyAs"] = copy;
        Preset::from_value(&v)
    };
    assert!(with(serde_json::Value::Null).unwrap().copy_as().is_raw());
    assert_eq!(
        with(json!("npmrc")).unwrap_err(),
        vec![problem(
            PresetField::CopyAs,
            ProblemReason::WrongType {
                expected: JsonType::Object
            }
        )]
    );
    assert_eq!(
        with(json!({"feed": "packages"})).unwrap_err(),
        vec![problem(PresetField::CopyAs, ProblemReason::Missing)]
    );
    assert_eq!(
        with(json!({"format": "npmrc", "feed": 7, "project": ["x"]})).unwrap_err(),
        vec![
            problem(
                PresetField::Feed,
                ProblemReason::WrongType {
                    expected: JsonType::String
                }
            ),
            problem(
                PresetField::Project,
                ProblemReason::WrongType {
                    expected: JsonType::String
                }
            ),
        ]
    );
    // Keys a newer version may add are ignored.
    let p = with(json!({"format": "pip", "feed": "py", "shell": "fish"})).unwrap();
    assert_eq!(p.copy_as().format(), CopyFormat::Pip);
}
