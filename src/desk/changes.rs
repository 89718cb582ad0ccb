//! What changed in a source since its translation was made ([`crate::history`]), put
//! beside what it belongs to: each changed paragraph of the body beside the source block
//! it is in, a changed title or summary beside that field. A translator then sees, next
//! to the block to bring in line, which words changed. Pure.

use std::ops::Range;

use crate::history::{Change, SourceDiff, marked_words, paragraphs};

/// One change, as shown beside a block or field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Note {
    /// A paragraph edited: its words before and now, each marked when it differs.
    Edited { old: Vec<(String, bool)>, new: Vec<(String, bool)> },
    /// A paragraph that is new.
    Added(String),
    /// A paragraph that was taken out (shown beside the block that follows where it was).
    Removed(String),
}

/// The changes of a source, by where they belong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Placed {
    /// Per source block (as many as the blocks given), its changes.
    pub blocks: Vec<Vec<Note>>,
    pub title: Vec<Note>,
    pub summary: Vec<Note>,
}

/// Places `diff` beside the blocks of the source (`blocks`: their ranges in `text`, the
/// source's text; `body`: where its body is in it).
pub(crate) fn place(diff: &SourceDiff, text: &str, body: &Range<usize>, blocks: &[Range<usize>]) -> Placed {
    let mut placed = Placed { blocks: vec![Vec::new(); blocks.len()], ..Placed::default() };
    for field in &diff.fields {
        match field.field {
            "title" => placed.title = notes(&field.changes).into_iter().map(|(_, n)| n).collect(),
            "summary" => placed.summary = notes(&field.changes).into_iter().map(|(_, n)| n).collect(),
            _ => place_body(&field.changes, text, body, blocks, &mut placed.blocks),
        }
    }
    placed
}

/// The notes of a field's changes, each with the number of the paragraph of the text now
/// it belongs to (a paragraph taken out: the one that follows where it was).
fn notes(changes: &[Change]) -> Vec<(usize, Note)> {
    let mut found = Vec::new();
    let mut now = 0;
    let mut i = 0;
    while i < changes.len() {
        match (&changes[i], changes.get(i + 1)) {
            (Change::Same(_), _) => now += 1,
            (Change::Removed(old), Some(Change::Added(new))) => {
                let (old, new) = marked_words(old, new);
                let owned = |words: Vec<(&str, bool)>| words.into_iter().map(|(w, m)| (w.to_string(), m)).collect();
                found.push((now, Note::Edited { old: owned(old), new: owned(new) }));
                now += 1;
                i += 1;
            }
            (Change::Removed(old), _) => found.push((now, Note::Removed(old.clone()))),
            (Change::Added(new), _) => {
                found.push((now, Note::Added(new.clone())));
                now += 1;
            }
        }
        i += 1;
    }
    found
}

/// Puts the body's notes beside the blocks their paragraphs are in.
fn place_body(changes: &[Change], text: &str, body: &Range<usize>, blocks: &[Range<usize>], out: &mut [Vec<Note>]) {
    let body_text = &text[body.clone()];
    // Where each paragraph of the body now is, in the whole text.
    let spans: Vec<Range<usize>> = paragraphs(body_text)
        .into_iter()
        .map(|p| {
            let start = body.start + (p.as_ptr() as usize - body_text.as_ptr() as usize);
            start..start + p.len()
        })
        .collect();
    let Some(last_block) = blocks.len().checked_sub(1) else { return };
    for (paragraph, note) in notes(changes) {
        let block = spans
            .get(paragraph)
            .and_then(|span| blocks.iter().position(|b| b.start < span.end && span.start < b.end))
            .unwrap_or(last_block);
        out[block].push(note);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::FieldDiff;

    #[test]
    fn changes_sit_beside_the_blocks_they_are_in() {
        let text = "+++\n+++\nएक।\n\nदो तीन।\n\nपाँच।\n";
        let body = 8..text.len();
        let range = |s: &str| text.find(s).map(|at| at..at + s.len()).unwrap();
        let blocks = [range("एक।"), range("दो तीन।"), range("पाँच।")];
        let diff = SourceDiff {
            commit: "c".into(),
            commit_date: "d".into(),
            source_path: "s".into(),
            fields: vec![FieldDiff {
                field: "body",
                changes: vec![
                    Change::Same("एक।".into()),
                    Change::Removed("दो चार।".into()),
                    Change::Added("दो तीन।".into()),
                    Change::Removed("चार।".into()),
                    Change::Added("पाँच।".into()),
                ],
            }],
        };
        let placed = place(&diff, text, &body, &blocks);
        assert!(placed.blocks[0].is_empty());
        let Note::Edited { old, new } = &placed.blocks[1][0] else { panic!("{:?}", placed.blocks) };
        assert_eq!(old[1], ("चार।".to_string(), true));
        assert_eq!(new[1], ("तीन।".to_string(), true));
        assert_eq!(placed.blocks[2].len(), 1, "{:?}", placed.blocks);
    }
}
