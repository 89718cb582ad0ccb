//! Aligns the language versions of a translation set: [`align_blocks`] lines up blocks
//! section by section (the side-by-side view's rows, and the translation desk's), and
//! [`AlignedSet`] makes the view's template values from it, once per set, shared by every
//! language's view of it, then let go. Pure.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::read::config::Direction;
use crate::render::context::ParallelCell;
use crate::render::markdown::RenderedBody;

/// One version of a set as the aligner sees it.
pub(super) struct Column<'a> {
    pub lang: &'a str,
    pub direction: Direction,
    pub body: &'a RenderedBody,
}

/// The aligned rows of a set, in the order of the columns it was made from.
pub(super) struct AlignedSet {
    /// Per row: whether it opens a section with a heading.
    pub headings: Vec<bool>,
    /// Per column, its cell in every row (an empty cell where it has fewer blocks).
    pub cells: Vec<Vec<tera::Value>>,
}

impl AlignedSet {
    /// Splits every version into sections at headings and lines their blocks up.
    pub(super) fn new(columns: &[Column]) -> AlignedSet {
        let blocks: Vec<Vec<(&str, bool)>> = columns.iter().map(|c| readable_blocks(c.body)).collect();
        let flags: Vec<Vec<bool>> = blocks.iter().map(|v| v.iter().map(|(_, h)| *h).collect()).collect();
        let mut headings = Vec::new();
        let mut cells: Vec<Vec<tera::Value>> = columns.iter().map(|_| Vec::new()).collect();
        for row in align_blocks(&flags) {
            headings.push(row.heading);
            for (((column, version), at), out) in columns.iter().zip(&blocks).zip(&row.blocks).zip(&mut cells) {
                let html = at.and_then(|b| version.get(b)).map_or("", |(html, _)| *html);
                let cell = ParallelCell { lang: column.lang, direction: column.direction, html };
                out.push(tera::Value::from_serializable(&cell));
            }
        }
        AlignedSet { headings, cells }
    }
}

/// One row of versions lined up: each version's block in it, if it has one there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AlignedRow {
    /// The row opens a section with a heading (in at least one version).
    pub heading: bool,
    /// Per version, the index of its block in this row.
    pub blocks: Vec<Option<usize>>,
}

/// Lines up several versions of one text, given whether each of their blocks is a
/// heading: each version is split into sections at its headings (the first may be an
/// intro before any heading), and blocks pair by section and place within it. The
/// side-by-side view and the translation desk both align this way.
pub(crate) fn align_blocks(versions: &[Vec<bool>]) -> Vec<AlignedRow> {
    let sections: Vec<Vec<(usize, usize)>> = versions.iter().map(|v| sections_of(v)).collect();
    let section_count = sections.iter().map(Vec::len).max().unwrap_or(0);
    let mut rows = Vec::new();
    for s in 0..section_count {
        let block_count = sections.iter().map(|v| v.get(s).map_or(0, |(_, n)| *n)).max().unwrap_or(0);
        for b in 0..block_count {
            let opens = |(version, secs): (&Vec<bool>, &Vec<(usize, usize)>)| {
                secs.get(s).is_some_and(|&(first, n)| n > 0 && version[first])
            };
            let heading = b == 0 && versions.iter().zip(&sections).any(opens);
            let blocks =
                sections.iter().map(|v| v.get(s).filter(|&&(_, n)| b < n).map(|&(first, _)| first + b)).collect();
            rows.push(AlignedRow { heading, blocks });
        }
    }
    rows
}

/// A version's sections as (first block, number of blocks): a new one at every heading.
fn sections_of(headings: &[bool]) -> Vec<(usize, usize)> {
    let mut sections: Vec<(usize, usize)> = Vec::new();
    for (i, &heading) in headings.iter().enumerate() {
        match sections.last_mut() {
            Some(last) if !heading => last.1 += 1,
            _ => sections.push((i, 1)),
        }
    }
    sections
}

/// Aligned sets of one build, each kept only until every view of its set has taken it:
/// holding them all would keep a second copy of every body's HTML.
#[derive(Default)]
pub(super) struct AlignedSets {
    /// Set index → (views still to come, the alignment).
    open: Mutex<HashMap<usize, (usize, Arc<AlignedSet>)>>,
}

impl AlignedSets {
    /// The alignment of set `set`, which has `views` side-by-side pages, made on first use.
    pub(super) fn take(&self, set: usize, views: usize, make: impl FnOnce() -> AlignedSet) -> Arc<AlignedSet> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((left, aligned)) = open.get_mut(&set) {
            let aligned = Arc::clone(aligned);
            *left -= 1;
            if *left == 0 {
                open.remove(&set);
            }
            return aligned;
        }
        drop(open);
        // Made outside the lock; another view of the same set may make it too, which only costs time.
        let aligned = Arc::new(make());
        if views > 1 {
            let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
            open.entry(set).or_insert_with(|| (views - 1, Arc::clone(&aligned)));
        }
        aligned
    }
}

/// A body's blocks with something to read side by side, each with whether it is a heading:
/// `<!-- more -->` and other comments are left out.
fn readable_blocks(body: &RenderedBody) -> Vec<(&str, bool)> {
    let mut blocks = Vec::with_capacity(body.blocks.len());
    for (i, &(start, heading)) in body.blocks.iter().enumerate() {
        let end = body.blocks.get(i + 1).map_or(body.html.len(), |b| b.0);
        let html = body.html[start..end].trim_end();
        if html.starts_with("<!--") && html.ends_with("-->") {
            continue;
        }
        blocks.push((html, heading));
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(versions: &[&[bool]]) -> Vec<(bool, Vec<Option<usize>>)> {
        let versions: Vec<Vec<bool>> = versions.iter().map(|v| v.to_vec()).collect();
        align_blocks(&versions).into_iter().map(|r| (r.heading, r.blocks)).collect()
    }

    #[test]
    fn blocks_pair_within_sections_and_gaps_stay_empty() {
        // An intro of two blocks against one, then a heading and one block each.
        let got = rows(&[&[false, false, true, false], &[false, true, false]]);
        assert_eq!(
            got,
            [
                (false, vec![Some(0), Some(0)]),
                (false, vec![Some(1), None]),
                (true, vec![Some(2), Some(1)]),
                (false, vec![Some(3), Some(2)]),
            ]
        );
        assert_eq!(rows(&[&[], &[true]]), [(true, vec![None, Some(0)])]);
    }
}
