//! A paragraph-level diff: text split at blank lines, compared as whole
//! paragraphs with a longest-common-subsequence table. Pure; does no I/O.

use super::Change;

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
/// Where a paragraph was replaced, the removed one comes before the added one,
/// as a reader compares them.
pub(crate) fn diff(old: &str, new: &str) -> Vec<Change> {
    let (old, new) = (paragraphs(old), paragraphs(new));
    let common = common_after(&old, &new);
    let (mut i, mut j) = (0, 0);
    let mut changes = Vec::with_capacity(old.len().max(new.len()));
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            changes.push(Change::Same(old[i].to_string()));
            (i, j) = (i + 1, j + 1);
        } else if j == new.len() || (i < old.len() && common[i + 1][j] >= common[i][j + 1]) {
            changes.push(Change::Removed(old[i].to_string()));
            i += 1;
        } else {
            changes.push(Change::Added(new[j].to_string()));
            j += 1;
        }
    }
    changes
}

/// `table[i][j]`: how many paragraphs `old[i..]` and `new[j..]` have in common, in order.
///
/// Briefings have tens of paragraphs, so the quadratic table stays a few kilobytes.
fn common_after(old: &[&str], new: &[&str]) -> Vec<Vec<u32>> {
    let mut table = vec![vec![0u32; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            table[i][j] = if old[i] == new[j] { table[i + 1][j + 1] + 1 } else { table[i + 1][j].max(table[i][j + 1]) };
        }
    }
    table
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
    fn identical_texts_are_all_the_same_and_spacing_between_paragraphs_does_not_count() {
        assert_eq!(diff("A\n\nB", "A\n\n\n\nB\n"), [same("A"), same("B")]);
        assert!(diff("", "").is_empty());
    }
}
