//! Lines two sequences up (paragraphs, or the words of two paragraphs): which items
//! of the old one are kept, unchanged and in order, in the new one. Pure; does no I/O.
//!
//! The `similar` crate does the diff in linear space. Its diff takes time in
//! proportion to the length times the number of differences, so a source whose
//! every paragraph changed would take minutes: items that occur on one side only
//! are set aside first (they can never be kept), which leaves nothing to compare
//! in that case, and a deadline bounds what is left (many kept items, reordered).

use std::collections::HashMap;
use std::hash::Hash;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp};

/// How long one alignment may take before it settles for a diff that is correct but
/// not the smallest; only heavily reordered texts of thousands of paragraphs get near it.
const DEADLINE: Duration = Duration::from_millis(500);

/// The index pairs `(old, new)` of the items kept, both increasing.
pub(crate) fn kept<T: Hash + Eq>(old: &[T], new: &[T]) -> Vec<(usize, usize)> {
    // Each distinct item gets a number; the diff compares numbers, not text.
    let mut ids: HashMap<&T, u32> = HashMap::with_capacity(old.len() + new.len());
    let mut number = |item| {
        let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        *ids.entry(item).or_insert(next)
    };
    let old_ids: Vec<u32> = old.iter().map(&mut number).collect();
    let new_ids: Vec<u32> = new.iter().map(&mut number).collect();
    let mut on_side = vec![(false, false); ids.len()];
    old_ids.iter().for_each(|&id| on_side[id as usize].0 = true);
    new_ids.iter().for_each(|&id| on_side[id as usize].1 = true);
    let on_both = |id: &u32| on_side[*id as usize] == (true, true);
    // The items that could be kept, with where they were in the full sequences.
    let (old_at, old_kept): (Vec<usize>, Vec<u32>) =
        old_ids.iter().enumerate().filter(|(_, id)| on_both(id)).map(|(i, &id)| (i, id)).unzip();
    let (new_at, new_kept): (Vec<usize>, Vec<u32>) =
        new_ids.iter().enumerate().filter(|(_, id)| on_both(id)).map(|(i, &id)| (i, id)).unzip();
    let deadline = Instant::now().checked_add(DEADLINE);
    let ops = similar::capture_diff_slices_deadline(Algorithm::Patience, &old_kept, &new_kept, deadline);
    let mut pairs = Vec::new();
    for op in ops {
        if let DiffOp::Equal { old_index, new_index, len } = op {
            pairs.extend((0..len).map(|k| (old_at[old_index + k], new_at[new_index + k])));
        }
    }
    pairs
}

/// The words of a paragraph, each with whether it differs from the other version.
pub(crate) type MarkedWords<'a> = Vec<(&'a str, bool)>;

/// The words of two versions of a paragraph, each marked `true` when the other
/// version does not have it there (the words to highlight).
pub(crate) fn marked_words<'a>(old: &'a str, new: &'a str) -> (MarkedWords<'a>, MarkedWords<'a>) {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let mut old_marked: Vec<(&str, bool)> = a.iter().map(|w| (*w, true)).collect();
    let mut new_marked: Vec<(&str, bool)> = b.iter().map(|w| (*w, true)).collect();
    for (i, j) in kept(&a, &b) {
        old_marked[i].1 = false;
        new_marked[j].1 = false;
    }
    (old_marked, new_marked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_on_both_sides_are_kept_in_order() {
        assert_eq!(kept(&["a", "b", "c"], &["a", "x", "c"]), [(0, 0), (2, 2)]);
        assert_eq!(kept(&["a", "b", "c"], &["b", "c", "a"]), [(1, 0), (2, 1)]);
        assert_eq!(kept::<&str>(&[], &["a"]), []);
        // A repeated item counts: two of the three items of `new` can be kept, in order.
        let pairs = kept(&["-", "a", "-", "b"], &["-", "b", "-"]);
        assert_eq!(pairs.len(), 2, "{pairs:?}");
        assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1), "{pairs:?}");
    }

    #[test]
    fn twenty_thousand_changed_items_are_lined_up_at_once() {
        let old: Vec<String> = (0..20_000).map(|i| format!("old {i}")).collect();
        let new: Vec<String> = (0..20_000).map(|i| format!("new {i}")).collect();
        assert!(kept(&old, &new).is_empty());
        let mut edited = old.clone();
        edited[10_000] = "changed".into();
        assert_eq!(kept(&old, &edited).len(), 19_999);
    }

    #[test]
    fn only_the_words_that_differ_are_marked() {
        let (old, new) = marked_words("वजह सीधी थी: बयान में", "वजह साफ़ थी: बयान में <b>");
        assert_eq!(old, [("वजह", false), ("सीधी", true), ("थी:", false), ("बयान", false), ("में", false)]);
        assert_eq!(new.iter().filter(|(_, m)| *m).map(|(w, _)| *w).collect::<Vec<_>>(), ["साफ़", "<b>"]);
    }
}
