//! A paragraph-level diff: text split at blank lines, compared as whole
//! paragraphs ([`super::align`]), each edited paragraph shown right after the
//! one it replaced; and the few unchanged ones worth showing beside a change.
//! Pure; does no I/O.

use std::collections::HashMap;

use super::Change;
use super::align::kept;

/// The blank-line-separated blocks of a text, each trimmed, none empty.
pub(crate) fn paragraphs(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(from) = start.take() {
                found.push(text[from..offset].trim());
            }
        } else if start.is_none() {
            start = Some(offset);
        }
        offset += line.len();
    }
    if let Some(from) = start {
        found.push(text[from..].trim());
    }
    found
}

/// The changes that turn `old` into `new`, paragraph by paragraph, in reading order.
///
/// Between two unchanged paragraphs, a paragraph that was edited is shown as its old
/// version (removed) followed at once by its new one (added), as a reader compares
/// them; paragraphs removed or added outright stand alone.
pub(crate) fn diff(old: &str, new: &str) -> Vec<Change> {
    let (old, new) = (paragraphs(old), paragraphs(new));
    let mut changes = Vec::with_capacity(old.len().max(new.len()));
    let (mut i, mut j) = (0, 0);
    for (to_i, to_j) in kept(&old, &new).into_iter().chain([(old.len(), new.len())]) {
        changes.extend(replaced(&old[i..to_i], &new[j..to_j]));
        if to_i < old.len() {
            changes.push(Change::Same(old[to_i].to_string()));
        }
        (i, j) = (to_i + 1, to_j + 1);
    }
    changes
}

/// How far ahead an added paragraph is looked for as the edit of a removed one.
const PARTNER_WINDOW: usize = 8;

/// The changes of a run of removed and added paragraphs between two unchanged ones.
///
/// As many removed as added: each was edited in place, so they pair in order. Otherwise
/// a removed paragraph pairs with a near added one that shares at least half its
/// words; the rest are removed or added on their own, in reading order.
fn replaced(removed: &[&str], added: &[&str]) -> Vec<Change> {
    let mut changes = Vec::with_capacity(removed.len() + added.len());
    if removed.len() == added.len() {
        for (old, new) in removed.iter().zip(added) {
            changes.push(Change::Removed(old.to_string()));
            changes.push(Change::Added(new.to_string()));
        }
        return changes;
    }
    let mut next_added = 0;
    for old in removed {
        let window = next_added..added.len().min(next_added + PARTNER_WINDOW);
        let partner = window.into_iter().find(|&k| shares_most_words(old, added[k]));
        if let Some(k) = partner {
            changes.extend(added[next_added..k].iter().map(|t| Change::Added(t.to_string())));
            next_added = k + 1;
        }
        changes.push(Change::Removed(old.to_string()));
        if let Some(k) = partner {
            changes.push(Change::Added(added[k].to_string()));
        }
    }
    changes.extend(added[next_added..].iter().map(|t| Change::Added(t.to_string())));
    changes
}

/// Whether at least half of the words of two paragraphs (counted over both) are common.
fn shares_most_words(a: &str, b: &str) -> bool {
    let mut counts: HashMap<&str, i32> = HashMap::new();
    let mut total = 0;
    for word in a.split_whitespace() {
        *counts.entry(word).or_default() += 1;
        total += 1;
    }
    let mut common = 0;
    for word in b.split_whitespace() {
        total += 1;
        if let Some(n) = counts.get_mut(word).filter(|n| **n > 0) {
            *n -= 1;
            common += 1;
        }
    }
    total > 0 && 4 * common >= total
}

/// One line of a diff as shown: a paragraph, or a run of unchanged ones left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown<'a> {
    Paragraph(&'a Change),
    /// This many unchanged paragraphs, far from any change.
    Elided(usize),
}

/// The changes with unchanged paragraphs kept only within `context` of a change.
pub(crate) fn with_context(changes: &[Change], context: usize) -> Vec<Shown<'_>> {
    let mut near = vec![false; changes.len()];
    for (i, _) in changes.iter().enumerate().filter(|(_, c)| !matches!(c, Change::Same(_))) {
        let to = (i + context).min(changes.len() - 1);
        near[i.saturating_sub(context)..=to].iter_mut().for_each(|n| *n = true);
    }
    let mut shown = Vec::new();
    let mut hidden = 0;
    for (change, near) in changes.iter().zip(near) {
        if near {
            if hidden > 0 {
                shown.push(Shown::Elided(hidden));
                hidden = 0;
            }
            shown.push(Shown::Paragraph(change));
        } else {
            hidden += 1;
        }
    }
    if hidden > 0 {
        shown.push(Shown::Elided(hidden));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(s: &str) -> Change {
        Change::Same(s.into())
    }
    fn removed(s: &str) -> Change {
        Change::Removed(s.into())
    }
    fn added(s: &str) -> Change {
        Change::Added(s.into())
    }

    #[test]
    fn paragraphs_split_at_blank_lines_and_keep_inner_line_breaks() {
        let text = "\n\nपहला अनुच्छेद\nदूसरी पंक्ति\n  \t\nदूसरा\n\n\n- सूची\n- दो\n";
        assert_eq!(paragraphs(text), ["पहला अनुच्छेद\nदूसरी पंक्ति", "दूसरा", "- सूची\n- दो"]);
        assert!(paragraphs("").is_empty());
        assert!(paragraphs("\n \n").is_empty());
        assert_eq!(paragraphs("one line, no newline"), ["one line, no newline"]);
    }

    #[test]
    fn an_edited_paragraph_is_removed_then_added_between_unchanged_ones() {
        let old = "A\n\nB\n\nC\n";
        let new = "A\n\nB, edited\n\nC\n";
        assert_eq!(diff(old, new), [same("A"), removed("B"), added("B, edited"), same("C")]);
    }

    #[test]
    fn insertions_deletions_and_moves_are_found() {
        assert_eq!(diff("A\n\nC", "A\n\nB\n\nC"), [same("A"), added("B"), same("C")]);
        assert_eq!(diff("A\n\nB\n\nC", "A\n\nC"), [same("A"), removed("B"), same("C")]);
        assert_eq!(diff("", "A"), [added("A")]);
        assert_eq!(diff("A", ""), [removed("A")]);
        // A paragraph moved to the end is one removal and one addition; the rest is kept.
        assert_eq!(diff("A\n\nB\n\nC", "B\n\nC\n\nA"), [removed("A"), same("B"), same("C"), added("A")]);
    }

    #[test]
    fn each_edited_paragraph_is_followed_by_its_new_version() {
        let old = "A\n\nthe rains came early\n\nfarmers are happy\n\nZ";
        let new = "A\n\nthe rains came very early\n\nfarmers are not happy\n\nZ";
        assert_eq!(
            diff(old, new),
            [
                same("A"),
                removed("the rains came early"),
                added("the rains came very early"),
                removed("farmers are happy"),
                added("farmers are not happy"),
                same("Z"),
            ]
        );
        // A paragraph deleted before an edited one: the edit still pairs with its old version.
        let new = "A\n\nfarmers are not happy\n\nZ";
        assert_eq!(
            diff(old, new),
            [
                same("A"),
                removed("the rains came early"),
                removed("farmers are happy"),
                added("farmers are not happy"),
                same("Z")
            ]
        );
    }

    #[test]
    fn identical_texts_are_all_the_same_and_spacing_between_paragraphs_does_not_count() {
        assert_eq!(diff("A\n\nB", "A\n\n\n\nB\n"), [same("A"), same("B")]);
        assert!(diff("", "").is_empty());
    }

    #[test]
    fn unchanged_runs_far_from_a_change_are_counted_not_shown() {
        let changes = [same("a"), same("b"), same("c"), added("d"), same("e"), same("f"), same("g")];
        let shown = with_context(&changes, 1);
        assert_eq!(
            shown,
            [
                Shown::Elided(2),
                Shown::Paragraph(&changes[2]),
                Shown::Paragraph(&changes[3]),
                Shown::Paragraph(&changes[4]),
                Shown::Elided(2)
            ]
        );
        assert!(with_context(&[], 1).is_empty());
    }
}
