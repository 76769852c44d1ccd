//! From a tab's URL to an organization, as the browser's WHATWG parser hands it over (the `url`
//! crate plays that parser here).
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

use pat_pilot::core::org::{
    org_from_input, org_from_url_parts, HostStyle, OrgInputError, OrgName, UrlParts,
};

/// Parses like the browser's `URL` and hands `protocol`, `hostname` and `pathname` over.
fn parse(url: &str) -> Option<UrlParts> {
    let parsed = url::Url::parse(url).ok()?;
    Some(UrlParts {
        scheme: format!("{}:", parsed.scheme()),
        host: parsed.host_str().unwrap_or_default().to_owned(),
        path: parsed.path().to_owned(),
    })
}

fn org_of(url: &str) -> Option<(String, HostStyle)> {
    let parts = parse(url)?;
    org_from_url_parts(&parts.scheme, &parts.host, &parts.path)
        .map(|(org, style)| (org.as_str().to_owned(), style))
}

use HostStyle::{Legacy, Modern};

#[test]
fn tab_urls_map_to_organizations_or_to_nothing() {
    let cases: &[(&str, Option<(&str, HostStyle)>)] = &[
        // Modern organization URLs.
        ("https://dev.azure.com/contoso", Some(("contoso", Modern))),
        ("https://dev.azure.com/contoso/", Some(("contoso", Modern))),
        (
            "https://dev.azure.com/contoso/Project/_git/repo",
            Some(("contoso", Modern)),
        ),
        (
            "https://dev.azure.com/contoso/_usersSettings/tokens",
            Some(("contoso", Modern)),
        ),
        (
            "https://dev.azure.com/Contoso-Ltd/_boards?x=1#y",
            Some(("contoso-ltd", Modern)),
        ),
        ("https://DEV.Azure.COM/contoso", Some(("contoso", Modern))),
        (
            "https://dev.azure.com:443/contoso",
            Some(("contoso", Modern)),
        ),
        (
            "https://dev.azure.com/%63ontoso/x",
            Some(("contoso", Modern)),
        ),
        (
            "https://user:pw@dev.azure.com/contoso",
            Some(("contoso", Modern)),
        ),
        (
            "https://dev.azure.com/c0ntoso42",
            Some(("c0ntoso42", Modern)),
        ),
        // Legacy organization URLs.
        (
            "https://contoso.visualstudio.com/",
            Some(("contoso", Legacy)),
        ),
        (
            "https://contoso.visualstudio.com/Project/_git/repo",
            Some(("contoso", Legacy)),
        ),
        (
            "https://CONTOSO.VisualStudio.com/_usersSettings/tokens",
            Some(("contoso", Legacy)),
        ),
        ("https://my-org.visualstudio.com", Some(("my-org", Legacy))),
        // Not an organization.
        ("https://dev.azure.com/", None),
        ("https://dev.azure.com", None),
        ("http://dev.azure.com/contoso", None),
        ("https://aex.dev.azure.com/me", None),
        (
            "https://vssps.dev.azure.com/contoso/_apis/tokens/pats",
            None,
        ),
        ("https://code.visualstudio.com/docs", None),
        (
            "https://marketplace.visualstudio.com/items?itemName=x",
            None,
        ),
        ("https://app.vssps.visualstudio.com/_signin", None),
        ("https://app.vssps.visualstudio.com/profile", None),
        ("https://contoso.vssps.visualstudio.com/", None),
        ("https://spsprod.eus21.visualstudio.com/", None),
        ("https://a.b.visualstudio.com/", None),
        ("https://visualstudio.com/contoso", None),
        ("https://www.visualstudio.com/", None),
        ("https://my.visualstudio.com/", None),
        ("https://contoso.visualstudio.com/_signin?realm=x", None),
        ("https://dev.azure.com/_signin?realm=dev.azure.com", None),
        ("https://dev.azure.com/contoso/_signin", None),
        ("https://dev.azure.com/_usersSettings/tokens", None),
        // Lookalikes and tricks.
        ("https://dev.azure.com.evil.example/contoso", None),
        ("https://evil-dev.azure.com/contoso", None),
        ("https://evildev.azure.com/contoso", None),
        ("https://evil.example/dev.azure.com/contoso", None),
        ("https://dev.azure.com@evil.example/contoso", None),
        ("https://dev.azure.com%40evil.example/contoso", None),
        ("https://contoso.visualstudio.com.evil.example/", None),
        ("https://contoso-visualstudio.com/", None),
        ("https://dev.azure.co/contoso", None),
        ("https://xn--dev-azure-9ob.com/contoso", None),
        ("https://dev.azure.com/contoso%2Fother", None),
        ("https://dev.azure.com/con%20toso", None),
        ("https://dev.azure.com/%E2%80%AEcontoso", None),
        ("https://dev.azure.com/-contoso", None),
        ("ftp://dev.azure.com/contoso", None),
        ("file:///dev.azure.com/contoso", None),
        ("javascript:alert(1)//dev.azure.com/contoso", None),
        ("https://127.0.0.1/contoso", None),
        ("https://-bad.visualstudio.com/", None),
    ];
    assert!(cases.len() >= 30);
    for (url, expected) in cases {
        let expected = expected.map(|(o, s)| (o.to_owned(), s));
        assert_eq!(org_of(url), expected, "{url}");
    }
}

#[test]
fn a_long_but_valid_organization_name_is_accepted_and_a_too_long_one_is_not() {
    let fifty = "a".repeat(50);
    assert_eq!(
        org_of(&format!("https://dev.azure.com/{fifty}")),
        Some((fifty.clone(), Modern))
    );
    assert_eq!(org_of(&format!("https://dev.azure.com/{fifty}b")), None);
}

#[test]
fn the_parts_may_come_without_the_colon_and_in_any_case() {
    assert!(org_from_url_parts("https", "dev.azure.com", "/contoso").is_some());
    assert!(org_from_url_parts("HTTPS:", "Dev.Azure.Com", "/contoso").is_some());
    assert!(org_from_url_parts("https", "contoso.visualstudio.com", "").is_some());
    assert!(org_from_url_parts("https", "dev.azure.com", "contoso").is_some());
}

#[test]
fn adding_an_organization_accepts_a_bare_name_or_a_url() {
    type Expected = Result<(&'static str, HostStyle), OrgInputError>;
    let cases: &[(&str, Expected)] = &[
        ("contoso", Ok(("contoso", Modern))),
        ("  Contoso  ", Ok(("contoso", Modern))),
        ("dev.azure.com/contoso/project", Ok(("contoso", Modern))),
        ("https://dev.azure.com/contoso", Ok(("contoso", Modern))),
        ("contoso.visualstudio.com", Ok(("contoso", Legacy))),
        (
            "https://fabrikam.visualstudio.com/_git/x",
            Ok(("fabrikam", Legacy)),
        ),
        ("", Err(OrgInputError::Empty)),
        ("   ", Err(OrgInputError::Empty)),
        (
            "https://example.com/contoso",
            Err(OrgInputError::NotAnOrganizationUrl),
        ),
        (
            "http://dev.azure.com/contoso",
            Err(OrgInputError::NotAnOrganizationUrl),
        ),
        ("dev.azure.com", Err(OrgInputError::NotAnOrganizationUrl)),
        ("not a name", Err(OrgInputError::NotUnderstood)),
        ("https://[bad", Err(OrgInputError::NotUnderstood)),
    ];
    for (input, expected) in cases {
        let got = org_from_input(input, parse).map(|(o, s)| (o.as_str().to_owned(), s));
        let expected = expected.map(|(o, s)| (o.to_owned(), s));
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn each_organization_knows_its_service_urls() {
    let org = OrgName::parse("contoso").unwrap();
    let modern = org.services(Modern);
    assert_eq!(modern.web, "https://dev.azure.com/contoso");
    assert_eq!(modern.vssps, "https://vssps.dev.azure.com/contoso");
    let legacy = org.services(Legacy);
    assert_eq!(legacy.web, "https://contoso.visualstudio.com");
    assert_eq!(legacy.vssps, "https://contoso.vssps.visualstudio.com");
    assert_eq!(
        org.tokens_page(),
        "https://dev.azure.com/contoso/_usersSettings/tokens"
    );
}

#[test]
fn organization_urls_built_from_a_name_parse_back_to_it() {
    for name in ["contoso", "a", "my-org-2", &"z".repeat(50)] {
        let org = OrgName::parse(name).unwrap();
        for style in [Modern, Legacy] {
            let web = org.services(style).web;
            assert_eq!(
                org_of(&web),
                Some((org.as_str().to_owned(), style)),
                "{web}"
            );
        }
    }
}
