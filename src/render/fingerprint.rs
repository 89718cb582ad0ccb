//! Names the theme's stylesheets, scripts and fonts by their content
//! (`style.3f9a0c2e1b.css`), so browsers and CDNs may keep them a year: an edited
//! file is a new name. Stylesheets link the fingerprinted fonts. Reads theme files only.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::render::file_source::FileSource;

/// Hex digits of the content hash in a fingerprinted name.
const HASH_DIGITS: usize = 10;

/// Extensions of the theme files published under fingerprinted names.
const FINGERPRINTED: &[&str] = &["css", "js", "mjs", "woff2", "woff", "ttf", "otf"];

/// A theme file published under a name carrying its content hash.
#[derive(Debug, Clone)]
pub(crate) struct Fingerprinted {
    /// Its path below the theme's `static/`, hash included (`fonts/x.0a1b2c3d4e.woff2`).
    pub name: String,
    pub bytes: Arc<[u8]>,
}

/// Whether a theme file (`static/…` or a path below it) is published fingerprinted.
pub(crate) fn is_fingerprinted(path: &str) -> bool {
    path.rsplit_once('.').is_some_and(|(_, ext)| FINGERPRINTED.contains(&ext))
}

/// Whether a published file name carries a content hash made here: `stem.<10 hex>.ext`.
pub(crate) fn has_content_hash(file_name: &str) -> bool {
    let mut parts = file_name.rsplit('.');
    let (Some(ext), Some(hash), Some(_stem)) = (parts.next(), parts.next(), parts.next()) else { return false };
    FINGERPRINTED.contains(&ext)
        && hash.len() == HASH_DIGITS
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The fingerprinted copies of the theme's assets (path below `static/` → copy): fonts and
/// scripts first, then stylesheets with their `url()`s pointing at the fingerprinted files.
pub(crate) fn fingerprint(assets: &BTreeMap<String, FileSource>) -> std::io::Result<BTreeMap<String, Fingerprinted>> {
    let mut made = BTreeMap::new();
    for (rel, source) in assets.iter().filter(|(rel, _)| is_fingerprinted(rel) && !rel.ends_with(".css")) {
        let bytes = source.bytes()?;
        made.insert(rel.clone(), named(rel, bytes));
    }
    for (rel, source) in assets.iter().filter(|(rel, _)| rel.ends_with(".css")) {
        let bytes = source.bytes()?;
        let linked = match String::from_utf8(bytes) {
            Ok(css) => link_fingerprinted(&css, folder_of(rel), &made).into_bytes(),
            Err(e) => e.into_bytes(),
        };
        made.insert(rel.clone(), named(rel, linked));
    }
    Ok(made)
}

fn named(rel: &str, bytes: Vec<u8>) -> Fingerprinted {
    let hash = crate::text::sha256_hex(&bytes);
    let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
    Fingerprinted { name: format!("{stem}.{}.{ext}", &hash[..HASH_DIGITS]), bytes: Arc::from(bytes) }
}

/// `fonts/` for `fonts/x.css`, empty at the top.
fn folder_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..=i])
}

/// The stylesheet with each relative `url(…)` that names a fingerprinted file changed to
/// that file's fingerprinted name; everything else stays as written.
fn link_fingerprinted(css: &str, folder: &str, made: &BTreeMap<String, Fingerprinted>) -> String {
    let mut out = String::with_capacity(css.len() + 64);
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        let (before, after) = rest.split_at(at + "url(".len());
        out.push_str(before);
        let trimmed = after.trim_start();
        out.push_str(&after[..after.len() - trimmed.len()]);
        let quote = trimmed.chars().next().filter(|c| *c == '"' || *c == '\'');
        let body = &trimmed[quote.map_or(0, char::len_utf8)..];
        let end = body.find(|c| Some(c) == quote || (quote.is_none() && (c == ')' || c.is_whitespace())));
        let reference = &body[..end.unwrap_or(body.len())];
        if let Some(q) = quote {
            out.push(q);
        }
        out.push_str(&relinked(reference, folder, made).unwrap_or_else(|| reference.to_string()));
        rest = &body[reference.len()..];
    }
    out.push_str(rest);
    out
}

/// A reference from a stylesheet in `folder` to a fingerprinted file, renamed; `None` for
/// anything else (absolute and external URLs, `data:`, files that are not fingerprinted).
fn relinked(reference: &str, folder: &str, made: &BTreeMap<String, Fingerprinted>) -> Option<String> {
    let path_end = reference.find(['?', '#']).unwrap_or(reference.len());
    let (path, suffix) = reference.split_at(path_end);
    if path.is_empty() || path.starts_with('/') || path.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let target = made.get(&parts.join("/"))?;
    let new_file = target.name.rsplit('/').next().unwrap_or(&target.name);
    let kept = path.rfind('/').map_or("", |i| &path[..=i]);
    Some(format!("{kept}{new_file}{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin(text: &'static str) -> FileSource {
        FileSource::Builtin(text.as_bytes())
    }

    #[test]
    fn stylesheets_link_the_fingerprinted_fonts_and_change_name_with_them() {
        let css = "@font-face { src: url(\"fonts/a.woff2\") format(\"woff2\"), url( fonts/b.woff?v=1#x ); }\n\
                   body { background: url('/static/x.png'), url(data:image/png;base64,AA) }";
        let mut assets = BTreeMap::from([
            ("style.css".to_string(), builtin(css)),
            ("fonts/a.woff2".to_string(), builtin("font a")),
            ("fonts/b.woff".to_string(), builtin("font b")),
            ("fonts/OFL.txt".to_string(), builtin("licence")),
        ]);
        let made = fingerprint(&assets).unwrap();
        assert_eq!(made.keys().collect::<Vec<_>>(), ["fonts/a.woff2", "fonts/b.woff", "style.css"]);
        let (a, b) = (&made["fonts/a.woff2"].name, &made["fonts/b.woff"].name);
        assert!(a.starts_with("fonts/a.") && a.ends_with(".woff2") && has_content_hash(a), "{a}");
        let linked = String::from_utf8(made["style.css"].bytes.to_vec()).unwrap();
        let a_file = a.trim_start_matches("fonts/");
        let b_file = b.trim_start_matches("fonts/");
        assert_eq!(
            linked,
            format!(
                "@font-face {{ src: url(\"fonts/{a_file}\") format(\"woff2\"), url( fonts/{b_file}?v=1#x ); }}\n\
                 body {{ background: url('/static/x.png'), url(data:image/png;base64,AA) }}"
            )
        );
        let before = made["style.css"].name.clone();
        assets.insert("fonts/a.woff2".to_string(), builtin("font a, version 2"));
        let again = fingerprint(&assets).unwrap();
        assert_ne!(again["style.css"].name, before, "a font's new name must rename the stylesheet too");
    }

    #[test]
    fn only_names_made_here_count_as_fingerprinted() {
        assert!(has_content_hash("style.0123456789.css"));
        assert!(has_content_hash("fonts.x.abcdef0123.woff2"));
        assert!(!has_content_hash("style.css"));
        assert!(!has_content_hash("qingdao-960.webp"));
        assert!(!has_content_hash("style.0123456789.png"));
        assert!(!has_content_hash("style.ABCDEF0123.css"));
        assert!(!has_content_hash("0123456789.css"));
    }
}
