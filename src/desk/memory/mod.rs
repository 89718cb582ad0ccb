//! Translation memory: the site's own earlier translations, block by block, offered for
//! a block being translated. Every current translation is aligned with its source as the
//! side-by-side view aligns them, and each pair of blocks is an entry. A query finds
//! candidates through an index of word pairs (numbers masked, so a block that differs only
//! in its figures is still found), scores them by word-level edit distance, and puts exact
//! matches first; numbers in a suggestion are made the new source's ([`numbers`]). Kept by
//! `serve` and refreshed after each rebuild: only translations whose files changed are
//! aligned again.

mod numbers;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::blocks::body_blocks;
use super::view::DeskSite;
use crate::plan::translation::LangState;
use crate::read::config::Lang;
use crate::read::document::SourceDoc;
use crate::render::aligned::align_blocks;
use crate::text::hash_of;

/// Candidates scored per query, found by the most word pairs in common.
const CANDIDATES: usize = 48;
/// Below this share of the same words (edit distance over words) a block is no suggestion.
const MIN_SIMILARITY: f64 = 0.5;
/// A word pair found in more entries than this says little about any of them; it is not counted.
const COMMON_PAIR: usize = 20_000;

/// One pair of blocks: a source block and its translation.
struct Entry {
    from: Lang,
    to: Lang,
    source: Arc<SourceDoc>,
    source_range: Range<usize>,
    target: Arc<SourceDoc>,
    target_range: Range<usize>,
}

/// A suggestion for a block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Suggestion {
    /// How much of the block is the same, 0–100 (100: the same text).
    pub similarity: u8,
    /// The earlier source block.
    pub source: String,
    /// Its translation, with numbers made the new block's where they differed.
    pub text: String,
    /// Whether numbers were changed to the new block's.
    pub adapted: bool,
    /// The translation it comes from, relative to the site root.
    pub from: String,
}

/// The memory: entries (a removed one leaves a hole until the index is made again) and an
/// index from word pairs to entries.
#[derive(Default)]
pub(crate) struct Memory {
    entries: Vec<Option<Entry>>,
    postings: HashMap<u64, Vec<u32>>,
    /// Per translation file: the key of what its entries were made from, and the entries.
    made_from: HashMap<PathBuf, (u64, Vec<u32>)>,
    holes: usize,
}

impl Memory {
    /// How many pairs of blocks the memory holds.
    pub(crate) fn len(&self) -> usize {
        self.entries.len() - self.holes
    }

    /// Takes in the translations of `desk` as they are now: entries of translations that
    /// changed, went or stopped being current are dropped, and those of new or changed
    /// current ones made. Runs on the calling thread alone (the desk calls it on a thread
    /// of its own, leaving the other cores to requests).
    pub(crate) fn refresh(&mut self, desk: &DeskSite) {
        let pairs: Vec<(Arc<SourceDoc>, Arc<SourceDoc>, u64)> = current_pairs(desk);
        let mut wanted: HashMap<&Path, u64> = HashMap::with_capacity(pairs.len());
        for (_, t, key) in &pairs {
            wanted.insert(t.path.as_path(), *key);
        }
        let gone: Vec<PathBuf> = self
            .made_from
            .iter()
            .filter(|(path, (key, _))| wanted.get(path.as_path()) != Some(key))
            .map(|(path, _)| path.clone())
            .collect();
        for path in gone {
            for id in self.made_from.remove(&path).map(|(_, ids)| ids).unwrap_or_default() {
                self.entries[id as usize] = None;
                self.holes += 1;
            }
        }
        let new: Vec<_> = pairs.into_iter().filter(|(_, t, _)| !self.made_from.contains_key(&t.path)).collect();
        let made = new.into_iter().map(|(s, t, key)| (t.path.clone(), key, entries_of(&s, &t)));
        for (path, key, entries) in made {
            let mut ids = Vec::with_capacity(entries.len());
            for (entry, pairs) in entries {
                let id = self.entries.len() as u32;
                self.entries.push(Some(entry));
                for pair in pairs {
                    self.postings.entry(pair).or_default().push(id);
                }
                ids.push(id);
            }
            self.made_from.insert(path, (key, ids));
        }
        if self.holes > 1024 && self.holes * 2 > self.entries.len() {
            self.reindex();
        }
    }

    /// Makes the index again from the entries still there, closing the holes.
    fn reindex(&mut self) {
        let mut renumbered: HashMap<u32, u32> = HashMap::new();
        let old = std::mem::take(&mut self.entries);
        for (id, entry) in old.into_iter().enumerate() {
            if let Some(entry) = entry {
                renumbered.insert(id as u32, self.entries.len() as u32);
                self.entries.push(Some(entry));
            }
        }
        for ids in self.postings.values_mut() {
            ids.retain_mut(|id| renumbered.get(id).map(|new| *id = *new).is_some());
        }
        self.postings.retain(|_, ids| !ids.is_empty());
        for (_, ids) in self.made_from.values_mut() {
            ids.retain_mut(|id| renumbered.get(id).map(|new| *id = *new).is_some());
        }
        self.holes = 0;
    }

    /// Up to `limit` suggestions for translating `text` from `from` into `to`: the same
    /// text first, then the most similar; none from the translation `exclude` itself.
    pub(crate) fn suggest(&self, from: &Lang, to: &Lang, text: &str, exclude: &Path, limit: usize) -> Vec<Suggestion> {
        let words = words(text);
        let mut hits: HashMap<u32, u32> = HashMap::new();
        for pair in word_pairs(&words) {
            let Some(ids) = self.postings.get(&pair).filter(|ids| ids.len() <= COMMON_PAIR) else { continue };
            for &id in ids {
                *hits.entry(id).or_default() += 1;
            }
        }
        let mut candidates: Vec<(u32, u32)> = hits.into_iter().collect();
        candidates.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let plain: Vec<&str> = text.unicode_words().collect();
        let mut found: Vec<Suggestion> = candidates
            .into_iter()
            .filter_map(|(id, _)| self.entries[id as usize].as_ref())
            .filter(|e| &e.from == from && &e.to == to && e.target.path != exclude)
            .take(CANDIDATES)
            .filter_map(|entry| suggestion(entry, text, &plain))
            .collect();
        found.sort_by(|a, b| b.similarity.cmp(&a.similarity).then_with(|| a.from.cmp(&b.from)));
        let mut seen = std::collections::HashSet::new();
        found.retain(|s| seen.insert(s.text.clone()));
        found.truncate(limit);
        found
    }
}

/// A suggestion from `entry` for `text` (its words `plain`), if it is similar enough.
fn suggestion(entry: &Entry, text: &str, plain: &[&str]) -> Option<Suggestion> {
    let source = &entry.source.text[entry.source_range.clone()];
    let similarity = if source.trim() == text.trim() {
        1.0
    } else {
        let theirs: Vec<&str> = source.unicode_words().collect();
        let longest = plain.len().max(theirs.len()).max(1);
        1.0 - strsim::generic_levenshtein(&plain.to_vec(), &theirs) as f64 / longest as f64
    };
    if similarity < MIN_SIMILARITY {
        return None;
    }
    let translation = &entry.target.text[entry.target_range.clone()];
    let adapted = numbers::adapt(source, text, translation);
    // Only the same text is 100%: a near match rounds down, never up to it.
    let percent = if similarity >= 1.0 { 100 } else { ((similarity * 100.0).floor() as u8).min(99) };
    Some(Suggestion {
        similarity: percent,
        source: source.to_string(),
        adapted: adapted.is_some(),
        text: adapted.unwrap_or_else(|| translation.to_string()),
        from: entry.target.path.to_string_lossy().replace('\\', "/"),
    })
}

/// The current translations of the site with their sources, each with the key of both texts.
fn current_pairs(desk: &DeskSite) -> Vec<(Arc<SourceDoc>, Arc<SourceDoc>, u64)> {
    let site = &desk.site;
    let mut pairs = Vec::new();
    for (set, states) in site.sets.iter().zip(&desk.states) {
        for (language, state) in site.config.languages.iter().zip(states) {
            let Some(&t) = set.members.get(&language.code).filter(|_| *state == LangState::Current) else { continue };
            let translation = &site.docs[t];
            let Some(&s) = translation.front.translation.as_ref().and_then(|m| set.members.get(&m.from)) else {
                continue;
            };
            let source = &site.docs[s];
            let key = hash_of((source.text_hash, translation.text_hash, &source.path));
            pairs.push((Arc::clone(source), Arc::clone(translation), key));
        }
    }
    pairs
}

/// The entries of one translation and its source (with the word pairs each is found by):
/// their blocks aligned, headings with headings.
fn entries_of(source: &Arc<SourceDoc>, target: &Arc<SourceDoc>) -> Vec<(Entry, Vec<u64>)> {
    let blocks = |doc: &SourceDoc| body_blocks(&doc.text, &(doc.body_offset..doc.text.len()));
    let (source_blocks, target_blocks) = (blocks(source), blocks(target));
    let flags = |b: &[super::blocks::Block]| b.iter().map(|b| b.heading).collect::<Vec<_>>();
    let rows = align_blocks(&[flags(&source_blocks), flags(&target_blocks)]);
    rows.into_iter()
        .filter_map(|row| {
            let (s, t) = (&source_blocks[row.blocks[0]?], &target_blocks[row.blocks[1]?]);
            (s.heading == t.heading).then_some(())?;
            let mut pairs = word_pairs(&words(&source.text[s.range.clone()]));
            pairs.sort_unstable();
            pairs.dedup();
            let entry = Entry {
                from: source.lang.clone(),
                to: target.lang.clone(),
                source: Arc::clone(source),
                source_range: s.range.clone(),
                target: Arc::clone(target),
                target_range: t.range.clone(),
            };
            Some((entry, pairs))
        })
        .collect()
}

/// The words of a text as the index knows them, hashed: lower case, every number the same word.
fn words(text: &str) -> Vec<u64> {
    use std::hash::Hasher;
    text.unicode_words()
        .map(|w| {
            let mut hasher = ahash::AHasher::default();
            if w.chars().any(char::is_numeric) {
                hasher.write_u8(b'#');
            } else {
                w.chars().flat_map(char::to_lowercase).for_each(|c| hasher.write_u32(c as u32));
            }
            hasher.finish()
        })
        .collect()
}

/// The hashes of each two neighbouring words (a one-word text: the word).
fn word_pairs(words: &[u64]) -> Vec<u64> {
    match words {
        [] => Vec::new(),
        [one] => vec![*one],
        _ => words.windows(2).map(|w| hash_of((w[0], w[1]))).collect(),
    }
}
