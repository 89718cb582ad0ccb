//! `patrika new <section>/<slug>`: scaffolds a briefing dated today.

use std::path::Path;

use crate::cli::{EXIT_OK, EXIT_SITE_ERRORS, EXIT_USAGE, Streams};
use crate::commands::print_diagnostics;
use crate::config;
use crate::content::CONTENT_DIR;

/// The text of a new briefing: front matter with today's date and an empty body.
pub fn scaffold(title: &str, date: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\nsummary = \"\"\ntopics = []\nauthors = []\ndraft = true\n\n# [[sources]]\n# title = \"\"\n# url = \"\"\n+++\n\nWrite the lede here.\n\n<!-- more -->\n\n## \n"
    )
}

/// Creates `content/<section>/<slug>.<lang>.md` under `root`; refuses to overwrite.
pub fn run(root: &Path, path: &str, lang: Option<&str>, io: &mut Streams) -> u8 {
    let config = match config::load(root) {
        Ok(c) => c,
        Err(diags) => {
            print_diagnostics(&diags, io.err);
            return EXIT_SITE_ERRORS;
        }
    };
    let path = path.trim_matches('/').trim_end_matches(".md");
    let Some((section, slug)) = path.rsplit_once('/') else {
        let _ = writeln!(io.err, "error: give the briefing as <section>/<slug>, e.g. briefings/budget-2026");
        return EXIT_USAGE;
    };
    let valid =
        |s: &str| !s.is_empty() && s != "." && s != ".." && !s.starts_with('.') && !s.contains(['\\', '?', '#', ' ']);
    if !section.split('/').all(valid) || !valid(slug) {
        let _ =
            writeln!(io.err, "error: `{path}` is not a usable <section>/<slug> (no spaces, dots at the start, \\ ? #)");
        return EXIT_USAGE;
    }
    let lang = match lang {
        None => config.default_language.clone(),
        Some(code) => match config.lang(code) {
            Some(l) => l.clone(),
            None => {
                let _ = writeln!(
                    io.err,
                    "error: `{code}` is not a configured language (configured: {})",
                    config.language_list()
                );
                return EXIT_USAGE;
            }
        },
    };
    let rel = format!("{CONTENT_DIR}/{section}/{slug}.{lang}.md");
    let file = root.join(&rel);
    if file.exists() {
        let _ = writeln!(io.err, "error: {rel} already exists; not overwriting it");
        return EXIT_SITE_ERRORS;
    }
    let title = slug.replace(['-', '_'], " ");
    let today = chrono::Local::now().date_naive().to_string();
    let written = std::fs::create_dir_all(file.parent().unwrap_or(root))
        .and_then(|_| std::fs::write(&file, scaffold(&title, &today)));
    if let Err(e) = written {
        let _ = writeln!(io.err, "error: cannot write {rel}: {e}");
        return EXIT_SITE_ERRORS;
    }
    let _ = writeln!(io.out, "Created {rel} (a draft dated {today}; set draft = false to publish)");
    EXIT_OK
}
