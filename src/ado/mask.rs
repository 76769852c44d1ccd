//! Short, secret-free excerpts of what Azure DevOps answered.
//!
//! An excerpt goes into errors and the diagnostics report, which a person may paste into a bug
//! report: anything shaped like a credential is masked before it is cut to length. Shapes
//! masked: runs of 32 or more base64/base32/hex characters (old PATs are 52 base32 characters,
//! current ones 84, session bearers and continuation tokens are long base64 runs) and JWTs
//! (`eyJ…` with dots). Uuids (36 characters with hyphens) are kept: they identify, not grant.

/// What replaces a masked run.
pub const MASK: &str = "[masked]";

/// The longest excerpt kept, in characters.
pub const EXCERPT_CHARS: usize = 160;

/// The shortest run of credential-alphabet characters that is masked.
const MIN_SECRET_RUN: usize = 32;

/// Masks credential-shaped runs, collapses whitespace and cuts to [`EXCERPT_CHARS`].
pub fn excerpt(text: &str) -> String {
    let masked = mask_secrets(text);
    let collapsed = masked.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = collapsed.chars().take(EXCERPT_CHARS).collect();
    if collapsed.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Replaces every credential-shaped run of `text` with [`MASK`].
pub fn mask_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        if is_run_char(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Characters of base64 (both alphabets), base32, hex, and the dots of a JWT.
fn is_run_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-' | '.')
}

fn flush(run: &mut String, out: &mut String) {
    if looks_secret(run) {
        out.push_str(MASK);
    } else {
        out.push_str(run);
    }
    run.clear();
}

fn looks_secret(run: &str) -> bool {
    if run.starts_with("eyJ") && run.contains('.') {
        return true; // a JWT: base64url of `{"…` header, dot, payload, dot, signature
    }
    // Dots separate words in type names (`Microsoft.TeamFoundation.…`): judge each piece.
    run.split('.').any(|piece| {
        piece.len() >= MIN_SECRET_RUN && uuid::Uuid::parse_str(piece).is_err() && !is_words(piece)
    })
}

/// Lower-case words joined by hyphens (`personal-access-token-issue-session-token-provider`,
/// a data provider's id): no credential alphabet produces that.
fn is_words(piece: &str) -> bool {
    piece.contains('-')
        && piece.split('-').all(|word| {
            !word.is_empty() && word.len() <= 24 && word.bytes().all(|b| b.is_ascii_lowercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_and_new_pat_shapes_jwts_and_base64_runs_are_masked() {
        let old = "dip55dwf4vpitomw63jzvomefmi2jluguprzwwqwuc6xq4fhocwq";
        let new = format!("{}AZDO{}", "A1b2C3d4".repeat(9) + "abcd", "wxyz");
        assert_eq!(new.len(), 84);
        let jwt = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ4In0.c2ln";
        let b64 = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwMTIzNDU2Nzg5MA==";
        for secret in [old, new.as_str(), jwt, b64] {
            let text = format!("token \"{secret}\" refused");
            assert_eq!(
                mask_secrets(&text),
                "token \"[masked]\" refused",
                "{secret}"
            );
        }
    }

    #[test]
    fn words_type_names_and_uuids_are_kept() {
        let text = "Microsoft.TeamFoundation.Framework.Server.InvalidAccessException \
                    for 3d3aca0c-9ad3-4b07-8334-08ec8b1ddc32";
        assert_eq!(mask_secrets(text), text);
    }

    #[test]
    fn a_data_providers_id_is_words_not_a_secret() {
        let id = "ms.vss-token-web.personal-access-token-issue-session-token-provider";
        assert_eq!(mask_secrets(id), id);
        // base64url may hold hyphens, but not as lower-case words.
        let b64url = "QUJDREVGR0hJSktMTU5P-UFFSU1RVVldYWVo0NTY3ODkw";
        assert_eq!(mask_secrets(b64url), MASK);
    }

    #[test]
    fn excerpts_are_short_and_single_line() {
        let long = "word\n".repeat(100);
        let cut = excerpt(&long);
        assert!(cut.chars().count() <= EXCERPT_CHARS + 1);
        assert!(!cut.contains('\n'));
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn a_secret_at_the_cut_is_masked_whole_not_half_shown() {
        let text = format!(
            "{}{}",
            "x ".repeat(75),
            "dip55dwf4vpitomw63jzvomefmi2jluguprzwwqwuc6xq4fhocwq"
        );
        assert!(!excerpt(&text).contains("dip55"));
    }
}
