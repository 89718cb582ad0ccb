//! Counts words as Unicode word segmentation (UAX #29, unicode-segmentation's
//! `unicode_words`) does, with a fast path for Latin and Devanagari text, which
//! is most of what Patrika reads. Text in other scripts goes to the crate. Pure.

use unicode_segmentation::UnicodeSegmentation;

/// Word_Break classes of the characters the fast path knows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Numeric,
    /// Marks, joiners and soft hyphens: they belong to the character before them.
    Extend,
    MidLetter,
    MidNum,
    MidNumLet,
    ExtendNumLet,
    Newline,
    Other,
}

/// The class of a character, and whether it is alphanumeric (vowel signs are; virama,
/// nukta, stress marks and joiners are not); `None` outside the fast path's scripts.
/// ASCII and the Devanagari block are looked up in tables made from [`class`], which a
/// chain of range tests made a tenth of a build's time at 10,000 pairs.
fn class_of(c: char) -> Option<(Class, bool)> {
    let code = c as u32;
    match code {
        0..0x80 => ASCII[code as usize],
        0x900..0x980 => DEVANAGARI[(code - 0x900) as usize],
        _ => class(c),
    }
}

const ASCII: [Option<(Class, bool)>; 128] = table(0);
const DEVANAGARI: [Option<(Class, bool)>; 128] = table(0x900);

/// [`class`] of the 128 characters from `first` on.
const fn table(first: u32) -> [Option<(Class, bool)>; 128] {
    let mut classes = [None; 128];
    let mut i = 0;
    while i < 128 {
        classes[i] = match char::from_u32(first + i as u32) {
            Some(c) => class(c),
            None => None,
        };
        i += 1;
    }
    classes
}

const fn class(c: char) -> Option<(Class, bool)> {
    use Class::*;
    Some(match c {
        'a'..='z' | 'A'..='Z' => (Letter, true),
        '0'..='9' => (Numeric, true),
        '_' => (ExtendNumLet, false),
        ':' => (MidLetter, false),
        ',' | ';' => (MidNum, false),
        '.' | '\'' | '\u{2018}' | '\u{2019}' => (MidNumLet, false),
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' => (Newline, false),
        '\0'..='\u{7f}' => (Other, false),
        '\u{345}' => (Extend, true),
        '\u{ad}' | '\u{200c}' | '\u{200d}' | '\u{0300}'..='\u{036f}' => (Extend, false),
        '\u{b7}' => (MidLetter, false),
        '\u{aa}' | '\u{b5}' | '\u{ba}' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{24f}' => {
            (Letter, true)
        }
        '\u{a0}'..='\u{bf}' | '\u{d7}' | '\u{f7}' => (Other, false),
        '\u{2013}' | '\u{2014}' | '\u{201c}' | '\u{201d}' | '\u{2026}' => (Other, false),
        '\u{093c}' | '\u{094d}' | '\u{0951}'..='\u{0954}' => (Extend, false),
        '\u{0900}'..='\u{0903}' | '\u{093a}' | '\u{093b}' | '\u{093e}'..='\u{094f}' => (Extend, true),
        '\u{0955}'..='\u{0957}' | '\u{0962}' | '\u{0963}' => (Extend, true),
        '\u{0964}' | '\u{0965}' | '\u{0970}' => (Other, false),
        '\u{0966}'..='\u{096f}' => (Numeric, true),
        '\u{0904}'..='\u{097f}' => (Letter, true),
        _ => return None,
    })
}

/// The number of words in `text`, equal to `text.unicode_words().count()`.
pub(crate) fn count(text: &str) -> usize {
    fast_count(text).unwrap_or_else(|| text.unicode_words().count())
}

/// Counts words in one pass over a stream of (class, alphanumeric) characters.
#[derive(Default)]
struct Counter {
    words: usize,
    /// The word being read: the class of its last character, and whether it has an alphanumeric one.
    word: Option<(Class, bool)>,
    /// A middle character (`.`, `'`, `,`, `:`) after the word, waiting to see what follows.
    middle: Option<(Class, bool)>,
}

fn is_word(k: Class) -> bool {
    matches!(k, Class::Letter | Class::Numeric | Class::ExtendNumLet)
}

/// Whether `middle` joins a word ending in `last` to one starting with `next` (WB6/7, WB11/12).
fn joins(last: Class, middle: Class, next: Class) -> bool {
    use Class::*;
    (last == Letter && next == Letter && matches!(middle, MidLetter | MidNumLet))
        || (last == Numeric && next == Numeric && matches!(middle, MidNum | MidNumLet))
}

impl Counter {
    fn finish_word(&mut self) {
        if let Some((_, alnum)) = self.word.take() {
            self.words += usize::from(alnum);
        }
        if let Some((_, alnum)) = self.middle.take() {
            self.words += usize::from(alnum);
        }
    }

    /// Takes one character, its marks already folded in (rule WB4).
    fn push(&mut self, k: Class, alnum: bool) {
        if let (Some((last, word_alnum)), Some((mid, mid_alnum))) = (self.word, self.middle) {
            if joins(last, mid, k) {
                self.word = Some((k, word_alnum | mid_alnum | alnum));
                self.middle = None;
                return;
            }
            self.finish_word();
        } else if let Some((last, word_alnum)) = self.word {
            if is_word(k) {
                self.word = Some((k, word_alnum | alnum));
                return;
            }
            if matches!(k, Class::MidLetter | Class::MidNum | Class::MidNumLet)
                && matches!(last, Class::Letter | Class::Numeric)
            {
                self.middle = Some((k, alnum));
                return;
            }
            self.finish_word();
        }
        if is_word(k) {
            self.word = Some((k, alnum));
        } else {
            self.words += usize::from(alnum);
        }
    }
}

/// The fast path; `None` when the text has a character it does not know.
fn fast_count(text: &str) -> Option<usize> {
    let mut counter = Counter::default();
    // The character being read, held back until we know no mark follows it.
    let mut current: Option<(Class, bool)> = None;
    for c in text.chars() {
        let (k, alnum) = class_of(c)?;
        match (k, current.as_mut()) {
            // Marks belong to the character before them, except at the start or after a line break.
            (Class::Extend, Some((prev, prev_alnum))) if *prev != Class::Newline => *prev_alnum |= alnum,
            (Class::Extend, _) => {
                if let Some((pk, pa)) = current.take() {
                    counter.push(pk, pa);
                }
                current = Some((Class::Other, alnum));
            }
            _ => {
                if let Some((pk, pa)) = current.take() {
                    counter.push(pk, pa);
                }
                current = Some((k, alnum));
            }
        }
    }
    if let Some((k, alnum)) = current {
        counter.push(k, alnum);
    }
    counter.finish_word();
    Some(counter.words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_hindi_and_english_words() {
        assert_eq!(count("भारत-रूस रक्षा सहयोग को मिली मज़बूती।"), 7);
        assert_eq!(count("India's 19,000 troops, e.g. in J&K: 2.5% more."), 9);
    }

    #[test]
    fn agrees_with_unicode_segmentation() {
        let alphabet: Vec<char> =
            "कखगनर्ािीेोंः़अ०१२।॥ॐॲ a bZ9 .,;:'’‘-_\n\r\u{200c}\u{200d}\u{0301}\u{0345}\u{0900}\u{0951}\u{0955}\u{0962}\u{ad}éµª·\u{a0}—…“".chars().collect();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..100_000 {
            let mut text = String::new();
            for _ in 0..1 + (state % 16) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            assert_eq!(fast_count(&text), Some(text.unicode_words().count()), "{text:?}");
        }
    }

    #[test]
    fn other_scripts_use_the_crate() {
        assert_eq!(fast_count("日本語"), None);
        assert_eq!(count("日本語 text"), "日本語 text".unicode_words().count());
    }
}
