//! Base64 (RFC 4648 §4: the standard alphabet, with `=` padding), encoding only.
//!
//! The copy formats need it twice: `.npmrc`'s `_password` is the base64 of the token, and git's
//! `Authorization: Basic` header is the base64 of `:` and the token (`docs/copy-formats.md`).
//! Thirty lines here cost less wasm than a crate, and the tests hold them to RFC 4648's vectors
//! and to a decoder.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The base64 text of `bytes`, padded to a multiple of four characters, without line breaks.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // Each index is six bits, so below 64.
        let sextet = |shift: u32| char::from(ALPHABET[((n >> shift) & 0x3f) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A strict decoder, for the tests only: the product never decodes.
    fn decode(text: &str) -> Option<Vec<u8>> {
        if text.len() % 4 != 0 {
            return None;
        }
        let mut out = Vec::new();
        let quads: Vec<&[u8]> = text.as_bytes().chunks(4).collect();
        for (i, quad) in quads.iter().enumerate() {
            let pad = quad.iter().rev().take_while(|&&c| c == b'=').count();
            if pad > 2 || (pad > 0 && i + 1 != quads.len()) {
                return None;
            }
            let mut n = 0u32;
            for &c in &quad[..4 - pad] {
                let v = ALPHABET.iter().position(|&a| a == c)?;
                n = (n << 6) | v as u32;
            }
            n <<= 6 * pad as u32;
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            out.extend_from_slice(&bytes[..3 - pad]);
        }
        Some(out)
    }

    #[test]
    fn encodes_the_rfc_4648_test_vectors() {
        // RFC 4648 §10.
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(encode(plain.as_bytes()), encoded, "{plain:?}");
        }
    }

    #[test]
    fn uses_the_standard_alphabet_not_the_url_safe_one() {
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "+/+/");
        assert_eq!(encode(&[0xff; 6]), "////////");
    }

    #[test]
    fn encodes_what_the_docs_encode() {
        // `echo -n "pat" | base64` and `printf ":%s" "pat" | base64`, as Microsoft's pages do.
        assert_eq!(encode(b"pat"), "cGF0");
        assert_eq!(encode(b":pat"), "OnBhdA==");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::encode;
        use super::decode;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn decoding_an_encoding_gives_the_bytes_back(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
                let text = encode(&bytes);
                prop_assert_eq!(text.len(), bytes.len().div_ceil(3) * 4);
                prop_assert!(text.bytes().all(|c| c == b'=' || super::ALPHABET.contains(&c)));
                prop_assert_eq!(decode(&text), Some(bytes));
            }
        }
    }
}
