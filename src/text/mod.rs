//! Text as Patrika reads it: BOM and CRLF removed, Unicode NFC, hashed for
//! cache keys; and word counting. Below every stage; knows nothing of sites.

pub mod tokens;
pub mod words;

/// Hashes a value for cache keys: text, or any tuple of what a stage reads (aHash: fast;
/// keys live only as long as the process). The one hashing helper of the crate.
pub(crate) fn hash_of(value: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = ahash::AHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// The SHA-256 of bytes in lower-case hex: a name for content that stays the same on every
/// machine and release (published file names, deploy comparisons).
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A URL part that stays readable in any script: letters, digits and combining marks
/// (matras, virama, nukta) kept and lowercased, every run of anything else one `-`.
/// ZWJ/ZWNJ only shape glyphs, so they are dropped. Empty when nothing usable is left.
/// `text` is NFC already, as everything Patrika reads is ([`normalise`]).
pub(crate) fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\u{200c}' || c == '\u{200d}' {
            continue;
        }
        if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Whether a character changes the direction text is shown in, or cannot be seen (U+200B,
/// U+202E, U+2066…): in a name it makes `abc\u{202e}gpj.exe` read `abcexe.jpg`. ZWJ and
/// ZWNJ are parts of Indic words and are not among them.
pub(crate) fn is_hidden_character(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}')
        || matches!(c, '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Why a file or folder name cannot be published as it is, if it cannot: it holds a hidden
/// character ([`is_hidden_character`]), or U+FFFD, which stands for bytes that were not UTF-8.
pub(crate) fn name_problem(name: &str) -> Option<String> {
    if name.contains('\u{fffd}') {
        return Some("the name is not UTF-8 text (or holds U+FFFD): rename it".to_string());
    }
    let c = name.chars().find(|&c| is_hidden_character(c))?;
    Some(format!(
        "the name holds U+{:04X}, an invisible character that changes how the name and its URL read: rename it",
        u32::from(c)
    ))
}

/// Why a slug or key cannot be one URL path segment, if it cannot.
///
/// Letters and marks of any script, digits, `-`, `_` and inner dots are fine
/// (`भारत-का-रुख़`, `v1.2`); what would break a URL or a file name is not.
pub(crate) fn key_problem(key: &str) -> Option<&'static str> {
    if key.is_empty() {
        return Some("must not be empty");
    }
    if key.starts_with('.') {
        return Some("must not start with a dot (`.` and `..` climb folders; dot-names are hidden)");
    }
    if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("must not contain spaces or control characters (use `-`)");
    }
    if key.chars().any(is_hidden_character) {
        return Some("must not contain invisible or direction-changing characters (U+200B, U+202E, …)");
    }
    if key.contains([
        '/', '\\', '?', '#', '%', '"', '<', '>', '|', '*', ':', '&', '+', '\'', '[', ']', '{', '}', '^', '`',
    ]) {
        return Some("must be one URL path segment: letters, digits, `-`, `_` and `.` only");
    }
    None
}

/// Normalises text as Patrika reads it: no BOM, LF line endings, NFC.
pub(crate) fn normalise(raw: &str) -> String {
    normalise_owned(raw.to_string())
}

/// [`normalise`] for text already owned (a file just read): no copy when it has no BOM and no CR.
pub(crate) fn normalise_owned(mut raw: String) -> String {
    if raw.starts_with('\u{feff}') {
        raw.drain(..'\u{feff}'.len_utf8());
    }
    if raw.contains('\r') {
        raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    }
    nfc(raw)
}

/// Composes text to NFC, touching only the words that need it.
///
/// A space or a line break never composes with what follows, so text can be
/// normalised word by word. Words in ASCII and Devanagari are judged by
/// [`devanagari_is_nfc`]; other words by unicode-normalization's quick check,
/// falling back to comparing with their NFC form. Only words that change are rebuilt.
fn nfc(text: String) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc, is_nfc_quick};
    let needs_work = |word: &str| match devanagari_is_nfc(word) {
        Some(is_nfc) => !is_nfc,
        None => match is_nfc_quick(word.chars()) {
            IsNormalized::Yes => false,
            IsNormalized::No => true,
            IsNormalized::Maybe => !is_nfc(word),
        },
    };
    let words = || text.split_inclusive([' ', '\n']);
    if !words().any(needs_work) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for word in words() {
        if needs_work(word) {
            out.extend(word.nfc());
        } else {
            out.push_str(word);
        }
    }
    out
}

/// Whether a word of ASCII and Devanagari (plus ZWJ/ZWNJ) is in NFC; `None` for other scripts.
///
/// In the Devanagari block only three things are not NFC: the precomposed nukta
/// letters U+0958–U+095F (composition exclusions, which NFC decomposes), a nukta
/// right after न, र or ळ (which NFC composes into ऩ, ऱ, ऴ), and combining marks
/// out of canonical order (nukta 7 < virama 9 < stress marks 220/230).
pub(crate) fn devanagari_is_nfc(word: &str) -> Option<bool> {
    let mut previous = '\0';
    let mut last_class = 0u8;
    for c in word.chars() {
        let class = match c {
            '\0'..='\u{7f}' | '\u{200c}' | '\u{200d}' => 0,
            '\u{0958}'..='\u{095f}' => return Some(false),
            '\u{093c}' => 7,
            '\u{094d}' => 9,
            '\u{0952}' => 220,
            '\u{0951}' | '\u{0953}' | '\u{0954}' => 230,
            '\u{0900}'..='\u{097f}' => 0,
            _ => return None,
        };
        if c == '\u{093c}' && matches!(previous, '\u{0928}' | '\u{0930}' | '\u{0933}') {
            return Some(false);
        }
        if class != 0 && class < last_class {
            return Some(false);
        }
        last_class = class;
        previous = c;
    }
    Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_strips_bom_crlf_and_composes() {
        // क + nukta stays decomposed under NFC (composition exclusion); न + nukta composes.
        let raw = "\u{feff}+++\r\ntitle = \"\u{0928}\u{093c}\"\r\n+++\r\n";
        assert_eq!(normalise(raw), "+++\ntitle = \"\u{0929}\"\n+++\n");
        assert_eq!(normalise("\u{0958}"), "\u{0915}\u{093c}");
    }

    #[test]
    fn fast_nfc_agrees_with_unicode_normalization() {
        use unicode_normalization::UnicodeNormalization;
        // Random words over the characters where the fast path has rules of its own.
        let alphabet: Vec<char> = "कखगनरळ्॒॑॓॔ािीुूेैोौंःँअआ\u{0958}\u{0959}\u{095a}\u{095b}\u{095c}\u{095d}\u{095e}\u{095f}\u{093c}\u{0929}\u{0931}\u{0934}०१२।॥ a-\u{200c}\u{200d}".chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let mut word = String::new();
            for _ in 0..1 + (state % 6) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                word.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            let expected: String = word.nfc().collect();
            assert_eq!(nfc(word.clone()), expected, "{word:?}");
            assert_eq!(devanagari_is_nfc(&word), Some(word == expected), "{word:?}");
        }
    }

    #[test]
    fn keys_are_single_url_segments() {
        for good in ["defence", "भारत-का-रुख़", "v1.2", "sco_2025"] {
            assert_eq!(key_problem(good), None, "{good}");
        }
        for bad in [
            "",
            ".",
            "..",
            ".hidden",
            "a b",
            "x?y#z",
            "a/b",
            "a\\b",
            "50%",
            "a\u{0}b",
            "abc\u{202e}lmth.exe",
            "a\u{200b}b",
        ] {
            assert!(key_problem(bad).is_some(), "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn accepted_keys_are_one_clean_url_segment(key in "\\PC{0,12}") {
            if key_problem(&key).is_none() {
                proptest::prop_assert!(!key.is_empty() && !key.starts_with('.'));
                proptest::prop_assert!(!key.contains(['/', '\\', '?', '#', '%']));
                proptest::prop_assert!(!key.chars().any(|c| c.is_whitespace() || c.is_control()));
                proptest::prop_assert!(!key.chars().any(is_hidden_character));
            }
        }
    }
}
