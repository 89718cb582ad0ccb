//! Finds the tokens a line must not break inside: a hyphen or dash joining letters and
//! digits (`S-400`, `Su-30MKI`, `एस-400`, `2025–26`, `COVID-19`), where a browser would
//! otherwise break after the hyphen and leave `S-` at the end of a line. Pure.

use std::ops::Range;

/// Longer tokens may break: a URL or a long compound must never push a narrow column sideways.
const MAX_TOKEN_CHARS: usize = 24;

/// Characters that join the parts of a token.
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}')
}

/// Letters, digits and combining marks (a Devanagari vowel sign is part of its word).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{0300}'..='\u{036F}' | '\u{0900}'..='\u{097F}' | '\u{0600}'..='\u{06FF}')
}

/// The byte ranges of `text` that should be kept on one line, in order.
pub fn unbreakable(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i <= chars.len() {
        let word = chars.get(i).is_some_and(|&(_, c)| is_word_char(c) || is_joiner(c));
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                if let Some(range) = token_range(&chars, from, i, text.len()) {
                    found.push(range);
                }
                start = None;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// The run `chars[from..to]` (trimmed of joiners at its ends) as a byte range, when a
/// joiner in it stands between word characters with a digit on either side.
fn token_range(chars: &[(usize, char)], from: usize, to: usize, len: usize) -> Option<Range<usize>> {
    let (mut from, mut to) = (from, to);
    while from < to && is_joiner(chars[from].1) {
        from += 1;
    }
    while to > from && is_joiner(chars[to - 1].1) {
        to -= 1;
    }
    if to - from > MAX_TOKEN_CHARS {
        return None;
    }
    let run = &chars[from..to];
    let parts: Vec<&[(usize, char)]> = run.split(|&(_, c)| is_joiner(c)).collect();
    let joined = parts.windows(2).any(|pair| {
        let digit = |p: &[(usize, char)]| p.iter().any(|&(_, c)| c.is_numeric());
        !pair[0].is_empty() && !pair[1].is_empty() && (digit(pair[0]) || digit(pair[1]))
    });
    joined.then(|| chars[from].0..chars.get(to).map_or(len, |&(at, _)| at))
}

#[cfg(test)]
mod tests {
    use super::unbreakable;

    fn tokens(text: &str) -> Vec<&str> {
        unbreakable(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn joined_letters_and_digits_stay_together() {
        assert_eq!(tokens("India's S-400 and Su-30MKI upgrades"), ["S-400", "Su-30MKI"]);
        assert_eq!(tokens("एस-400 की आपूर्ति, 25–26 जून"), ["एस-400", "25–26"]);
        assert_eq!(tokens("(COVID-19)"), ["COVID-19"]);
        assert_eq!(tokens("well-known India–Russia ties - again"), Vec::<&str>::new());
        assert_eq!(tokens("a-1-b-2-c-3-d-4-e-5-f-6-g-7-h-8"), Vec::<&str>::new(), "too long to keep whole");
        assert_eq!(tokens("-400 and F-16-"), ["F-16"]);
    }
}
