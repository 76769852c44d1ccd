//! "Copy as…" formats, held to the forms Microsoft documents. Each expected text is the
//! documented snippet, quoted here with its placeholders (sources in `docs/copy-formats.md`),
//! filled in for the organization `contoso`, the feed `packages` and the project `Web Shop`.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod core_support;

use core_support::org;
use pat_pilot::core::copy_as::{copy_text, npm_project_lines, preview, CopyAs, CopyFormat, MASK};
use pat_pilot::core::feed::{Feed, FeedName, ProjectName};
use pat_pilot::core::token::Secret;

/// A made-up PAT of the current shape: 84 letters and digits with the `AZDO` signature.
const PAT: &str =
    "4x9Kq2Lm7Np3Rs8Tv1Wy6Za0Bc5De2Fg7Hj3Kl9Mn4Pq8Rs2Tu6Vw1Xy5Za0Bc3De7Fg1Hj4KlAZDO9Mn2Pq";

/// `node -e "…Buffer.from(p.trim()).toString('base64')…"` of [`PAT`], as the npmrc page asks.
fn base64_of_pat() -> String {
    // Computed outside the crate, with Node's `Buffer` and GNU `base64 -w0`.
    let expected = [
        "NHg5S3EyTG03TnAzUnM4VHYxV3k2WmEwQmM1RGUyRmc3SGozS2w5TW40UHE4UnMy",
        "VHU2VncxWHk1WmEwQmMzRGU3RmcxSGo0S2xBWkRPOU1uMlBx",
    ];
    expected.concat()
}

/// `printf ":%s" "$MY_PAT" | base64` of [`PAT`], as the PAT page's git example does
/// (computed with GNU `base64 -w0`).
fn base64_of_colon_pat() -> String {
    [
        "OjR4OUtxMkxtN05wM1JzOFR2MVd5NlphMEJjNURlMkZnN0hqM0tsOU1uNFBxOFJz",
        "MlR1NlZ3MVh5NVphMEJjM0RlN0ZnMUhqNEtsQVpETzlNbjJQcQ==",
    ]
    .concat()
}

fn feed(project: Option<&str>) -> Feed {
    Feed::new(
        FeedName::parse("packages").unwrap(),
        project.map(|p| ProjectName::parse(p).unwrap()),
    )
}

fn copy(format: CopyFormat, feed: Option<Feed>) -> String {
    let copy = CopyAs::new(format, feed).unwrap();
    copy_text(&Secret::new(PAT), &copy, &org("contoso"))
        .expose()
        .to_owned()
}

/// Fills a documented snippet's placeholders.
fn fill(snippet: &str, pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(snippet.to_owned(), |text, (from, to)| {
        text.replace(from, to)
    })
}

// From "Connect your npm project to Azure Artifacts", Setup credentials (user-level .npmrc).
const NPMRC_ORG_SCOPED: &str = "; begin auth token
//pkgs.dev.azure.com/<ORGANIZATION_NAME>/_packaging/<FEED_NAME>/npm/registry/:username=[ENTER_ANY_VALUE_BUT_NOT_AN_EMPTY_STRING]
//pkgs.dev.azure.com/<ORGANIZATION_NAME>/_packaging/<FEED_NAME>/npm/registry/:_password=[BASE64_ENCODED_PERSONAL_ACCESS_TOKEN]
//pkgs.dev.azure.com/<ORGANIZATION_NAME>/_packaging/<FEED_NAME>/npm/registry/:email=npm requires email to be set but doesn't use the value
//pkgs.dev.azure.com/<ORGANIZATION_NAME>/_packaging/<FEED_NAME>/npm/:username=[ANY_VALUE_BUT_NOT_AN_EMPTY_STRING]
//pkgs.dev.azure.com/<ORGANIZATION_NAME>/_packaging/<FEED_NAME>/npm/:_password=[BASE64_ENCODED_PERSONAL_ACCESS_TOKEN]
//pkgs.dev.azure.com/<ORGANIZATION_NAME>/_packaging/<FEED_NAME>/npm/:email=npm requires email to be set but doesn't use the value
; end auth token
";
const NPMRC_PROJECT_SCOPED: &str = "; begin auth token
//pkgs.dev.azure.com/<ORGANIZATION_NAME>/<PROJECT_NAME>/_packaging/<FEED_NAME>/npm/registry/:username=[ENTER_ANY_VALUE_BUT_NOT_AN_EMPTY_STRING]
//pkgs.dev.azure.com/<ORGANIZATION_NAME>/<PROJECT_NAME>/_packaging/<FEED_NAME>/npm/registry/:_password=[BASE64_ENCODED_PERSONAL_ACCESS_TOKEN]
//pkgs.dev.azure.com/<ORGANIZATION_NAME>/<PROJECT_NAME>/_packaging/<FEED_NAME>/npm/registry/:email=npm requires email to be set but doesn't use the value
//pkgs.dev.azure.com/<ORGANIZATION_NAME>/<PROJECT_NAME>/_packaging/<FEED_NAME>/npm/:username=[ENTER_ANY_VALUE_BUT_NOT_AN_EMPTY_STRING]
//pkgs.dev.azure.com/<ORGANIZATION_NAME>/<PROJECT_NAME>/_packaging/<FEED_NAME>/npm/:_password=[BASE64_ENCODED_PERSONAL_ACCESS_TOKEN]
//pkgs.dev.azure.com/<ORGANIZATION_NAME>/<PROJECT_NAME>/_packaging/<FEED_NAME>/npm/:email=npm requires email to be set but doesn't use the value
; end auth token
";
// Project setup (the project's own .npmrc).
const NPMRC_PROJECT_SETUP: &str =
    "registry=https://pkgs.dev.azure.com/<ORGANIZATION_NAME>/<PROJECT_NAME>/_packaging/<FEED_NAME>/npm/registry/
always-auth=true
";
// From "Publish NuGet packages from the command line (dotnet)", plus the dotnet CLI's
// `--store-password-in-clear-text` (encrypted passwords exist on Windows only).
const NUGET: &str = "dotnet nuget add source https://pkgs.dev.azure.com/<ORGANIZATION_NAME>/<PROJECT_NAME>/_packaging/<FEED_NAME>/nuget/v3/index.json --name <SOURCE_NAME> --username <USER_NAME> --password <PERSONAL_ACCESS_TOKEN> --store-password-in-clear-text";
// From "Publish and consume Python packages (CLI)": `index-url=https://<FEED_NAME>:<PAT>@<FEED_URL>`
// with the feed URL of "Connect your Python project to an Azure Artifacts feed".
const PIP: &str = "[global]
index-url=https://<FEED_NAME>:<YOUR_PERSONAL_ACCESS_TOKEN>@pkgs.dev.azure.com/<ORGANIZATION_NAME>/<PROJECT_NAME>/_packaging/<FEED_NAME>/pypi/simple/
";
// From "Connect to an Azure Artifacts feed - Maven", settings.xml (one <server> of <servers>).
const MAVEN: &str = "<server>
  <id>FEED_NAME</id>
  <username><ORGANIZATION_NAME></username>
  <password>[PERSONAL_ACCESS_TOKEN]</password>
</server>
";
// From "Sign in with a Personal Access Token (PAT)" (Azure DevOps CLI).
const AZ_BASH: &str = "export AZURE_DEVOPS_EXT_PAT=xxxxxxxxxx";
const AZ_POWERSHELL: &str = "$env:AZURE_DEVOPS_EXT_PAT = 'xxxxxxxxxx'";
// From "Use personal access tokens" (Git, Linux/macOS): the command up to `clone`.
const GIT_HEADER: &str = "git -c http.extraHeader=\"Authorization: Basic ${B64_PAT}\"";

#[test]
fn raw_is_the_token_itself() {
    assert_eq!(copy(CopyFormat::Raw, None), PAT);
}

#[test]
fn npmrc_is_the_documented_credentials_block_with_the_token_in_base64() {
    let b64 = base64_of_pat();
    let common = [
        ("[ENTER_ANY_VALUE_BUT_NOT_AN_EMPTY_STRING]", "contoso"),
        ("[ANY_VALUE_BUT_NOT_AN_EMPTY_STRING]", "contoso"),
        ("[BASE64_ENCODED_PERSONAL_ACCESS_TOKEN]", b64.as_str()),
        ("<ORGANIZATION_NAME>", "contoso"),
        ("<FEED_NAME>", "packages"),
    ];
    assert_eq!(
        copy(CopyFormat::Npmrc, Some(feed(None))),
        fill(NPMRC_ORG_SCOPED, &common)
    );
    let mut project = common.to_vec();
    project.push(("<PROJECT_NAME>", "Web%20Shop"));
    assert_eq!(
        copy(CopyFormat::Npmrc, Some(feed(Some("Web Shop")))),
        fill(NPMRC_PROJECT_SCOPED, &project)
    );
    // The raw token never appears in the .npmrc lines, only its base64.
    assert!(!copy(CopyFormat::Npmrc, Some(feed(None))).contains(PAT));
}

#[test]
fn the_project_npmrc_names_the_registry_and_no_secret() {
    let lines = npm_project_lines(&feed(Some("Web Shop")), &org("contoso"));
    assert_eq!(
        lines,
        fill(
            NPMRC_PROJECT_SETUP,
            &[
                ("<ORGANIZATION_NAME>", "contoso"),
                ("<PROJECT_NAME>", "Web%20Shop"),
                ("<FEED_NAME>", "packages"),
            ]
        )
    );
    let org_scoped = npm_project_lines(&feed(None), &org("contoso"));
    assert!(org_scoped.starts_with(
        "registry=https://pkgs.dev.azure.com/contoso/_packaging/packages/npm/registry/\n"
    ));
}

#[test]
fn nuget_is_the_documented_dotnet_command_with_the_token_as_password() {
    let values = [
        ("<ORGANIZATION_NAME>", "contoso"),
        ("<FEED_NAME>", "packages"),
        ("<SOURCE_NAME>", "packages"),
        ("<USER_NAME>", "contoso"),
        ("<PERSONAL_ACCESS_TOKEN>", PAT),
    ];
    let mut project = values.to_vec();
    project.push(("<PROJECT_NAME>", "Web%20Shop"));
    assert_eq!(
        copy(CopyFormat::NuGet, Some(feed(Some("Web Shop")))),
        fill(NUGET, &project)
    );
    let mut org_scoped = values.to_vec();
    org_scoped.push(("/<PROJECT_NAME>", ""));
    assert_eq!(
        copy(CopyFormat::NuGet, Some(feed(None))),
        fill(NUGET, &org_scoped)
    );
}

#[test]
fn pip_is_an_index_url_with_the_feed_name_and_token() {
    let values = [
        ("<FEED_NAME>", "packages"),
        ("<YOUR_PERSONAL_ACCESS_TOKEN>", PAT),
        ("<ORGANIZATION_NAME>", "contoso"),
    ];
    let mut project = values.to_vec();
    project.push(("<PROJECT_NAME>", "Web%20Shop"));
    assert_eq!(
        copy(CopyFormat::Pip, Some(feed(Some("Web Shop")))),
        fill(PIP, &project)
    );
    let mut org_scoped = values.to_vec();
    org_scoped.push(("/<PROJECT_NAME>", ""));
    assert_eq!(
        copy(CopyFormat::Pip, Some(feed(None))),
        fill(PIP, &org_scoped)
    );
}

#[test]
fn maven_is_a_settings_xml_server_for_the_feed() {
    let expected = fill(
        MAVEN,
        &[
            ("FEED_NAME", "packages"),
            ("<ORGANIZATION_NAME>", "contoso"),
            ("[PERSONAL_ACCESS_TOKEN]", PAT),
        ],
    );
    assert_eq!(copy(CopyFormat::Maven, Some(feed(None))), expected);
    // The project changes the repository URL in pom.xml, not the server entry.
    assert_eq!(
        copy(CopyFormat::Maven, Some(feed(Some("Web Shop")))),
        expected
    );
}

#[test]
fn az_devops_reads_the_token_from_azure_devops_ext_pat() {
    assert_eq!(
        copy(CopyFormat::AzBash, None),
        AZ_BASH.replace("xxxxxxxxxx", PAT)
    );
    assert_eq!(
        copy(CopyFormat::AzPowerShell, None),
        AZ_POWERSHELL.replace("xxxxxxxxxx", PAT)
    );
}

#[test]
fn git_sends_basic_auth_with_an_empty_user_name_in_an_extra_header() {
    let b64 = base64_of_colon_pat();
    assert_eq!(
        copy(CopyFormat::GitHeader, None),
        GIT_HEADER.replace("${B64_PAT}", &b64)
    );
    assert_eq!(
        copy(CopyFormat::GitConfig, None),
        format!(
            "git config --global http.https://dev.azure.com/contoso/.extraHeader \"Authorization: Basic {b64}\""
        )
    );
}

#[test]
fn a_token_with_shell_characters_is_quoted_not_run() {
    // Azure DevOps PATs are letters and digits; anything else is still pasted safely.
    let odd = Secret::new("a'b $c");
    let text = |format| {
        copy_text(&odd, &CopyAs::new(format, None).unwrap(), &org("contoso"))
            .expose()
            .to_owned()
    };
    assert_eq!(
        text(CopyFormat::AzBash),
        "export AZURE_DEVOPS_EXT_PAT='a'\\''b $c'"
    );
    assert_eq!(
        text(CopyFormat::AzPowerShell),
        "$env:AZURE_DEVOPS_EXT_PAT = 'a''b $c'"
    );
    let pip = copy_text(
        &odd,
        &CopyAs::new(CopyFormat::Pip, Some(feed(None))).unwrap(),
        &org("contoso"),
    );
    assert!(pip
        .expose()
        .contains("https://packages:a%27b%20%24c@pkgs.dev.azure.com/"));
    let maven = copy_text(
        &Secret::new("<&>"),
        &CopyAs::new(CopyFormat::Maven, Some(feed(None))).unwrap(),
        &org("contoso"),
    );
    assert!(maven
        .expose()
        .contains("<password>&lt;&amp;&gt;</password>"));
}

#[test]
fn every_format_puts_the_token_in_the_text_and_keeps_it_out_of_debug_output() {
    for format in CopyFormat::ALL {
        let feed = format.needs_feed().then(|| feed(Some("Web Shop")));
        let copy = CopyAs::new(format, feed).unwrap();
        let text = copy_text(&Secret::new(PAT), &copy, &org("contoso"));
        let shown = text.expose();
        assert!(
            shown.contains(PAT)
                || shown.contains(&base64_of_pat())
                || shown.contains(&base64_of_colon_pat()),
            "{format}: {shown}"
        );
        assert!(!format!("{text:?} {text}").contains(PAT), "{format}");
    }
}

#[test]
fn every_format_has_a_label_in_english_and_german() {
    for lang in ["en", "de"] {
        let path = format!("{}/locales/{lang}/common.json", env!("CARGO_MANIFEST_DIR"));
        let messages: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for format in CopyFormat::ALL {
            let key = format!("copy_format_{}", format.id().replace('-', "_"));
            assert!(
                messages[&key]["message"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty()),
                "{lang}: {key}"
            );
        }
    }
}

#[test]
fn the_preview_is_the_copied_text_with_the_token_and_its_encodings_masked() {
    for format in CopyFormat::ALL {
        let feed = format.needs_feed().then(|| feed(Some("Web Shop")));
        let copy = CopyAs::new(format, feed).unwrap();
        let shown = preview(&copy, &org("contoso"));
        let copied = copy_text(&Secret::new(PAT), &copy, &org("contoso"));
        // The same text, where each form of the token stands as the mask.
        let masked = copied
            .expose()
            .replace(PAT, MASK)
            .replace(&base64_of_pat(), MASK)
            .replace(&base64_of_colon_pat(), MASK);
        assert_eq!(shown, masked, "{format}");
        assert!(shown.contains(MASK), "{format}: {shown}");
        for leak in [PAT, &base64_of_pat(), &base64_of_colon_pat()] {
            assert!(!shown.contains(leak), "{format}");
        }
    }
    let npm = CopyAs::new(CopyFormat::Npmrc, Some(feed(None))).unwrap();
    assert!(preview(&npm, &org("contoso")).contains(&format!(
        "//pkgs.dev.azure.com/contoso/_packaging/packages/npm/registry/:_password={MASK}\n"
    )));
}
