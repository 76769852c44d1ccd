//! The popup's "Copy as…" on a created token, on the host: the format starts on the preset's,
//! a feed format takes its feed from the preset or from the panel's fields (checked through
//! `core::feed`), Copy hands the clipboard the documented text, and the view shows it only
//! with the token masked.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

use pat_pilot::core::base64;
use pat_pilot::core::copy_as::{copy_text, CopyAs, CopyFormat, MASK};
use pat_pilot::core::feed::{Feed, FeedName, ProjectName};
use pat_pilot::core::org::{HostStyle, OrgName, UrlParts};
use pat_pilot::core::preset::PresetId;
use pat_pilot::core::token::{AuthorizationId, Scopes, Secret, Token};
use pat_pilot::protocol::{Created, OrgRef, Request, Response};
use pat_pilot::views::popup::model::Model;
use pat_pilot::views::popup::update::{update, Effect, Msg};
use pat_pilot::views::popup::view::{page, Block, CopyAsView, CreatedView, FeedView};
use pat_pilot::views::words::{self, Text};
use serde_json::{json, Value};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-12-03 10:00 UTC);
/// A made-up token of the current shape (84 letters and digits).
const SECRET: &str =
    "4x9Kq2Lm7Np3Rs8Tv1Wy6Za0Bc5De2Fg7Hj3Kl9Mn4Pq8Rs2Tu6Vw1Xy5Za0Bc3De7Fg1Hj4KlAZDO9Mn2Pq";

fn org() -> OrgName {
    OrgName::parse("contoso").unwrap()
}

fn preset(id: &str, copy_as: Option<Value>) -> (String, Value) {
    let mut value = json!({"v": 2, "id": id, "name": id, "scopes": ["vso.packaging"],
        "lifetimeDays": 30, "nameTemplate": "{preset} · {date}", "orgs": "all"});
    if let Some(copy_as) = copy_as {
        value["copyAs"] = copy_as;
    }
    (format!("preset:{id}"), value)
}

/// Presets: npm with an organization feed, NuGet with a project feed, git without a feed,
/// and one that copies the token as it is.
fn sync() -> Vec<(String, Value)> {
    vec![
        preset("npm", Some(json!({"format": "npmrc", "feed": "packages"}))),
        preset(
            "nuget",
            Some(json!({"format": "nuget", "feed": "shop-feed", "project": "Web Shop"})),
        ),
        preset("git", Some(json!({"format": "git-header"}))),
        preset("plain", None),
        (
            "preset-order".into(),
            json!({"v": 1, "ids": ["npm", "nuget", "git", "plain"]}),
        ),
    ]
}

fn opened() -> Model {
    let u = url::Url::parse("https://dev.azure.com/contoso/").unwrap();
    let tab = UrlParts {
        scheme: u.scheme().to_owned(),
        host: u.host_str().unwrap().to_owned(),
        path: u.path().to_owned(),
    };
    Model::open(Some(&tab), &sync())
}

fn created(preset: Option<&str>) -> Created {
    Created {
        org: org(),
        token: Token {
            id: AuthorizationId::new(uuid::Uuid::from_u128(7)),
            name: "npm · 2026-12-03".into(),
            scopes: Scopes::parse("vso.packaging"),
            valid_from: NOW,
            valid_to: NOW + Duration::days(30),
            target_accounts: None,
            revoked: false,
        },
        secret: Secret::new(SECRET),
        requested_valid_to: datetime!(2027-01-02 10:00 UTC),
        policy_limited: false,
        replaces: None,
        preset: preset.map(|p| PresetId::parse(p).unwrap()),
    }
}

/// The popup showing a token made from `preset` (answering the create it sent).
fn shown(preset: Option<&str>) -> Model {
    let mut model = opened();
    update(
        &mut model,
        Msg::Answered {
            request: Request::CreateFromPreset {
                org: OrgRef {
                    name: org(),
                    style: HostStyle::Modern,
                },
                preset_id: PresetId::parse(preset.unwrap_or("gone")).unwrap(),
                lifetime_days: None,
            },
            reply: Ok(Response::Created {
                created: created(preset),
                not_kept: None,
            }),
        },
        NOW,
    );
    model
}

fn created_view(model: &Model) -> CreatedView {
    match page(model, NOW).blocks.into_iter().next() {
        Some(Block::Created(view)) => view,
        other => panic!("not the created screen: {other:?}"),
    }
}

fn copy_as(model: &Model) -> CopyAsView {
    created_view(model).copy_as
}

fn chosen(view: &CopyAsView) -> CopyFormat {
    let chosen: Vec<CopyFormat> = view
        .formats
        .iter()
        .filter(|(_, _, on)| *on)
        .map(|(f, _, _)| *f)
        .collect();
    assert_eq!(chosen.len(), 1, "one format is chosen");
    chosen[0]
}

/// What Copy hands the clipboard, or `None` if it hands nothing.
fn copied(model: &mut Model) -> Option<String> {
    update(model, Msg::Copy, NOW)
        .into_iter()
        .find_map(|e| match e {
            Effect::CopySecret(text) => Some(text.expose().to_owned()),
            _ => None,
        })
}

fn announced(effects: &[Effect]) -> Vec<Text> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Announce(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

fn feed(name: &str, project: Option<&str>) -> Feed {
    Feed::new(
        FeedName::parse(name).unwrap(),
        project.map(|p| ProjectName::parse(p).unwrap()),
    )
}

fn expected(format: CopyFormat, feed: Option<Feed>) -> String {
    copy_text(
        &Secret::new(SECRET),
        &CopyAs::new(format, feed).unwrap(),
        &org(),
    )
    .expose()
    .to_owned()
}

/// Every form a token could be written in by a format.
fn token_forms() -> Vec<String> {
    vec![
        SECRET.to_owned(),
        base64::encode(SECRET.as_bytes()),
        base64::encode(format!(":{SECRET}").as_bytes()),
    ]
}

#[test]
fn copy_starts_on_the_presets_format_and_feed_and_copies_the_documented_text() {
    let mut model = shown(Some("npm"));
    let view = copy_as(&model);
    assert_eq!(chosen(&view), CopyFormat::Npmrc);
    assert_eq!(
        view.formats.len(),
        CopyFormat::ALL.len(),
        "every format is offered"
    );
    assert_eq!(
        view.feed,
        FeedView::Preset(Text::with("popup_feed_of_org", [Text::plain("packages")]))
    );
    let preview = view.preview.expect("a preview");
    assert!(
        preview.contains(&format!(
            "//pkgs.dev.azure.com/contoso/_packaging/packages/npm/registry/:_password={MASK}\n"
        )),
        "{preview}"
    );

    let text = copied(&mut model).expect("copied");
    assert_eq!(
        text,
        expected(CopyFormat::Npmrc, Some(feed("packages", None)))
    );
    assert_eq!(
        announced(&update(&mut model, Msg::Copied(true), NOW)),
        vec![Text::with(
            "popup_copied_as",
            [words::copy_format(CopyFormat::Npmrc)]
        )]
    );
    assert_eq!(
        created_view(&model).copy.label,
        Text::key("popup_copied_short")
    );

    // A project feed of the preset is said with its project and used by every feed format.
    let mut model = shown(Some("nuget"));
    let view = copy_as(&model);
    assert_eq!(chosen(&view), CopyFormat::NuGet);
    assert_eq!(
        view.feed,
        FeedView::Preset(Text::with(
            "popup_feed_in_project",
            [Text::plain("shop-feed"), Text::plain("Web Shop")]
        ))
    );
    update(&mut model, Msg::CopyFormat("pip".into()), NOW);
    assert_eq!(
        copied(&mut model).unwrap(),
        expected(CopyFormat::Pip, Some(feed("shop-feed", Some("Web Shop"))))
    );
}

#[test]
fn each_format_in_turn_copies_its_text_and_changing_it_resets_copied() {
    let mut model = shown(Some("nuget"));
    for format in CopyFormat::ALL {
        update(&mut model, Msg::CopyFormat(format.id().into()), NOW);
        let view = created_view(&model);
        assert_eq!(chosen(&view.copy_as), format);
        assert_eq!(view.copy.label, Text::key("popup_copy"), "{format}");
        let feed = format
            .needs_feed()
            .then(|| feed("shop-feed", Some("Web Shop")));
        assert_eq!(
            copied(&mut model).unwrap(),
            expected(format, feed),
            "{format}"
        );
        update(&mut model, Msg::Copied(true), NOW);
        assert_eq!(
            created_view(&model).copy.label,
            Text::key("popup_copied_short")
        );
        // The raw token has no preview (the field above shows it); every other one does,
        // and none holds the token in any form.
        assert_eq!(view.copy_as.preview.is_none(), format == CopyFormat::Raw);
        let debug = format!("{:?}", page(&model, NOW));
        for form in token_forms() {
            assert!(
                !view
                    .copy_as
                    .preview
                    .clone()
                    .unwrap_or_default()
                    .contains(&form),
                "{format}"
            );
            assert!(!debug.contains(&form), "{format}: the view's Debug");
        }
    }
    // An id that is not a format changes nothing.
    update(&mut model, Msg::CopyFormat("npm".into()), NOW);
    assert_eq!(chosen(&copy_as(&model)), CopyFormat::GitConfig);
}

#[test]
fn a_feed_format_without_a_preset_feed_asks_for_one_and_checks_it() {
    let mut model = shown(Some("git"));
    let view = copy_as(&model);
    assert_eq!(chosen(&view), CopyFormat::GitHeader);
    assert_eq!(view.feed, FeedView::None);

    update(&mut model, Msg::CopyFormat("maven".into()), NOW);
    let fields = |model: &Model| copy_as(model).feed;
    assert_eq!(
        fields(&model),
        FeedView::Fields {
            feed: String::new(),
            project: String::new(),
            feed_problem: None,
            project_problem: None,
        },
        "no problem before Copy is tried"
    );
    assert_eq!(copy_as(&model).preview, None);

    // Copy without a feed copies nothing and says why, next to the field.
    let effects = update(&mut model, Msg::Copy, NOW);
    assert!(!effects.iter().any(|e| matches!(e, Effect::CopySecret(_))));
    assert_eq!(
        announced(&effects),
        vec![Text::key("options_problem_feed_missing")]
    );
    let FeedView::Fields { feed_problem, .. } = fields(&model) else {
        panic!("fields")
    };
    assert_eq!(
        feed_problem,
        Some(Text::key("options_problem_feed_missing"))
    );

    // Problems follow the typing; a bad project is said next to the project.
    update(&mut model, Msg::CopyFeed("my feed".into()), NOW);
    update(&mut model, Msg::CopyProject("_private".into()), NOW);
    let FeedView::Fields {
        feed_problem,
        project_problem,
        ..
    } = fields(&model)
    else {
        panic!("fields")
    };
    assert_eq!(
        feed_problem,
        Some(Text::key("options_problem_feed_characters"))
    );
    assert_eq!(
        project_problem,
        Some(Text::key("options_problem_project_characters"))
    );
    assert_eq!(copied(&mut model), None);

    update(&mut model, Msg::CopyFeed(" team-feed ".into()), NOW);
    update(&mut model, Msg::CopyProject("Web Shop".into()), NOW);
    assert!(copy_as(&model)
        .preview
        .unwrap()
        .contains("<id>team-feed</id>"));
    assert_eq!(
        copied(&mut model).unwrap(),
        expected(CopyFormat::Maven, Some(feed("team-feed", Some("Web Shop"))))
    );
    // What was typed stays while the format changes, and serves every feed format.
    update(&mut model, Msg::CopyFormat("raw".into()), NOW);
    update(&mut model, Msg::CopyFormat("npmrc".into()), NOW);
    update(&mut model, Msg::CopyProject(String::new()), NOW);
    assert_eq!(
        copied(&mut model).unwrap(),
        expected(CopyFormat::Npmrc, Some(feed("team-feed", None))),
        "an empty project: the organization's feed"
    );
}

#[test]
fn without_a_preset_the_token_is_copied_as_it_is() {
    // A preset that copies the token as it is, a create that names no preset (a rotation of a
    // token no preset made), and a preset that is not offered here any more.
    for preset in [Some("plain"), None, Some("deleted")] {
        let mut model = shown(preset);
        let view = copy_as(&model);
        assert_eq!(chosen(&view), CopyFormat::Raw, "{preset:?}");
        assert_eq!(view.feed, FeedView::None);
        assert_eq!(view.preview, None);
        assert_eq!(copied(&mut model).unwrap(), SECRET);
        assert_eq!(
            announced(&update(&mut model, Msg::Copied(true), NOW)),
            vec![Text::key("popup_copied")]
        );
    }
}

#[test]
fn a_secret_handed_to_the_next_popup_keeps_its_presets_format() {
    let mut model = opened();
    update(
        &mut model,
        Msg::Answered {
            request: Request::TakePendingSecret {},
            reply: Ok(Response::Pending {
                created: Some(created(Some("npm"))),
                interrupted: None,
            }),
        },
        NOW,
    );
    assert_eq!(chosen(&copy_as(&model)), CopyFormat::Npmrc);
    // Leaving the screen forgets the secret and the choice with it.
    update(&mut model, Msg::Home, NOW);
    assert_eq!(update(&mut model, Msg::Copy, NOW), vec![]);
    assert_eq!(
        update(&mut model, Msg::CopyFormat("pip".into()), NOW),
        vec![]
    );
}
