//! Aligns the language versions of a translation set for the side-by-side view:
//! the blocks of every version, section by section, as template values. Made once
//! per set and shared by every language's view of it, then let go. Pure.

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
        let sections: Vec<Vec<Vec<&str>>> = columns.iter().map(|c| split_sections(c.body)).collect();
        let section_count = sections.iter().map(Vec::len).max().unwrap_or(0);
        let mut headings = Vec::new();
        let mut cells: Vec<Vec<tera::Value>> = columns.iter().map(|_| Vec::new()).collect();
        for s in 0..section_count {
            let block_count = sections.iter().map(|v| v.get(s).map_or(0, Vec::len)).max().unwrap_or(0);
            for b in 0..block_count {
                headings.push(b == 0 && columns.iter().any(|c| section_starts_with_heading(c.body, s)));
                for ((column, version), out) in columns.iter().zip(&sections).zip(&mut cells) {
                    let html = version.get(s).and_then(|sec| sec.get(b)).copied().unwrap_or("");
                    let cell = ParallelCell { lang: column.lang, direction: column.direction, html };
                    out.push(tera::Value::from_serializable(&cell));
                }
            }
        }
        AlignedSet { headings, cells }
    }
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

/// Whether section `section` of a body (as split by [`split_sections`]) opens with a heading.
fn section_starts_with_heading(body: &RenderedBody, section: usize) -> bool {
    let headings = body.blocks.iter().filter(|(_, h)| *h).count();
    let intro = body.blocks.first().is_some_and(|(_, h)| !h);
    if intro { section > 0 && section <= headings } else { section < headings }
}

/// A body's blocks grouped into sections, each starting at a heading (the first may be an intro).
fn split_sections(body: &RenderedBody) -> Vec<Vec<&str>> {
    let mut sections: Vec<Vec<&str>> = Vec::new();
    for (i, &(start, heading)) in body.blocks.iter().enumerate() {
        let end = body.blocks.get(i + 1).map_or(body.html.len(), |b| b.0);
        let html = body.html[start..end].trim_end();
        // `<!-- more -->` and other comments are blocks with nothing to read side by side.
        if html.starts_with("<!--") && html.ends_with("-->") {
            continue;
        }
        if heading || sections.is_empty() {
            sections.push(Vec::new());
        }
        if let Some(last) = sections.last_mut() {
            last.push(html);
        }
    }
    sections
}
