//! The faces the desk is set in: the theme's own Devanagari and Nastaliq fonts, so Hindi
//! and Urdu read right on a machine without Indic fonts (Latin text uses the system's).
//! `serve` links them at the theme's URLs (a theme without them: the built-in copies, at
//! the desk's own URL); the desk written as one file by `status --format html` carries
//! them inside as `data:` URLs, since a file opened from disk may fetch nothing from the
//! site (browsers refuse fonts from another origin without CORS headers, and the file is
//! meant to work offline, e.g. as a CI artifact). Only the regular weights of the scripts
//! the page uses go in (about 70 KB for Devanagari, 210 KB for Nastaliq, as base64).

use crate::read::config::Config;
use crate::render::theme;

/// One face of the theme: family, weight, file below the theme's `static/fonts/`, and the
/// characters it is for (as the theme's stylesheet declares them).
struct Face {
    family: &'static str,
    weight: u16,
    file: &'static str,
    range: &'static str,
}

const DEVANAGARI: &str = "U+0900-097F, U+1CD0-1CF9, U+200C-200D, U+20A8, U+20B9, U+25CC, U+A830-A839, U+A8E0-A8FF";
const ARABIC: &str = "U+0600-06FF, U+0750-077F, U+0870-08FF, U+200C-200E, U+2010-2011, U+FB50-FDFF, U+FE70-FEFC";

const FACES: [Face; 3] = [
    Face {
        family: "Noto Sans Devanagari",
        weight: 400,
        file: "noto-sans-devanagari-devanagari-400-normal.woff2",
        range: DEVANAGARI,
    },
    Face {
        family: "Noto Sans Devanagari",
        weight: 700,
        file: "noto-sans-devanagari-devanagari-700-normal.woff2",
        range: DEVANAGARI,
    },
    Face {
        family: "Noto Nastaliq Urdu",
        weight: 400,
        file: "noto-nastaliq-urdu-arabic-400-normal.woff2",
        range: ARABIC,
    },
];

/// The URL below which `serve` answers with the built-in copies of the faces.
pub(crate) const FONT_PATH: &str = "/__patrika/desk/fonts/";

/// The bytes of a face file: the site's theme's, else the built-in theme's.
fn bytes_of(config: &Config, file: &str) -> Option<Vec<u8>> {
    let rel = format!("static/fonts/{file}");
    let layered = theme::collect(config).ok()?;
    match layered.files.get(&rel) {
        Some(found) => found.source.bytes().ok(),
        None => builtin(file).map(<[u8]>::to_vec),
    }
}

/// The built-in theme's copy of a face file, for [`FONT_PATH`].
pub(crate) fn builtin(file: &str) -> Option<&'static [u8]> {
    let rel = format!("static/fonts/{file}");
    FACES.iter().any(|f| f.file == file).then(|| theme::builtin_files().find(|(r, _)| *r == rel).map(|(_, b)| b))?
}

/// `@font-face` rules linking the faces where `serve` publishes them.
pub(crate) fn linked(config: &Config) -> String {
    let in_theme = theme::collect(config).map(|t| t.files).unwrap_or_default();
    FACES
        .iter()
        .map(|face| {
            let url = match in_theme.contains_key(&format!("static/fonts/{}", face.file)) {
                true => config.url(&format!("theme/fonts/{}", face.file)),
                false => format!("{FONT_PATH}{}", face.file),
            };
            rule(face, &url)
        })
        .collect()
}

/// `@font-face` rules carrying the regular faces of the scripts `page` uses, as `data:` URLs.
pub(crate) fn embedded(config: &Config, page: &str) -> String {
    let uses = |range: &str| match range {
        DEVANAGARI => page.chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c)),
        _ => page.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
    };
    FACES
        .iter()
        .filter(|face| face.weight == 400 && uses(face.range))
        .filter_map(|face| {
            let bytes = bytes_of(config, face.file)?;
            Some(rule(face, &format!("data:font/woff2;base64,{}", base64(&bytes))))
        })
        .collect()
}

fn rule(face: &Face, url: &str) -> String {
    format!(
        "@font-face {{ font-family: \"{}\"; font-style: normal; font-weight: {}; font-display: swap; \
         src: url(\"{url}\") format(\"woff2\"); unicode-range: {}; }}\n",
        face.family, face.weight, face.range
    )
}

/// Standard base64 with padding (RFC 4648), for `data:` URLs.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_rfc_4648() {
        for (plain, encoded) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn every_face_is_built_in() {
        for face in &FACES {
            assert!(builtin(face.file).is_some_and(|b| b.starts_with(b"wOF2")), "{}", face.file);
        }
        assert!(builtin("../../config.toml").is_none());
    }
}
