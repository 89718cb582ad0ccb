//! `patrika new <section>[/<slug>]`: scaffolds a briefing dated today, as a valid
//! draft in its own language, with a slug made from the title when none is given.

use std::path::Path;

use crate::commands::{CommandResult, Exit, Failure, Streams, stopped};
use crate::read::config::{self, Config, Lang};
use crate::read::content::CONTENT_DIR;

/// What `patrika new` was asked for.
pub(crate) struct NewBriefing<'a> {
    /// `<section>` or `<section>/<slug>`; the last part may be a title in any script.
    pub path: &'a str,
    pub title: Option<&'a str>,
    pub slug: Option<&'a str>,
    pub lang: Option<&'a str>,
    /// A folder briefing (`<slug>/index.<lang>.md`) that can hold pictures and files.
    pub bundle: bool,
}

/// Placeholder text of a scaffold in one language: lede, a section heading, its paragraph.
struct Placeholders {
    lede: &'static str,
    heading: &'static str,
    details: &'static str,
}

/// Placeholders in the file's language, so a Hindi draft reads as Hindi; English otherwise.
fn placeholders(lang: &str) -> Placeholders {
    match lang.split('-').next().unwrap_or(lang) {
        "hi" => Placeholders {
            lede: "यहाँ पहला अनुच्छेद लिखें: क्या हुआ, कब, कहाँ, और किसने क्या कहा।",
            heading: "पृष्ठभूमि",
            details: "यहाँ ब्योरा लिखें।",
        },
        "ur" => Placeholders {
            lede: "یہاں پہلا پیراگراف لکھیں: کیا ہوا، کب، کہاں، اور کس نے کیا کہا۔",
            heading: "پس منظر",
            details: "یہاں تفصیل لکھیں۔",
        },
        _ => Placeholders {
            lede: "Write the lede here: what happened, when, where, and who said what.",
            heading: "Background",
            details: "Write the details here.",
        },
    }
}

/// The text of a new briefing: a draft with a title, today's date and a body to replace.
/// Optional fields are comments, never empty values: an empty `summary` would hide the
/// first-paragraph summary, and an empty heading would publish as an empty `<h2>`.
pub(crate) fn scaffold(title: &str, date: &str, lang: &str, config: &Config) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let topics: Vec<&str> = config.topics.keys().map(String::as_str).take(8).collect();
    let topic_hint = if topics.is_empty() { String::new() } else { format!(" (keys: {})", topics.join(", ")) };
    let text = placeholders(lang);
    format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\ndraft = true\n\
         # summary = \"\"    one or two sentences for lists and feeds; without it, the first paragraph\n\
         # topics = []      from [topics] in config.toml{topic_hint}\n\
         # authors = []     keys of authors.toml, or names\n\
         +++\n\n{lede}\n\n## {heading}\n\n{details}\n",
        lede = text.lede,
        heading = text.heading,
        details = text.details,
    )
}

/// A section folder name: one or more plain path parts.
fn usable_section(section: &str) -> bool {
    !section.is_empty()
        && section.split('/').all(|p| !p.is_empty() && !p.starts_with('.') && !p.contains(['\\', '?', '#', ' ', ':']))
}

/// Refuses what can never name a briefing inside `content/`.
fn refuse_unusable(path: &str) -> Result<(), Failure> {
    let windows_drive = path.as_bytes().get(1) == Some(&b':');
    if path.starts_with(['/', '\\']) || windows_drive {
        return Err(Failure::Usage(format!(
            "`{path}` is a path on disk; give the briefing inside content/ as <section>/<slug>, e.g. briefings/budget-2026"
        )));
    }
    if path.split(['/', '\\']).any(|p| p == "..") {
        return Err(Failure::Usage(format!("`{path}` leaves content/ with `..`; give <section>/<slug>")));
    }
    Ok(())
}

/// Splits the request into section, slug and title, making the slug from the title when needed.
fn name_parts(request: &NewBriefing, config: &Config) -> Result<(String, String, String), Failure> {
    let path = crate::text::normalise(request.path.trim());
    refuse_unusable(&path)?;
    let path = path.trim_matches('/').trim_end_matches(".md");
    let (section, last) = match path.rsplit_once('/') {
        Some((section, last)) => (section, Some(last)),
        None => (path, None),
    };
    if !usable_section(section) {
        return Err(Failure::Usage(format!(
            "`{section}` is not a usable section folder (no spaces, no dot at the start, no \\ ? # :)"
        )));
    }
    if let Some(code) = [last, request.slug].into_iter().flatten().find_map(|name| language_suffix(name, config)) {
        return Err(Failure::Usage(format!(
            "the slug ends in `.{code}`, a language code: the language goes in --lang (patrika new {section}/<slug> --lang {code})"
        )));
    }
    let title_given = request.title.map(str::trim).filter(|t| !t.is_empty()).map(crate::text::normalise);
    let wanted = match (request.slug, last, &title_given) {
        (Some(_), Some(_), _) => return Err(Failure::Usage("give the slug once: in the path or as --slug".into())),
        (Some(slug), None, _) | (None, Some(slug), _) => slug.to_string(),
        (None, None, Some(title)) => title.clone(),
        (None, None, None) => {
            return Err(Failure::Usage(format!(
                "give a title or a slug: patrika new {section} --title \"…\" (or {section}/<slug>)"
            )));
        }
    };
    let wanted = crate::text::normalise(&wanted);
    let slug = crate::text::slug(&wanted);
    if slug.is_empty() {
        return Err(Failure::Usage(format!("no letters or digits in `{wanted}` to make a slug of; give --slug")));
    }
    // A slug typed as a title ("भारत का रुख़") is also the best title there is.
    let title = title_given.unwrap_or_else(|| if slug == wanted { slug.replace(['-', '_'], " ") } else { wanted });
    Ok((section.to_string(), slug, title))
}

/// The configured language a name ends in (`x.en`), if any.
fn language_suffix(name: &str, config: &Config) -> Option<String> {
    let (_, suffix) = name.trim_end_matches(".md").rsplit_once('.')?;
    config.lang(suffix).map(|l| l.to_string())
}

fn language(config: &Config, code: Option<&str>) -> Result<Lang, Failure> {
    let Some(code) = code else { return Ok(config.default_language.clone()) };
    config.lang(code).cloned().ok_or_else(|| {
        Failure::Usage(format!("`{code}` is not a configured language (configured: {})", config.language_list()))
    })
}

/// Another file already using the slug in this section (any language, page or bundle).
fn slug_in_use(root: &Path, section: &str, slug: &str) -> Option<String> {
    let folder = root.join(CONTENT_DIR).join(section);
    if folder.join(slug).is_dir() {
        return Some(format!("{CONTENT_DIR}/{section}/{slug}/"));
    }
    let entries = std::fs::read_dir(&folder).ok()?;
    entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).find_map(|name| {
        let stem = name.strip_suffix(".md")?.rsplit_once('.')?.0;
        (stem == slug).then(|| format!("{CONTENT_DIR}/{section}/{name}"))
    })
}

/// Creates the briefing's file under `root`; refuses to overwrite or to reuse a slug.
pub(crate) fn run(root: &Path, request: &NewBriefing, io: &mut Streams) -> CommandResult {
    let config = config::load(root)?;
    let lang = language(&config, request.lang)?;
    let (section, slug, title) = name_parts(request, &config)?;
    if let Some(existing) = slug_in_use(root, &section, &slug) {
        return Err(stopped(format!(
            "{existing} already uses the slug `{slug}`: add a language with `patrika translate`, or choose another --slug"
        )));
    }
    let new_section = !root.join(CONTENT_DIR).join(&section).is_dir();
    let rel = if request.bundle {
        format!("{CONTENT_DIR}/{section}/{slug}/index.{lang}.md")
    } else {
        format!("{CONTENT_DIR}/{section}/{slug}.{lang}.md")
    };
    let file = root.join(&rel);
    let today = chrono::Local::now().date_naive().to_string();
    std::fs::create_dir_all(file.parent().unwrap_or(root))
        .and_then(|_| std::fs::write(&file, scaffold(&title, &today, lang.as_str(), &config)))
        .map_err(|e| stopped(format!("cannot write {rel}: {e}")))?;
    let _ = writeln!(io.out, "Created {rel} (a draft dated {today}; set draft = false to publish)");
    if new_section {
        let _ = writeln!(io.out, "note: {CONTENT_DIR}/{section}/ is a new section");
    }
    Ok(Exit::Success)
}
