//! Reads the front matter a newsroom adds to a briefing: its `[[corrections]]`, each dated,
//! in the order written, and its embargo (`publish_at`). Pure.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::read::dates::{PageDate, page_date};
use crate::read::tomlread::Table;

/// One entry of `[[corrections]]`: what was wrong and when it was put right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Correction {
    pub date: PageDate,
    pub text: String,
    /// Where its `date` value is in the file (findings about it point there).
    pub at: usize,
}

/// A correction as templates see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CorrectionView {
    /// The day as the page's language writes it.
    pub date_display: String,
    /// The instant as RFC 3339, for `<time datetime>`.
    pub date: String,
    pub text: String,
}

const CORRECTION_KEYS: &[&str] = &["date", "text"];

/// Reads `[[corrections]]`: a date and a text each, both required.
pub(crate) fn read_corrections(top: &Table, diags: &mut Vec<Diagnostic>) -> Vec<Correction> {
    top.tables("corrections", diags)
        .iter()
        .filter_map(|c| {
            c.reject_unknown(CORRECTION_KEYS, diags);
            for key in CORRECTION_KEYS {
                if !c.contains(key) {
                    c.missing(key, diags);
                }
            }
            let text = c.string("text", diags);
            if text.as_ref().is_some_and(|t| t.trim().is_empty()) {
                diags.push(c.error_at("text", "a correction's `text` must say what was wrong"));
            }
            let date = c.date("date", diags).and_then(|d| page_date(d, c, "date", diags))?;
            let at = c.offset_of("date")?;
            Some(Correction { date, text: text.filter(|t| !t.trim().is_empty())?, at })
        })
        .collect()
}

/// Reads `publish_at`: a moment, so a datetime with its offset. A date alone or a datetime
/// without offset is refused: the moment a story may go out cannot depend on the machine
/// or the time zone that builds it.
pub(crate) fn read_publish_at(top: &Table, diags: &mut Vec<Diagnostic>) -> Option<PageDate> {
    let expected = "a TOML date and time with its offset such as 2025-06-27T06:00:00+05:30 (no quotes)";
    let value = top.date_like("publish_at", expected, diags)?;
    let why = match (value.time, value.offset) {
        (None, _) => Some("a date alone"),
        (Some(_), None) => Some("a time without its offset"),
        (Some(_), Some(_)) => None,
    };
    if let Some(why) = why {
        diags.push(top.error_at(
            "publish_at",
            &format!(
                "`publish_at` is {why}: write the moment with its offset, such as 2025-06-27T06:00:00+05:30, \
                 so that it does not depend on where the site is built"
            ),
        ));
        return None;
    }
    page_date(value, top, "publish_at", diags)
}
