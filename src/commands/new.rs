//! `patrika new <section>[/<slug>]`: scaffolds a briefing dated today, as a valid
//! draft in its own language, with a slug made from the title when none is given.
//! The front matter is written with toml_edit and read back before it is saved.

use std::path::Path;

use toml_edit::{DocumentMut, value};

use crate::commands::{CommandResult, Exit, Failure, Streams, stopped};
use crate::desk::files::{NotWritten, read_back, refuse_clashes, write_new};
use crate::read::config::{self, Config, Lang};
use crate::read::content::CONTENT_DIR;
use crate::text::key_problem;

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

/// The longest slug made from a title, in bytes: a Devanagari headline of about six
/// words, well inside file name limits (255 bytes) with its language and `.md` after it.
pub(crate) const MAX_SLUG_BYTES: usize = 100;

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
fn scaffold(title: &str, date: &str, lang: &str, config: &Config) -> Result<String, String> {
    let mut front = DocumentMut::new();
    front["title"] = value(title);
    let date: toml_edit::Datetime = date.parse().map_err(|e| format!("the date {date}: {e}"))?;
    front["date"] = value(date);
    front["draft"] = value(true);
    // Only topic keys that are plain words go into the comment, so that it stays one line.
    let topics: Vec<&str> =
        config.topics.keys().map(String::as_str).filter(|k| key_problem(k).is_none()).take(8).collect();
    let topic_hint = if topics.is_empty() { String::new() } else { format!(" (keys: {})", topics.join(", ")) };
    front.set_trailing(format!(
        "# summary = \"\"    one or two sentences for lists and feeds; without it, the first paragraph\n\
         # topics = []      from [topics] in config.toml{topic_hint}\n\
         # authors = []     keys of authors.toml, or names\n"
    ));
    let text = placeholders(lang);
    Ok(format!(
        "+++\n{front}+++\n\n{lede}\n\n## {heading}\n\n{details}\n",
        lede = text.lede,
        heading = text.heading,
        details = text.details,
    ))
}

/// Refuses a title that cannot be one headline: a line break or another control character.
/// (`"`, `\` and `+++` are fine: the title is written as a TOML string, on its own line.)
fn check_title(title: &str) -> Result<(), Failure> {
    let breaks = |c: char| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}');
    if title.contains(breaks) {
        return Err(Failure::Usage(
            "the title has a line break: a headline is one line (put more in the summary or the body)".into(),
        ));
    }
    if let Some(c) = title.chars().find(|c| c.is_control()) {
        return Err(Failure::Usage(format!(
            "the title contains the control character U+{:04X}; remove it",
            u32::from(c)
        )));
    }
    Ok(())
}

/// Whether Windows refuses to create a file or folder of this name (whatever follows a dot).
fn is_device_name(name: &str) -> bool {
    let device = name.split('.').next().unwrap_or(name).to_lowercase();
    let numbered = |prefix: &str| {
        device.strip_prefix(prefix).is_some_and(|n| {
            let mut chars = n.chars();
            matches!((chars.next(), chars.next()), (Some('0'..='9' | '¹' | '²' | '³'), None))
        })
    };
    matches!(device.as_str(), "con" | "prn" | "aux" | "nul") || numbered("com") || numbered("lpt")
}

/// Why a slug cannot name a briefing's file, whichever way it was made; `None` when it can.
fn unusable_slug(slug: &str) -> Option<String> {
    if matches!(slug, "index" | "_index") {
        return Some(format!(
            "`{slug}` names the main file of a section (`_index`) or of a folder briefing (`index`), not a briefing"
        ));
    }
    is_device_name(slug).then(|| format!("`{slug}` is a device name on Windows, where no file can be called that"))
}

/// A file `new` or `translate` did not write: one already there is the user's to move
/// (usage), anything else a failure.
pub(crate) fn not_written(refusal: NotWritten) -> Failure {
    match refusal {
        NotWritten::Exists(m) => Failure::Usage(m),
        NotWritten::Failed(m) => stopped(m),
    }
}

/// Checks a slug given as such (`--slug`, or a path's last part, named by `given_as`):
/// it is used as typed or refused, never changed.
pub(crate) fn given_slug(slug: &str, given_as: &str) -> Result<String, Failure> {
    let slug = crate::text::normalise(slug);
    let refuse = |why: String| Failure::Usage(format!("{given_as} `{slug}`: {why}; give another"));
    if let Some(why) = key_problem(&slug).map(str::to_string).or_else(|| unusable_slug(&slug)) {
        return Err(refuse(why));
    }
    let made = crate::text::slug(&slug);
    if made.is_empty() {
        return Err(refuse("it has no letters or digits".into()));
    }
    if made != slug {
        return Err(refuse(format!(
            "a slug is lower-case letters, digits and single `-` between them, so it would have to become `{made}`"
        )));
    }
    if slug.len() > MAX_SLUG_BYTES {
        return Err(refuse(format!("it is {} bytes long, and slugs are kept to {MAX_SLUG_BYTES}", slug.len())));
    }
    Ok(slug)
}

/// A slug made from a title, cut at a word (or, for one long word, a letter) to fit
/// [`MAX_SLUG_BYTES`]; `true` when it had to be shortened.
fn slug_from_title(title: &str) -> Result<(String, bool), Failure> {
    let mut slug = crate::text::slug(title);
    if slug.is_empty() {
        return Err(Failure::Usage(format!("no letters or digits in `{title}` to make a slug of; give --slug")));
    }
    let long = slug.len() > MAX_SLUG_BYTES;
    if long {
        let words_fit =
            slug.char_indices().filter(|&(at, c)| c == '-' && at <= MAX_SLUG_BYTES).map(|(at, _)| at).next_back();
        let end = words_fit.unwrap_or_else(|| {
            use unicode_segmentation::UnicodeSegmentation;
            let letters = slug.grapheme_indices(true).map(|(i, g)| i + g.len());
            letters.take_while(|&end| end <= MAX_SLUG_BYTES).last().unwrap_or(0)
        });
        slug.truncate(end);
    }
    if let Some(why) = unusable_slug(&slug) {
        return Err(Failure::Usage(format!("the slug made from the title would be `{slug}`, but {why}; give --slug")));
    }
    Ok((slug, long))
}

/// A section folder name: one or more path parts, each usable in a URL and as a folder.
fn section_problem(section: &str) -> Option<String> {
    section.split('/').find_map(|part| {
        let device = || is_device_name(part).then(|| "is a device name on Windows".to_string());
        let why = key_problem(part).map(str::to_string).or_else(device)?;
        Some(format!("`{section}` is not a usable section folder: `{part}` {why}"))
    })
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

/// Where the new briefing goes and what it is called.
struct Names {
    section: String,
    slug: String,
    title: String,
    /// The slug made from the title had to be cut short.
    shortened: bool,
}

/// Splits the request into section, slug and title, making the slug from the title when needed.
fn name_parts(request: &NewBriefing, config: &Config) -> Result<Names, Failure> {
    let path = crate::text::normalise(request.path.trim());
    refuse_unusable(&path)?;
    let path = path.trim_matches('/').trim_end_matches(".md");
    let (section, last) = match path.rsplit_once('/') {
        Some((section, last)) => (section, Some(last)),
        None => (path, None),
    };
    if let Some(problem) = section_problem(section) {
        return Err(Failure::Usage(problem));
    }
    if let Some(code) = [last, request.slug].into_iter().flatten().find_map(|name| language_suffix(name, config)) {
        return Err(Failure::Usage(format!(
            "the slug ends in `.{code}`, a language code: the language goes in --lang (patrika new {section}/<slug> --lang {code})"
        )));
    }
    let title_given = request.title.map(str::trim).filter(|t| !t.is_empty()).map(crate::text::normalise);
    if let Some(title) = &title_given {
        check_title(title)?;
    }
    let (slug, title, shortened) = match (request.slug, last, title_given) {
        (Some(_), Some(_), _) => return Err(Failure::Usage("give the slug once: in the path or as --slug".into())),
        (Some(slug), None, title) => {
            let slug = given_slug(slug, "--slug")?;
            (slug.clone(), title.unwrap_or_else(|| slug.replace('-', " ")), false)
        }
        // A path's last part that is a slug already is taken as typed; anything else is a
        // title ("भारत का रुख़"), which is also the best title there is.
        (None, Some(last), title) if crate::text::slug(last) == last || unusable_slug(last).is_some() => {
            let slug = given_slug(last, "the slug")?;
            (slug.clone(), title.unwrap_or_else(|| slug.replace('-', " ")), false)
        }
        (None, Some(last), title) => {
            check_title(last)?;
            let (slug, shortened) = slug_from_title(last)?;
            (slug, title.unwrap_or_else(|| last.to_string()), shortened)
        }
        (None, None, Some(title)) => {
            let (slug, shortened) = slug_from_title(&title)?;
            (slug, title, shortened)
        }
        (None, None, None) => {
            return Err(Failure::Usage(format!(
                "give a title or a slug: patrika new {section} --title \"…\" (or {section}/<slug>)"
            )));
        }
    };
    Ok(Names { section: section.to_string(), slug, title, shortened })
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

/// Creates the briefing's file under `root`; refuses to overwrite, to reuse a slug, or to
/// write a page whose URL another page already takes.
pub(crate) fn run(root: &Path, request: &NewBriefing, io: &mut Streams) -> CommandResult {
    let config = config::load(root)?;
    let lang = language(&config, request.lang)?;
    let Names { section, slug, title, shortened } = name_parts(request, &config)?;
    if let Some(existing) = slug_in_use(root, &section, &slug) {
        return Err(Failure::Usage(format!(
            "{existing} already uses the slug `{slug}`: add a language with `patrika translate`, or choose another --slug"
        )));
    }
    let new_section = !root.join(CONTENT_DIR).join(&section).is_dir();
    let rel = if request.bundle {
        format!("{CONTENT_DIR}/{section}/{slug}/index.{lang}.md")
    } else {
        format!("{CONTENT_DIR}/{section}/{slug}.{lang}.md")
    };
    let today = chrono::Local::now().date_naive().to_string();
    let text = scaffold(&title, &today, lang.as_str(), &config).map_err(stopped)?;
    let doc = read_back(&rel, &text, &config).map_err(stopped)?;
    if doc.front.title != title {
        return Err(stopped(format!("the title would read back as `{}`; not writing {rel}", doc.front.title)));
    }
    // The site is fine as it is: it is the file asked for that cannot be added.
    refuse_clashes(root, &config, doc).map_err(Failure::Usage)?;
    write_new(root, &rel, &text).map_err(not_written)?;
    let _ = writeln!(io.out, "Created {rel} (a draft dated {today}; set draft = false to publish)");
    if shortened {
        let _ = writeln!(
            io.out,
            "note: the title is long, so its slug was cut to {} bytes, at a word: `{slug}` (choose another with --slug)",
            slug.len()
        );
    }
    if new_section {
        let _ = writeln!(io.out, "note: {CONTENT_DIR}/{section}/ is a new section");
    }
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_make_slugs_cut_at_a_word_or_a_letter() {
        let title = "भारत और चीन के बीच सीमा पर तनाव कम करने के लिए विदेश मंत्रियों की बैठक में नई सहमति बनी";
        let (slug, shortened) = slug_from_title(title).unwrap();
        assert!(shortened && slug.len() <= MAX_SLUG_BYTES, "{slug}");
        assert!(crate::text::slug(title).starts_with(&format!("{slug}-")), "cut at a word: {slug}");
        // One word longer than the limit is cut between letters (grapheme clusters), never inside one.
        let word = "क्षि".repeat(40);
        let (slug, _) = slug_from_title(&word).unwrap();
        assert!(slug.len() <= MAX_SLUG_BYTES && slug.ends_with("क्षि"), "{slug}");
        assert_eq!(slug_from_title("Budget 2026").unwrap(), ("budget-2026".to_string(), false));
    }

    #[test]
    fn slugs_that_would_have_to_change_are_refused() {
        for bad in
            ["../../x", ".hidden", "CON", "con", "lpt1", "aux.x", "index", "_index", "Budget", "a_b", "a--b", "a b"]
        {
            assert!(given_slug(bad, "--slug").is_err(), "{bad}");
        }
        assert!(given_slug(&"a".repeat(MAX_SLUG_BYTES + 1), "--slug").is_err());
        for good in ["budget-2026", "भारत-का-रुख़", "console", "com10", "x"] {
            assert_eq!(given_slug(good, "--slug").ok().as_deref(), Some(good), "{good}");
        }
    }
}
