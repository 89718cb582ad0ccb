//! Entry points for the fuzz targets in `fuzz/`: each stage run directly on
//! arbitrary input, with the invariants every input must keep. Not an API.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::diagnostic::Diagnostic;
use crate::plan::links::LinkTarget;
use crate::read::config::{self, Config};
use crate::read::content::SourceFile;
use crate::read::document;
use crate::render::markdown;

const CONFIG: &str = "base_url = \"https://example.org/news/\"\ndefault_language = \"hi\"\n[languages.hi]\n[languages.en]\n[topics.defence]\nhi = \"रक्षा\"\n";

fn site_config() -> &'static Config {
    static CONFIG_VALUE: OnceLock<Config> = OnceLock::new();
    CONFIG_VALUE.get_or_init(|| config::parse(std::path::Path::new("/site"), CONFIG).expect("the fuzz config is valid"))
}

/// Every finding must point at a real line and column of `text`.
fn assert_located(diagnostics: &[Diagnostic], text: &str) {
    let lines = text.split('\n').count();
    for d in diagnostics {
        assert!(d.line >= 1 && d.col >= 1, "{d}");
        assert!(d.line <= lines.max(1), "{d}: the text has {lines} lines");
    }
}

/// Parses one content file made of `bytes` (as Patrika reads it: UTF-8, normalised).
pub fn front_matter(bytes: &[u8]) {
    let Ok(raw) = std::str::from_utf8(bytes) else { return };
    let text = crate::text::normalise(raw);
    let file = SourceFile {
        path: PathBuf::from("content/briefings/x.hi.md"),
        content_path: "briefings/x.hi.md".into(),
        hash: crate::text::hash_of(&text),
        text: std::sync::Arc::new(text),
    };
    match document::parse(&file, site_config()) {
        Ok(doc) => {
            assert!(doc.body_offset <= doc.text.len());
            assert_eq!(doc.text.len(), file.text.len(), "cleaning the body keeps every position");
            assert_located(&doc.warnings, &doc.text);
        }
        Err(found) => {
            assert!(!found.is_empty());
            assert_located(&found, &file.text);
        }
    }
}

/// Renders arbitrary Markdown whose content links resolve by a rule of their own.
pub fn markdown(bytes: &[u8]) {
    let Ok(body) = std::str::from_utf8(bytes) else { return };
    let resolve = |dest: &str| match dest.len() % 3 {
        0 => LinkTarget::Page { url: "/hi/x/".into(), hreflang: None },
        1 => LinkTarget::Page { url: "/en/x/".into(), hreflang: Some("en".into()) },
        _ => LinkTarget::Broken(format!("no {dest}")),
    };
    let out = markdown::render(body, &resolve, crate::read::settings::RawHtml::Clean);
    for problem in &out.problems {
        assert!(body.is_char_boundary(problem.offset) && problem.offset <= body.len());
    }
    for &(start, _) in &out.body.blocks {
        assert!(out.body.html.is_char_boundary(start));
    }
    let ids: std::collections::HashSet<&str> = out.body.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids.len(), out.body.toc.len(), "heading ids are unique");
}

/// Parses an arbitrary `config.toml`.
pub fn config(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    match config::parse(std::path::Path::new("/site"), text) {
        Ok(c) => assert!(!c.languages.is_empty() && c.base_path.starts_with('/') && c.base_path.ends_with('/')),
        Err(found) => {
            assert!(!found.is_empty());
            assert_located(&found, text.strip_prefix('\u{feff}').unwrap_or(text));
        }
    }
}

/// What one picture may cost in the fuzz target: small, so that the fuzzer's time goes to
/// formats and containers rather than to decoding large pictures (the rule is the same).
const FUZZ_PICTURE_BUDGET: u64 = 64 << 20;

/// A bundle file made of `data` (its first byte picks the name it has, the rest is the
/// file) run through the image stage as a build runs it: what the bytes are, the header
/// and its budget, then the variants or the animation without its metadata. The variants
/// made must be the ones pages were promised, and a cleaned animation must clean to itself.
pub fn image(data: &[u8]) {
    use crate::media::inspect::{animation_cleaned, inspect};
    use crate::media::{AssetKind, ImageSettings, process::process_within};
    let Some((&pick, bytes)) = data.split_first() else { return };
    let names = ["x.jpg", "x.png", "x.webp", "x.tif", "x.gif", "x.svg", "x.txt", "x.html", "x"];
    let name = names[usize::from(pick) % names.len()];
    let path = std::env::temp_dir().join(format!("patrika-fuzz-image-{}", std::process::id()));
    std::fs::write(&path, bytes).expect("a scratch file in the temporary folder");
    let len = bytes.len() as u64;
    match inspect(&path, len, name) {
        Ok(AssetKind::Image(info)) => {
            let settings = ImageSettings { widths: vec![16, 64], quality: 50 };
            let Ok(made) = process_within(bytes, "x", &settings, FUZZ_PICTURE_BUDGET) else { return };
            let file = crate::read::assets::AssetFile {
                content_path: format!("b/{name}"),
                bundle: "b".into(),
                name: name.into(),
                path: PathBuf::from(name),
                real: path.clone(),
                len,
                modified: None,
            };
            let asset = crate::plan::bundles::Asset { file, kind: AssetKind::Image(info) };
            let crate::plan::bundles::Placed::Image { webp, fallback } =
                crate::plan::bundles::place(&asset, "", &settings.widths)
            else {
                panic!("a picture is placed as variants")
            };
            let promised: Vec<(u32, u32, &str)> =
                webp.iter().chain([&fallback]).map(|v| (v.width, v.height, v.mime)).collect();
            let produced: Vec<(u32, u32, &str)> =
                made.webp.iter().chain([&made.fallback]).map(|v| (v.width, v.height, v.format.mime())).collect();
            assert_eq!(promised, produced, "pages promise the variants the encoder makes");
        }
        Ok(AssetKind::Animation(animation)) => {
            let cleaned = animation_cleaned(&path, len, animation, name).expect("inspected as a whole animation");
            std::fs::write(&path, &cleaned).expect("a scratch file in the temporary folder");
            let again = animation_cleaned(&path, cleaned.len() as u64, animation, name).expect("cleaned is whole");
            assert_eq!(cleaned, again, "a cleaned animation has nothing left to clean");
        }
        Ok(AssetKind::File | AssetKind::Refused) => {}
        Err(problems) => {
            assert!(!problems.is_empty());
            assert!(problems.iter().all(|p| p.line >= 1 && p.col >= 1 && !p.message.is_empty()));
        }
    }
}
