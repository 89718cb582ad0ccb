//! Numbers in a suggestion made to fit the text being translated: when an earlier source
//! block matches the new one but for its numbers, each number of the earlier translation
//! that stands for a number of the earlier source is replaced by the new source's number in
//! the same place, written as the translation wrote it (its digits, its grouping). Numbers
//! are read as translation QA reads them ([`crate::qa::numbers`]). Pure.

use crate::qa::numbers::{FoundNumber, group, numbers};

/// `translation` (of `matched`) with its numbers replaced by those of `new` where they
/// stand for `matched`'s; `None` when nothing needed replacing or the numbers cannot be
/// paired (the two sources do not have as many numbers).
pub(crate) fn adapt(matched: &str, new: &str, translation: &str) -> Option<String> {
    let (old_numbers, new_numbers) = (numbers(matched), numbers(new));
    if old_numbers.len() != new_numbers.len()
        || old_numbers.iter().zip(&new_numbers).all(|(a, b)| a.canonical == b.canonical)
    {
        return None;
    }
    let mut out = String::with_capacity(translation.len());
    let mut at = 0;
    let mut changed = false;
    for found in numbers(translation) {
        // The first number of the earlier source with this value says which place it stands for.
        let Some(place) = old_numbers.iter().position(|n| n.canonical == found.canonical) else { continue };
        let wanted = &new_numbers[place];
        if wanted.canonical == found.canonical {
            continue;
        }
        out.push_str(&translation[at..found.offset]);
        out.push_str(&written_like(&wanted.canonical, &found));
        at = found.offset + found.written.len();
        changed = true;
    }
    out.push_str(&translation[at..]);
    changed.then_some(out)
}

/// A number (canonical: ASCII digits, an optional `.` fraction) written the way `model` is:
/// in Devanagari digits if it is, grouped with commas in Indian (12,34,567) or Western
/// (1,234,567) fashion if it is.
fn written_like(canonical: &str, model: &FoundNumber) -> String {
    let (integer, fraction) = canonical.split_once('.').map_or((canonical, None), |(i, f)| (i, Some(f)));
    let model_integer = model.written.split('.').next().unwrap_or("");
    let groups: Vec<&str> = model_integer.split(',').collect();
    let grouped = match groups.as_slice() {
        [_] => integer.to_string(),
        // A group of two before the last group of three is Indian grouping.
        [.., two, _] if two.chars().count() == 2 => group(integer, true),
        _ => group(integer, false),
    };
    let plain = match fraction {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    };
    if model.written.chars().any(|c| ('\u{0966}'..='\u{096F}').contains(&c)) {
        plain.chars().map(|c| c.to_digit(10).and_then(|d| char::from_u32(0x0966 + d)).unwrap_or(c)).collect()
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_new_source_in_the_translation_s_own_writing() {
        let matched = "बजट में १२,३४,५६७ करोड़ और 25 योजनाएँ।";
        let new = "बजट में 23,45,678 करोड़ और २६ योजनाएँ।";
        assert_eq!(
            adapt(matched, new, "The budget has 1,234,567 crore and 25 schemes.").as_deref(),
            Some("The budget has 2,345,678 crore and 26 schemes.")
        );
        assert_eq!(adapt(matched, new, "बजट: १२,३४,५६७ / 25").as_deref(), Some("बजट: २३,४५,६७८ / 26"));
    }

    #[test]
    fn nothing_is_made_up_when_the_numbers_cannot_be_paired() {
        assert_eq!(adapt("2 और 3", "2 और 3", "2 and 3"), None, "the same numbers");
        assert_eq!(adapt("2 और 3", "4", "2 and 3"), None, "not as many numbers");
        assert_eq!(adapt("in 2019", "in 2020", "im Jahr 2019.5").as_deref(), None, "another number stays");
        assert_eq!(adapt("in 2019", "in 2020", "2019").as_deref(), Some("2020"));
    }
}
