//! Heading anchors: ids that stay readable in any script, unique within a body. Pure.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::HeadingLevel;

/// The number of a heading level (`h2` → 2).
pub(super) fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Makes a heading anchor that stays readable in any script (see [`crate::text::slug`]).
pub(crate) fn anchor_id(title: &str) -> String {
    let id = crate::text::slug(title);
    if id.is_empty() { "section".to_string() } else { id }
}

pub(super) fn unique_id(wanted: &str, ids: &mut UsedIds) -> String {
    // Each wanted id remembers the next suffix to try, so 20,000 equal headings take
    // linear time instead of trying `-1`, `-2`, … again for every one of them.
    let mut n = ids.next_suffix.get(wanted).copied().unwrap_or(0);
    let mut candidate = if n == 0 { wanted.to_string() } else { format!("{wanted}-{n}") };
    while ids.used.contains(&candidate) {
        n += 1;
        candidate = format!("{wanted}-{n}");
    }
    ids.next_suffix.insert(wanted.to_string(), n + 1);
    ids.used.insert(candidate.clone());
    candidate
}

/// Heading ids given out so far in one body.
#[derive(Default)]
pub(super) struct UsedIds {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}
