//! The note a translation scaffold opens with (`# TRANSLATE: …`, three comment lines in
//! its front matter), and the `untranslated` finding when a note outlives the
//! translation. `patrika translate` writes the note and `--done` removes it. Pure.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Rule, line_col};
use crate::read::document::SourceDoc;

/// How the note's first line begins.
const FIRST: &str = "# TRANSLATE:";
/// How its second line begins.
const SECOND: &str = "# Translate them into ";
/// Its third line, naming the desk's way of doing the same.
const THIRD: &str = "# (or press Done in the translation desk of `patrika serve`)";

/// The note of a scaffold translated from `from` (the file `source`) into `to`, three lines.
pub(crate) fn note(from: &str, source: &str, to: &str) -> String {
    format!(
        "{FIRST} the title, summary and body below are still the {from} text of {source}.\n\
         {SECOND}{to}, set draft = false, then run: patrika translate --done <this file>\n\
         {THIRD}\n"
    )
}

/// Where the note is in `front` (front matter text): its whole lines, the second one
/// only when it is the note's own.
pub(crate) fn note_lines(front: &str) -> Option<Range<usize>> {
    let mut start = 0;
    let mut lines = front.split_inclusive('\n');
    for line in lines.by_ref() {
        if line.trim_start().starts_with(FIRST) {
            let mut end = start + line.len();
            if let Some(next) = lines.next().filter(|next| next.trim_start().starts_with(SECOND)) {
                end += next.len();
                if let Some(third) = lines.next().filter(|third| third.trim_start().starts_with(THIRD)) {
                    end += third.len();
                }
            }
            return Some(start..end);
        }
        start += line.len();
    }
    None
}

/// A scaffold's note still in the front matter of `doc`: the text below it may be the
/// source's, and `translate --done` was not run (it removes the note).
pub(crate) fn leftover(doc: &SourceDoc) -> Option<Diagnostic> {
    let lines = note_lines(&doc.text[..doc.body_offset])?;
    let at = lines.start + (doc.text[lines.clone()].len() - doc.text[lines].trim_start().len());
    let (line, col) = line_col(&doc.text, at);
    let message = format!(
        "the scaffold's `{FIRST}` note is still here: once the text is translated, run `patrika translate --done {}`, which removes it",
        doc.path.display()
    );
    Some(Diagnostic::warning(&doc.path, line, col, message).with_rule(Rule::Untranslated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_is_found_as_written_and_only_its_own_lines() {
        let written = note("hi", "content/x.hi.md", "en");
        let front = format!("+++\n{written}title = \"X\"\n");
        assert_eq!(note_lines(&front), Some(4..4 + written.len()));
        assert_eq!(&front[note_lines(&front).unwrap()], written);
        // A comment of the translator's after the first line is theirs, not the note's.
        let front = "# TRANSLATE: still Hindi\r\n# my own comment\r\ntitle = \"X\"\r\n";
        assert_eq!(note_lines(front), Some(0..26));
        assert_eq!(note_lines("title = \"# TRANSLATE: in a string\"\n"), None);
    }
}
