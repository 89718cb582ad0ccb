//! `patrika diff`: what changed in a translation's source since the translation
//! was last brought in line (DESIGN §10), as text for people or JSON for tools.
//! The history itself is read by [`crate::history`]; this file only reports.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::commands::translate::{find, load};
use crate::commands::{CommandResult, Exit, Failure, Format, Streams, find_site_root, plural, stopped};
use crate::history::{self, Change, Shown, SourceDiff, with_context};
use crate::plan::translation::source_hash;

/// What `--format json` prints for a translation that matches its source.
#[derive(Serialize)]
struct UpToDate<'a> {
    translation: &'a str,
    source: &'a str,
    up_to_date: bool,
}

/// Prints what changed in the source of the translation `file` since it was translated.
pub(crate) fn run(root: Option<&Path>, file: &Path, format: Format, colour: bool, io: &mut Streams) -> CommandResult {
    let root = find_site_root(file, root)?;
    let loaded = load(&root)?;
    let translation = find(&loaded, &root, file)?;
    let shown = translation.path.display().to_string();
    let Some(meta) = &translation.front.translation else {
        return Err(Failure::Usage(format!(
            "{shown} is an original, not a translation (it has no [translation] table); give a translation's file"
        )));
    };
    let Some(recorded) = &meta.source_hash else {
        return Err(stopped(format!(
            "{shown} has no source_hash, so there is no version of its source to compare with; once it matches its source, run `patrika translate --done {shown}`"
        )));
    };
    let key = translation.set_key();
    let Some(source) = loaded.site.docs.iter().find(|d| d.set_key() == key && d.lang == meta.from) else {
        return Err(stopped(format!(
            "{shown} is a translation from `{}`, but there is no `{}` version",
            meta.from, meta.from
        )));
    };
    let source_shown = source.path.display().to_string();
    if &source_hash(source) == recorded {
        let _ = match format {
            Format::Text => {
                writeln!(io.out, "{shown} is up to date: {source_shown} has not changed since it was translated")
            }
            Format::Json => {
                let report = UpToDate { translation: &shown, source: &source_shown, up_to_date: true };
                writeln!(io.out, "{}", serde_json::to_string_pretty(&report).map_err(stopped)?)
            }
        };
        return Ok(Exit::Success);
    }
    let now = (source.front.title.as_str(), source.front.summary.as_deref().unwrap_or(""), source.body());
    let diff = history::diff_since_translation(&root, &source.path, recorded, now).map_err(|why| {
        stopped(format!("cannot show what changed in {source_shown} since {shown} was translated: {why}"))
    })?;
    let _ = match format {
        Format::Text => write!(io.out, "{}", render_text(&shown, &source_shown, &diff, colour)),
        Format::Json => writeln!(io.out, "{}", serde_json::to_string_pretty(&diff).map_err(stopped)?),
    };
    Ok(Exit::Success)
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

/// Unchanged paragraphs shown next to a change; longer runs are elided in the middle.
const CONTEXT: usize = 1;

/// The report for people: a header naming the source and the commit, then each
/// changed field with its paragraphs marked `- ` (removed), `+ ` (added) or `  ` (same).
pub(crate) fn render_text(translation: &str, source: &str, diff: &SourceDiff, colour: bool) -> String {
    let mut out = format!(
        "{source} has changed since {translation} was translated from the version in commit {} ({})",
        diff.commit, diff.commit_date
    );
    if diff.source_path != source {
        let _ = write!(out, ", when it was {}", diff.source_path);
    }
    out.push_str(":\n");
    for field in &diff.fields {
        let _ = writeln!(out, "\n{}:", field.field);
        for line in with_context(&field.changes, CONTEXT) {
            match line {
                Shown::Paragraph(change) => push_change(&mut out, change, colour),
                Shown::Elided(n) => {
                    let _ = writeln!(out, "  … {}", plural(n, "unchanged paragraph"));
                }
            }
        }
    }
    out
}

/// Writes one paragraph, each of its lines marked (and coloured, for a terminal).
fn push_change(out: &mut String, change: &Change, colour: bool) {
    let (mark, text, paint) = match change {
        Change::Same(text) => ("  ", text, ""),
        Change::Removed(text) => ("- ", text, RED),
        Change::Added(text) => ("+ ", text, GREEN),
    };
    for line in text.lines() {
        if colour && !paint.is_empty() {
            let _ = writeln!(out, "{paint}{mark}{line}{RESET}");
        } else {
            let _ = writeln!(out, "{mark}{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::FieldDiff;

    fn diff(changes: Vec<Change>) -> SourceDiff {
        SourceDiff {
            commit: "1a2b3c4".into(),
            commit_date: "2026-11-02".into(),
            source_path: "content/x.hi.md".into(),
            fields: vec![FieldDiff { field: "body", changes }],
        }
    }

    #[test]
    fn text_marks_each_line_and_elides_long_unchanged_runs() {
        let mut changes: Vec<Change> = (1..=5).map(|i| Change::Same(format!("P{i}"))).collect();
        changes.push(Change::Removed("old\nsecond line".into()));
        changes.push(Change::Added("new".into()));
        changes.push(Change::Same("P6".into()));
        let text = render_text("content/x.en.md", "content/x.hi.md", &diff(changes), false);
        assert_eq!(
            text,
            "content/x.hi.md has changed since content/x.en.md was translated from the version in commit 1a2b3c4 (2026-11-02):\n\
             \nbody:\n  … 4 unchanged paragraphs\n  P5\n- old\n- second line\n+ new\n  P6\n"
        );
    }

    #[test]
    fn colour_only_when_asked_and_a_moved_source_is_named() {
        let changes = vec![Change::Removed("old".into()), Change::Added("new".into())];
        let coloured = render_text("content/y.en.md", "content/y.hi.md", &diff(changes.clone()), true);
        assert!(coloured.contains("\x1b[31m- old\x1b[0m\n\x1b[32m+ new\x1b[0m\n"), "{coloured}");
        assert!(coloured.contains(", when it was content/x.hi.md:"), "{coloured}");
        let plain = render_text("content/y.en.md", "content/y.hi.md", &diff(changes), false);
        assert!(!plain.contains('\x1b'));
    }
}
