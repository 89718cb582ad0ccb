//! `patrika init <dir>`: a new bilingual site with the default theme that builds and
//! checks at once, without a warning.

use std::path::Path;

use crate::commands::{CommandResult, Exit, Failure, Streams, stopped};
use crate::desk::files::read_back;
use crate::plan::translation::source_hash;
use crate::read::config;
use crate::render::theme::builtin_files;

const CONFIG: &str = r#"base_url = "https://example.org"
default_language = "hi"
theme = "default"

[languages.hi]
name = "हिन्दी"
title = "मेरी पत्रिका"
description = "संक्षिप्त ब्रीफ़िंग"
digits = "latin"

[languages.en]
name = "English"
title = "My Patrika"
description = "Short briefings"

[topics.example]
hi = "उदाहरण"
en = "Example"

[build]
output_dir = "public"
fallback = false
paginate = 20

[search]
enabled = true
"#;

const FILES: &[(&str, &str)] = &[
    // The output and the image cache are made again by every build: not for version control.
    (".gitignore", "public/\n.patrika/\n"),
    ("content/_index.hi.md", "+++\ntitle = \"मेरी पत्रिका\"\n+++\n\nताज़ा ब्रीफ़िंग।\n"),
    ("content/_index.en.md", "+++\ntitle = \"My Patrika\"\n+++\n\nThe latest briefings.\n"),
    ("content/briefings/_index.hi.md", "+++\ntitle = \"ब्रीफ़िंग\"\n+++\n"),
    ("content/briefings/_index.en.md", "+++\ntitle = \"Briefings\"\n+++\n"),
];

/// The example briefing, in Hindi.
const ORIGINAL: (&str, &str) = (
    "content/briefings/first-briefing.hi.md",
    "+++\ntitle = \"पहली ब्रीफ़िंग\"\ndate = 2026-01-01\nsummary = \"यह एक उदाहरण ब्रीफ़िंग है।\"\ntopics = [\"example\"]\n+++\n\nयह पहली ब्रीफ़िंग है। इसे बदलें या हटाएँ।\n\n## आगे क्या\n\n- `patrika new briefings/<slug>` से नई ब्रीफ़िंग बनाएँ।\n",
);

/// Its English translation, up to date with it: `{source_hash}` is filled in when written.
const TRANSLATION: (&str, &str) = (
    "content/briefings/first-briefing.en.md",
    "+++\ntitle = \"First briefing\"\ndate = 2026-01-01\nsummary = \"This is an example briefing.\"\ntopics = [\"example\"]\n\n[translation]\nfrom = \"hi\"\nsource_hash = \"{source_hash}\"\n+++\n\nThis is the first briefing. Change it or delete it.\n\n## What next\n\n- Make a new briefing with `patrika new briefings/<slug>`.\n",
);

/// The example pair: the translation records the hash of the original as the build reads
/// it, so a new site's translation is `current` (not `untracked`) from the start.
fn example_pair(dir: &Path) -> Result<[(String, Vec<u8>); 2], Failure> {
    let config = config::parse(dir, CONFIG).map_err(|_| stopped("the new site's config.toml does not read back"))?;
    let original = read_back(ORIGINAL.0, ORIGINAL.1, &config).map_err(stopped)?;
    let translation = TRANSLATION.1.replace("{source_hash}", &source_hash(&original));
    Ok([(ORIGINAL.0.into(), ORIGINAL.1.as_bytes().to_vec()), (TRANSLATION.0.into(), translation.into_bytes())])
}

/// Writes a new site into `dir`, which must be missing or empty.
pub(crate) fn run(dir: &Path, io: &mut Streams) -> CommandResult {
    if dir.exists() {
        let empty = std::fs::read_dir(dir).map(|mut entries| entries.next().is_none()).unwrap_or(false);
        if !empty {
            return Err(Failure::Usage(format!(
                "{} is not an empty folder; init writes only into a new or empty one",
                dir.display()
            )));
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = vec![("config.toml".into(), CONFIG.as_bytes().to_vec())];
    files.extend(FILES.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec())));
    files.extend(example_pair(dir)?);
    files.extend(builtin_files().map(|(p, b)| (format!("themes/default/{p}"), b.to_vec())));
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap_or(dir))
            .and_then(|_| std::fs::write(&path, bytes))
            .map_err(|e| stopped(format!("cannot write {}: {e}", path.display())))?;
    }
    let _ = writeln!(
        io.out,
        "Created a new site in {}. Next: cd {} && patrika serve (a preview that follows your edits), or patrika build (writes public/)",
        dir.display(),
        dir.display()
    );
    Ok(Exit::Success)
}
