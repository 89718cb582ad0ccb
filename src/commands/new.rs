//! `patrika new <section>/<slug>`: scaffolds a briefing dated today.

use std::path::Path;

use crate::commands::{CommandResult, Exit, Failure, Streams, stopped};
use crate::read::config;
use crate::read::content::CONTENT_DIR;

/// The text of a new briefing: front matter with today's date and an empty body.
pub(crate) fn scaffold(title: &str, date: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\nsummary = \"\"\ntopics = []\nauthors = []\ndraft = true\n\n# [[sources]]\n# title = \"\"\n# url = \"\"\n+++\n\nWrite the lede here.\n\n<!-- more -->\n\n## \n"
    )
}

/// Creates `content/<section>/<slug>.<lang>.md` under `root`; refuses to overwrite.
pub(crate) fn run(root: &Path, path: &str, lang: Option<&str>, io: &mut Streams) -> CommandResult {
    let config = config::load(root)?;
    let path = path.trim_matches('/').trim_end_matches(".md");
    let Some((section, slug)) = path.rsplit_once('/') else {
        return Err(Failure::Usage("give the briefing as <section>/<slug>, e.g. briefings/budget-2026".into()));
    };
    let valid =
        |s: &str| !s.is_empty() && s != "." && s != ".." && !s.starts_with('.') && !s.contains(['\\', '?', '#', ' ']);
    if !section.split('/').all(valid) || !valid(slug) {
        return Err(Failure::Usage(format!(
            "`{path}` is not a usable <section>/<slug> (no spaces, dots at the start, \\ ? #)"
        )));
    }
    let lang = match lang {
        None => config.default_language.clone(),
        Some(code) => match config.lang(code) {
            Some(l) => l.clone(),
            None => {
                return Err(Failure::Usage(format!(
                    "`{code}` is not a configured language (configured: {})",
                    config.language_list()
                )));
            }
        },
    };
    let rel = format!("{CONTENT_DIR}/{section}/{slug}.{lang}.md");
    let file = root.join(&rel);
    if file.exists() {
        return Err(stopped(format!("{rel} already exists; not overwriting it")));
    }
    let title = slug.replace(['-', '_'], " ");
    let today = chrono::Local::now().date_naive().to_string();
    std::fs::create_dir_all(file.parent().unwrap_or(root))
        .and_then(|_| std::fs::write(&file, scaffold(&title, &today)))
        .map_err(|e| stopped(format!("cannot write {rel}: {e}")))?;
    let _ = writeln!(io.out, "Created {rel} (a draft dated {today}; set draft = false to publish)");
    Ok(Exit::Success)
}
