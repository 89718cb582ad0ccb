//! Translation QA (README, "QA rules"): compares every translation with its source and
//! reports findings as warnings with a stable rule name. Pure.

mod empty;
mod facts;
mod media;
pub(crate) mod note;
pub mod numbers;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use unicode_segmentation::UnicodeSegmentation;

use crate::diagnostic::{Diagnostic, Rule};
use crate::plan::links::normalise_path;
use crate::plan::site::Site;
use crate::plan::translation::{LangState, state_of};
use crate::read::config::{Config, Lang};
use crate::read::document::SourceDoc;
use crate::read::glossary::{GLOSSARY_FILE, Term, contains};
use crate::read::identity::linked_stem_path;
use crate::text::hash_of;
use facts::{TextFacts, facts};
use numbers::FoundNumber;

/// A paragraph shorter than this many words is never called untranslated (names, figures).
const MIN_WORDS_UNTRANSLATED: usize = 4;

/// Findings per translation, by the hash of everything they were found in, kept between runs
/// (the desk reads the site on every request, and most translations did not change since).
pub(crate) type QaMemo = HashMap<u64, Arc<[Diagnostic]>>;

/// Runs every rule on every translation of the site.
pub(crate) fn check(site: &Site, glossary: &[Term]) -> Vec<Diagnostic> {
    let all: Vec<usize> = (0..site.docs.len()).collect();
    check_docs(site, glossary, &all, &mut QaMemo::default())
}

/// The findings of the documents `docs` (indices into the site's): of each translation
/// among them against its source, and of each one's own text. A translation's findings are
/// taken from `memo` while it, its source, the glossary and the config are unchanged, and
/// this run's are left there (the memo is emptied when it outgrows the site twice over).
pub(crate) fn check_docs(site: &Site, glossary: &[Term], docs: &[usize], memo: &mut QaMemo) -> Vec<Diagnostic> {
    let config = &site.config;
    let wanted: std::collections::HashSet<usize> = docs.iter().copied().collect();
    let pairs: Vec<(&Lang, usize, usize)> = site
        .sets
        .iter()
        .flat_map(|set| {
            set.members.iter().filter(|(_, t)| wanted.contains(t)).filter_map(|(lang, &t)| {
                let meta = site.docs[t].front.translation.as_ref()?;
                Some((lang, set.members.get(&meta.from).copied()?, t))
            })
        })
        .collect();
    // Everything but the two files that a translation's findings are made of, hashed once.
    let shared_key = hash_of((glossary, config.source_hash, &config.base_url));
    if memo.len() > 2 * site.docs.len() + 64 {
        memo.clear();
    }
    let found: Vec<(u64, Arc<[Diagnostic]>)> = pairs
        .par_iter()
        .map(|&(lang, s, t)| {
            let (source, translation) = (&*site.docs[s], &*site.docs[t]);
            let key =
                hash_of((source.text_hash, translation.text_hash, &source.path, &translation.path, shared_key, lang));
            let found =
                memo.get(&key).cloned().unwrap_or_else(|| pair_findings(source, translation, glossary, config).into());
            (key, found)
        })
        .collect();
    let mut findings = Vec::new();
    for (key, found) in found {
        findings.extend(found.iter().cloned());
        memo.insert(key, found);
    }
    let own: Vec<Vec<Diagnostic>> = docs.par_iter().map(|&d| own_findings(&site.docs[d])).collect();
    findings.extend(own.into_iter().flatten());
    findings
}

/// The findings of one file as it may be about to be saved (the desk checks unsaved text):
/// against its source, if it is a translation, and of its own text.
pub(crate) fn file_findings(
    doc: &SourceDoc,
    source: Option<&SourceDoc>,
    glossary: &[Term],
    config: &Config,
) -> Vec<Diagnostic> {
    let mut found = source.map(|s| pair_findings(s, doc, glossary, config)).unwrap_or_default();
    found.extend(own_findings(doc));
    found
}

/// The findings of a file's own text (pictures without alt text, no text at all).
fn own_findings(doc: &SourceDoc) -> Vec<Diagnostic> {
    let allowed = &doc.front.check_allow;
    let own = media::alt(doc).into_iter().chain(empty::empty(doc)).chain(note::leftover(doc));
    own.filter(|d| d.rule.is_none_or(|r| !allowed.contains(&r))).collect()
}

/// Every rule on one translation and its source.
fn pair_findings(source: &SourceDoc, translation: &SourceDoc, glossary: &[Term], config: &Config) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    match state_of(translation, Some(source)) {
        LangState::Stale => found.push(at_field(translation, translation.front.at.source_hash, Rule::Stale, format!(
            "stale translation: {} changed after this was translated; bring it in line, then run `patrika translate --done {}`",
            source.path.display(),
            translation.path.display()
        ))),
        LangState::Untracked => found.push(at_field(translation, translation.front.at.translation, Rule::Untracked, format!(
            "untracked translation: no source_hash, so Patrika cannot tell whether it matches {}; run `patrika translate --done {}`",
            source.path.display(),
            translation.path.display()
        ))),
        _ => {}
    }
    let (sf, tf) = (facts(source), facts(translation));
    found.extend(numbers(source, &sf, translation, &tf));
    found.extend(glossary_terms(glossary, source, translation));
    found.extend(structure(source, &sf, translation, &tf));
    found.extend(links(source, &sf, translation, &tf, config));
    found.extend(sources(source, translation));
    found.extend(corrections(source, translation));
    found.extend(embargo(source, translation));
    found.extend(untranslated(source, &sf, translation, &tf));
    found.extend(media::media(source, translation));
    let allowed = &translation.front.check_allow;
    found.into_iter().filter(|d| d.rule.is_none_or(|r| !allowed.contains(&r))).collect()
}

fn finding(doc: &SourceDoc, offset: usize, rule: Rule, message: String) -> Diagnostic {
    let (line, col) = doc.line_col(offset);
    Diagnostic::warning(&doc.path, line, col, message).with_rule(rule)
}

/// A finding at a front matter field, or at the front matter as a whole when the field is absent.
fn at_field(doc: &SourceDoc, field: Option<usize>, rule: Rule, message: String) -> Diagnostic {
    finding(doc, field.unwrap_or(doc.front.at.front), rule, message)
}

fn place(doc: &SourceDoc, offset: usize) -> String {
    let (line, col) = doc.line_col(offset);
    format!("{}:{line}:{col}", doc.path.display())
}

/// Numbers as multisets: each one missing on either side is a finding.
fn numbers(source: &SourceDoc, sf: &TextFacts, translation: &SourceDoc, tf: &TextFacts) -> Vec<Diagnostic> {
    /// Each number's occurrences, in order: one pass, so that 80,000 numbers are not each
    /// looked for again in all the others.
    fn count(f: &TextFacts) -> BTreeMap<&str, Vec<&FoundNumber>> {
        let mut m: BTreeMap<&str, Vec<&FoundNumber>> = BTreeMap::new();
        for n in &f.numbers {
            m.entry(n.canonical.as_str()).or_default().push(n);
        }
        m
    }
    let (in_source, in_translation) = (count(sf), count(tf));
    let mut out = Vec::new();
    for (number, found) in &in_source {
        let here = in_translation.get(number).map_or(0, Vec::len);
        if here < found.len() {
            out.push(finding(
                translation,
                counterpart(source, sf, translation, tf, found[here].offset),
                Rule::Numbers,
                format!(
                    "number {} appears {} in the source ({}) but {} here",
                    found[0].written,
                    times(found.len()),
                    place(source, found[here].offset),
                    times(here)
                ),
            ));
        }
    }
    for (number, found) in &in_translation {
        let there = in_source.get(number).map_or(0, Vec::len);
        if found.len() > there {
            out.push(finding(
                translation,
                found[there].offset,
                Rule::Numbers,
                format!(
                    "number {} appears {} here but {} in the source {}",
                    found[0].written,
                    times(found.len()),
                    times(there),
                    source.path.display()
                ),
            ));
        }
    }
    out
}

/// "once", "2 times", "0 times".
fn times(n: usize) -> String {
    if n == 1 { "once".to_string() } else { format!("{n} times") }
}

/// Where in the translation to look for what is at `offset` in the source: the same
/// front matter field, else the block (paragraph, heading, list item) in the same place.
fn counterpart(source: &SourceDoc, sf: &TextFacts, translation: &SourceDoc, tf: &TextFacts, offset: usize) -> usize {
    if offset < source.body_offset {
        let (s, t) = (&source.front.at, &translation.front.at);
        let in_summary =
            s.summary.is_some_and(|at| at <= offset && s.title.is_none_or(|title| title < at || offset < title));
        let field = if in_summary { t.summary.or(t.title) } else { t.title };
        return field.unwrap_or(t.front);
    }
    let index = sf.blocks.iter().rposition(|&b| b <= offset).unwrap_or(0);
    tf.blocks.get(index).or(tf.blocks.last()).copied().unwrap_or_else(|| text_start(translation))
}

/// The first character of a body's text: findings about the body as a whole point there,
/// not at the blank line after the front matter.
fn text_start(doc: &SourceDoc) -> usize {
    let body = doc.body();
    doc.body_offset + (body.len() - body.trim_start().len())
}

fn full_text(doc: &SourceDoc) -> String {
    format!("{}\n{}\n{}", doc.front.title, doc.front.summary.as_deref().unwrap_or(""), doc.body())
}

fn glossary_terms(glossary: &[Term], source: &SourceDoc, translation: &SourceDoc) -> Vec<Diagnostic> {
    let (source_text, translated_text) = (full_text(source), full_text(translation));
    let mut out = Vec::new();
    for term in glossary {
        let (Some(from_forms), Some(to_forms)) = (term.forms.get(&source.lang), term.forms.get(&translation.lang))
        else {
            continue;
        };
        let Some(used) = from_forms.iter().find(|f| contains(&source_text, f)) else { continue };
        if to_forms.iter().any(|f| contains(&translated_text, f)) {
            continue;
        }
        out.push(finding(
            translation,
            text_start(translation),
            Rule::Glossary,
            format!(
                "the source uses “{used}” but the translation has no “{}” ({GLOSSARY_FILE}:{})",
                to_forms.join("” or “"),
                term.line
            ),
        ));
    }
    out
}

fn structure(source: &SourceDoc, sf: &TextFacts, translation: &SourceDoc, tf: &TextFacts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (what, here, there) in [("headings", tf.headings, sf.headings), ("list items", tf.list_items, sf.list_items)] {
        if here != there {
            out.push(finding(
                translation,
                text_start(translation),
                Rule::Structure,
                format!("{here} {what} here, {there} in the source {}", source.path.display()),
            ));
        }
    }
    out
}

/// A link as comparable across languages: external URLs as written, content
/// links as the file they name without language suffix and fragment.
fn link_key(doc: &SourceDoc, dest: &str, config: &Config) -> String {
    if !crate::plan::links::is_content_link(dest) {
        return dest.to_string();
    }
    let path = dest.split('#').next().unwrap_or(dest);
    let joined = match path.strip_prefix("@/") {
        Some(p) => normalise_path("", p),
        None => normalise_path(doc.info.folder(), path),
    }
    .unwrap_or_else(|| path.to_string());
    linked_stem_path(&joined, config)
}

fn links(
    source: &SourceDoc,
    sf: &TextFacts,
    translation: &SourceDoc,
    tf: &TextFacts,
    config: &Config,
) -> Vec<Diagnostic> {
    let keys = |doc: &SourceDoc, f: &TextFacts| {
        let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (dest, offset) in &f.links {
            m.entry(link_key(doc, dest, config)).or_default().push(*offset);
        }
        m
    };
    let (in_source, in_translation) = (keys(source, sf), keys(translation, tf));
    let mut out = Vec::new();
    for (key, offsets) in &in_source {
        let here = in_translation.get(key).map_or(0, Vec::len);
        if here < offsets.len() {
            out.push(finding(
                translation,
                text_start(translation),
                Rule::Links,
                format!("the source links to {key} ({}) but the translation does not", place(source, offsets[here])),
            ));
        }
    }
    for (key, offsets) in &in_translation {
        if offsets.len() > in_source.get(key).map_or(0, Vec::len) {
            out.push(finding(
                translation,
                offsets[0],
                Rule::Links,
                format!("link to {key} is not in the source {}", source.path.display()),
            ));
        }
    }
    out
}

fn sources(source: &SourceDoc, translation: &SourceDoc) -> Vec<Diagnostic> {
    let (s, t) = (&source.front.sources, &translation.front.sources);
    let mut out = Vec::new();
    if s.len() != t.len() {
        out.push(at_field(
            translation,
            translation.front.at.sources,
            Rule::Sources,
            format!("{} sources here, {} in the source {}", t.len(), s.len(), source.path.display()),
        ));
    }
    for url in s.iter().map(|x| &x.url).filter(|u| !u.is_empty()) {
        if !t.iter().any(|x| &x.url == url) {
            out.push(at_field(
                translation,
                translation.front.at.sources,
                Rule::Sources,
                format!("the source cites {url}, the translation does not"),
            ));
        }
    }
    out
}

/// Each correction of the source (by its day) that the translation does not carry: readers
/// of the translation would go on reading what the original has put right.
fn corrections(source: &SourceDoc, translation: &SourceDoc) -> Vec<Diagnostic> {
    let carried: Vec<_> = translation.front.corrections.iter().map(|c| c.date.day).collect();
    source
        .front
        .corrections
        .iter()
        .filter(|c| !carried.contains(&c.date.day))
        .map(|c| {
            at_field(
                translation,
                translation.front.corrections.first().map(|c| c.at),
                Rule::Corrections,
                format!(
                    "the source corrected itself on {} ({}) and this translation does not; add a [[corrections]] entry with that date",
                    c.date.day,
                    place(source, c.at)
                ),
            )
        })
        .collect()
}

/// A translation says when it goes out: never before its source (the build holds it with
/// its source), so its own `publish_at` should be its source's or later.
fn embargo(source: &SourceDoc, translation: &SourceDoc) -> Option<Diagnostic> {
    let held_until = source.front.publish_at.as_ref()?;
    // Its own `publish_at`, else its `[translation]` table, where one would add it.
    let at = translation.front.at.publish_at.or(translation.front.at.translation);
    let message = match &translation.front.publish_at {
        Some(own) if own.instant >= held_until.instant => return None,
        Some(own) => format!(
            "this translation's `publish_at` {} is before its source's ({}, at {}), so it is held until its source goes out: give it the same `publish_at` or a later one",
            own.rfc3339(),
            source.path.display(),
            held_until.rfc3339()
        ),
        None => format!(
            "the source {} is under embargo until {} and this translation has no `publish_at`, so it is held with its source: give it the same `publish_at`",
            source.path.display(),
            held_until.rfc3339()
        ),
    };
    Some(at_field(translation, at, Rule::Embargo, message))
}

/// The script a language is written in, where Patrika knows it.
fn expected_script(lang: &str) -> Option<&'static str> {
    Some(match lang.split('-').next().unwrap_or(lang) {
        "hi" | "mr" | "ne" | "sa" | "mai" | "bho" | "kok" | "doi" => "Devanagari",
        "en" | "fr" | "de" | "es" | "it" | "pt" | "nl" | "sv" | "da" | "no" | "nb" | "fi" | "pl" | "cs" | "tr"
        | "id" | "ms" | "sw" | "vi" => "Latin",
        "ur" | "ar" | "fa" | "ps" | "sd" | "ks" => "Arabic",
        "bn" | "as" => "Bengali",
        "pa" => "Gurmukhi",
        "gu" => "Gujarati",
        "or" => "Odia",
        "ta" => "Tamil",
        "te" => "Telugu",
        "kn" => "Kannada",
        "ml" => "Malayalam",
        "ru" | "uk" | "bg" | "sr" => "Cyrillic",
        _ => return None,
    })
}

/// Below this many letters a page is too short to judge by its script.
const MIN_LETTERS_FOR_SCRIPT: usize = 40;

fn untranslated(source: &SourceDoc, sf: &TextFacts, translation: &SourceDoc, tf: &TextFacts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The first source paragraph of each text, so that each translation paragraph is one lookup.
    let mut in_source: HashMap<&str, usize> = HashMap::with_capacity(sf.paragraphs.len());
    for s in &sf.paragraphs {
        in_source.entry(s.text.trim()).or_insert(s.offset);
    }
    for p in &tf.paragraphs {
        let text = p.text.trim();
        if text.unicode_words().count() < MIN_WORDS_UNTRANSLATED {
            continue;
        }
        if let Some(&same) = in_source.get(text) {
            out.push(finding(
                translation,
                p.offset,
                Rule::Untranslated,
                format!("this paragraph is the same as the source's ({}): not translated yet?", place(source, same)),
            ));
        }
    }
    out.extend(wrong_script(source, sf, translation, tf));
    out
}

/// A translation still mostly in another script than its language's, e.g. a fresh scaffold
/// whose Hindi text was never replaced. Languages that share a script (hi, mr) are not judged.
fn wrong_script(source: &SourceDoc, sf: &TextFacts, translation: &SourceDoc, tf: &TextFacts) -> Option<Diagnostic> {
    let script = expected_script(translation.lang.as_str())?;
    let dominant = |f: &TextFacts| f.letters.iter().max_by_key(|(_, n)| **n).map(|(s, _)| *s);
    let source_script = expected_script(source.lang.as_str()).or_else(|| dominant(sf));
    let letters: usize = tf.letters.values().sum();
    if source_script == Some(script) || letters < MIN_LETTERS_FOR_SCRIPT {
        return None;
    }
    let share = tf.letters.get(script).copied().unwrap_or(0) * 100 / letters;
    let other = dominant(tf)?;
    (share < 50 && other != script).then(|| {
        finding(
            translation,
            text_start(translation),
            Rule::Untranslated,
            format!(
                "this `{}` page is mostly in {other} script ({share}% {script}): not translated yet?",
                translation.lang
            ),
        )
    })
}
