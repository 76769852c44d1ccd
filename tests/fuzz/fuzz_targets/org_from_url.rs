//! Any text as a tab URL (parsed by the `url` crate, as the browser's `URL` would) and as raw
//! parts: never a panic, and an organization is only ever found on its own hosts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pat_pilot::core::org::{org_from_input, org_from_url_parts, HostStyle, UrlParts};

fn parts(text: &str) -> Option<UrlParts> {
    let url = url::Url::parse(text).ok()?;
    Some(UrlParts {
        scheme: url.scheme().to_owned(),
        host: url.host_str().unwrap_or_default().to_owned(),
        path: url.path().to_owned(),
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    // Raw parts straight from the input, split on the first two newlines.
    let mut pieces = text.splitn(3, '\n');
    let (a, b, c) = (
        pieces.next().unwrap_or_default(),
        pieces.next().unwrap_or_default(),
        pieces.next().unwrap_or_default(),
    );
    let _ = org_from_url_parts(a, b, c);

    // Through a real URL parser.
    if let Some(p) = parts(&text) {
        if let Some((org, style)) = org_from_url_parts(&p.scheme, &p.host, &p.path) {
            assert_eq!(p.scheme, "https");
            let host = p.host.to_ascii_lowercase();
            match style {
                HostStyle::Modern => assert_eq!(host, "dev.azure.com"),
                HostStyle::Legacy => assert_eq!(host, format!("{org}.visualstudio.com")),
            }
            // The organization's own URL leads back to it.
            let own = parts(&org.services(style).web).expect("own URL parses");
            assert_eq!(
                org_from_url_parts(&own.scheme, &own.host, &own.path),
                Some((org, style))
            );
        }
    }

    let _ = org_from_input(&text, parts);
});
