//! Front matter dates: a TOML date or datetime read into the instant it names and the day
//! as written. Pure.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use toml::value::Datetime;

use crate::diagnostic::Diagnostic;
use crate::read::tomlread::Table;

/// A front matter date: the instant it names (midnight UTC for a bare date) and
/// the calendar day as written. Ordered by instant, so offsets compare correctly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct PageDate {
    pub instant: DateTime<FixedOffset>,
    pub day: NaiveDate,
}

impl PageDate {
    /// The instant as RFC 3339 (`2025-06-26T00:00:00Z`), for feeds.
    pub(crate) fn rfc3339(&self) -> String {
        self.instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

/// Reads a date or datetime value of `key` (a bare date is midnight UTC).
pub(crate) fn page_date(d: Datetime, top: &Table, key: &str, diags: &mut Vec<Diagnostic>) -> Option<PageDate> {
    let date = d.date?;
    let Some(day) = NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into()) else {
        diags.push(top.error_at(key, &format!("`{key}` is not a real calendar date")));
        return None;
    };
    let time = d.time.map_or(Some(NaiveTime::MIN), |t| {
        NaiveTime::from_hms_nano_opt(
            t.hour.into(),
            t.minute.into(),
            t.second.unwrap_or(0).into(),
            t.nanosecond.unwrap_or(0),
        )
    });
    let minutes = match d.offset {
        Some(toml::value::Offset::Custom { minutes }) => i32::from(minutes),
        _ => 0,
    };
    let (Some(time), Some(offset)) = (time, FixedOffset::east_opt(minutes * 60)) else {
        diags.push(top.error_at(key, &format!("`{key}` is not a real time of day")));
        return None;
    };
    let instant = day.and_time(time).and_local_timezone(offset).single()?;
    Some(PageDate { instant, day })
}
