//! Writes dates, numbers and reading times the way a language's readers expect:
//! localized month names (chrono's CLDR/glibc data) and Devanagari digits where
//! configured. Pure.

use chrono::{DateTime, FixedOffset, Locale, NaiveDate};

use crate::read::config::{Digits, Language};

/// The glibc locale whose month names a language uses.
fn chrono_locale(code: &str) -> Locale {
    let primary = code.split('-').next().unwrap_or(code);
    let region = code.split('-').nth(1).filter(|r| r.len() == 2);
    let candidates = [
        region.map(|r| format!("{primary}_{}", r.to_ascii_uppercase())),
        match primary {
            "ne" => Some("ne_NP".to_string()),
            "hi" | "en" | "bn" | "mr" | "gu" | "pa" | "ta" | "te" | "kn" | "ml" | "or" | "as" => {
                Some(format!("{primary}_IN"))
            }
            "ur" => Some("ur_PK".to_string()),
            "ar" => Some("ar_SA".to_string()),
            _ => None,
        },
        Some(format!("{primary}_{}", primary.to_ascii_uppercase())),
    ];
    candidates.into_iter().flatten().find_map(|c| Locale::try_from(c.as_str()).ok()).unwrap_or(Locale::POSIX)
}

/// Rewrites ASCII digits in the language's configured digit system.
pub(crate) fn digits(text: &str, language: &Language) -> String {
    digits_in(text, language.digits)
}

/// Rewrites ASCII digits in the digit system `system`.
fn digits_in(text: &str, system: Digits) -> String {
    match system {
        Digits::Latin => text.to_string(),
        Digits::Devanagari => text
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() => char::from_u32(0x0966 + d).unwrap_or(c),
                _ => c,
            })
            .collect(),
    }
}

/// A date as readers of the language write it: `26 जून 2025`, `26 June 2025`.
pub(crate) fn format_date(day: NaiveDate, language: &Language) -> String {
    let text = day.format_localized("%-d %B %Y", chrono_locale(language.code.as_str())).to_string();
    digits(&text, language)
}

/// A moment as readers of the language `code` write it, in the time zone it was given
/// in: `26 जून 2025, 09:30 (UTC+05:30)`.
pub(crate) fn format_moment(at: DateTime<FixedOffset>, code: &str, system: Digits) -> String {
    digits_in(&at.format_localized("%-d %B %Y, %H:%M (UTC%:z)", chrono_locale(code)).to_string(), system)
}

/// Minutes to read `words` at the language's speed; never less than one.
pub(crate) fn reading_minutes(words: usize, language: &Language) -> usize {
    words.div_ceil(language.words_per_minute.max(1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::config::{Direction, parse};
    use std::path::Path;

    fn language(code: &str, digits: Digits) -> Language {
        let config = parse(Path::new("/"), &format!("base_url = \"https://x.org\"\n[languages.{code}]\n")).unwrap();
        Language { digits, direction: Direction::Ltr, ..config.languages[0].clone() }
    }

    #[test]
    fn hindi_dates_use_hindi_months() {
        let day = NaiveDate::from_ymd_opt(2025, 6, 26).unwrap();
        assert_eq!(format_date(day, &language("hi", Digits::Latin)), "26 जून 2025");
        assert_eq!(format_date(day, &language("hi", Digits::Devanagari)), "२६ जून २०२५");
        assert_eq!(format_date(day, &language("en", Digits::Latin)), "26 June 2025");
    }

    #[test]
    fn moments_keep_their_zone_and_take_the_language_s_months_and_digits() {
        let at = DateTime::parse_from_rfc3339("2026-03-05T09:30:00+05:30").unwrap();
        assert_eq!(format_moment(at, "hi", Digits::Devanagari), "५ मार्च २०२६, ०९:३० (UTC+०५:३०)");
        assert_eq!(format_moment(at, "en", Digits::Latin), "5 March 2026, 09:30 (UTC+05:30)");
        assert!(
            format_moment(at, "ur", Digits::Latin).starts_with("5 مارچ 2026, 09:30"),
            "{}",
            format_moment(at, "ur", Digits::Latin)
        );
    }

    #[test]
    fn reading_time_rounds_up() {
        let en = language("en", Digits::Latin);
        assert_eq!(reading_minutes(0, &en), 1);
        assert_eq!(reading_minutes(201, &en), 2);
    }
}
