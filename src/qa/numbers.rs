//! Finds the numbers in a text and writes them one canonical way, so that
//! `१९,०००`, `۱۹٬۰۰۰`, `19,000` and `19000` compare equal, and so do `12,34,567` and
//! `1,234,567`. Pure.

/// A number found in a text: its canonical form and its byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundNumber {
    pub canonical: String,
    pub offset: usize,
    /// The number as written, for messages.
    pub written: String,
}

/// The first digit (zero) of each script's ten whose numbers are compared: Arabic-Indic,
/// Extended Arabic-Indic (Urdu, Persian), Devanagari, and the other Indic scripts.
const ZEROS: [u32; 11] = [0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66];

/// The value of a digit in ASCII or in one of the scripts of [`ZEROS`].
fn digit(c: char) -> Option<u32> {
    if let Some(d) = c.to_digit(10) {
        return Some(d);
    }
    let code = c as u32;
    ZEROS.iter().find(|&&zero| (zero..zero + 10).contains(&code)).map(|zero| code - zero)
}

/// A thousands separator: the comma, or the Arabic one (U+066C).
fn is_separator(c: char) -> bool {
    matches!(c, ',' | '\u{066C}')
}

/// A decimal point: the full stop, or the Arabic one (U+066B).
fn is_decimal_point(c: char) -> bool {
    matches!(c, '.' | '\u{066B}')
}

/// Every number in `text`: digits in either script, with thousands separators
/// (`,` in Western or Indian grouping) and one decimal point. Leading zeros are
/// dropped so `07` equals `7`; a trailing `.0…` fraction is kept as written.
pub(crate) fn numbers(text: &str) -> Vec<FoundNumber> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        // A digit glued to letters before it (S-400 is fine: '-' separates) still counts.
        if digit(c).is_none() {
            i += 1;
            continue;
        }
        let mut integer = String::new();
        let mut fraction = String::new();
        let mut j = i;
        let mut end = start;
        while j < chars.len() {
            let (pos, ch) = chars[j];
            if let Some(d) = digit(ch) {
                integer.push(char::from_digit(d, 10).unwrap_or('0'));
                end = pos + ch.len_utf8();
                j += 1;
            } else if is_separator(ch)
                && chars.get(j + 1).is_some_and(|(_, n)| digit(*n).is_some())
                && !integer.is_empty()
            {
                j += 1;
            } else {
                break;
            }
        }
        if j < chars.len() && is_decimal_point(chars[j].1) && chars.get(j + 1).is_some_and(|(_, n)| digit(*n).is_some())
        {
            j += 1;
            while j < chars.len() {
                let (pos, ch) = chars[j];
                match digit(ch) {
                    Some(d) => {
                        fraction.push(char::from_digit(d, 10).unwrap_or('0'));
                        end = pos + ch.len_utf8();
                        j += 1;
                    }
                    None => break,
                }
            }
        }
        let trimmed = integer.trim_start_matches('0');
        let integer = if trimmed.is_empty() { "0" } else { trimmed };
        let canonical = if fraction.is_empty() { integer.to_string() } else { format!("{integer}.{fraction}") };
        found.push(FoundNumber { canonical, offset: start, written: text[start..end].to_string() });
        i = j.max(i + 1);
    }
    found
}

/// ASCII digits with a comma every three digits from the right, or three then every two
/// (Indian): how a canonical number is written back in a text's own grouping.
pub(crate) fn group(digits: &str, indian: bool) -> String {
    let mut groups = Vec::new();
    let mut rest = digits;
    let mut size = 3;
    while rest.len() > size {
        let (head, tail) = rest.split_at(rest.len() - size);
        groups.push(tail);
        rest = head;
        if indian {
            size = 2;
        }
    }
    groups.push(rest);
    groups.reverse();
    groups.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(text: &str) -> Vec<String> {
        numbers(text).into_iter().map(|n| n.canonical).collect()
    }

    #[test]
    fn scripts_and_groupings_compare_equal() {
        assert_eq!(canon("१९,०००"), ["19000"]);
        assert_eq!(canon("19,000"), ["19000"]);
        assert_eq!(canon("12,34,567 and 1,234,567"), ["1234567", "1234567"]);
        assert_eq!(canon("२०२५ में 26 लोग"), ["2025", "26"]);
        // Urdu writes Extended Arabic-Indic digits, with the Arabic separators or ASCII ones.
        assert_eq!(canon("۱۹ ہزار کروڑ اور ۲۵٪"), ["19", "25"]);
        assert_eq!(canon("۱۹٬۰۰۰ اور ۲٫۵ اور ١٢"), ["19000", "2.5", "12"]);
        assert_eq!(canon("১২ and ௧௦"), ["12", "10"]);
    }

    #[test]
    fn decimals_percentages_ranges_and_models() {
        assert_eq!(canon("2.5% of 07"), ["2.5", "7"]);
        assert_eq!(canon("25–26 June, S-400, Su-30 MKI"), ["25", "26", "400", "30"]);
        assert_eq!(canon("end of sentence 220. Next"), ["220"]);
        assert_eq!(canon("a list: 1, 2, 3"), ["1", "2", "3"]);
    }

    /// `n` with a separator every three digits (Western) or 3-then-2 (Indian).
    fn grouped(n: u64, indian: bool) -> String {
        group(&n.to_string(), indian)
    }

    proptest::proptest! {
        #[test]
        fn every_way_of_writing_a_number_is_the_same_number(n in 0u64..10_000_000_000) {
            let devanagari: String =
                grouped(n, true).chars().map(|c| c.to_digit(10).map_or(c, |d| char::from_u32(0x0966 + d).unwrap())).collect();
            let expected = vec![n.to_string()];
            proptest::prop_assert_eq!(canon(&n.to_string()), expected.clone());
            proptest::prop_assert_eq!(canon(&grouped(n, false)), expected.clone());
            proptest::prop_assert_eq!(canon(&grouped(n, true)), expected.clone());
            proptest::prop_assert_eq!(canon(&format!("कुल {devanagari} लोग")), expected);
        }

        #[test]
        fn any_text_yields_numbers_at_char_boundaries(text in "\\PC{0,60}") {
            for n in numbers(&text) {
                proptest::prop_assert!(text.is_char_boundary(n.offset));
            }
        }
    }

    #[test]
    fn offsets_point_at_the_number() {
        let text = "क्रम २६ है";
        let n = &numbers(text)[0];
        assert_eq!(&text[n.offset..], "२६ है");
        assert_eq!(n.written, "२६");
    }
}
