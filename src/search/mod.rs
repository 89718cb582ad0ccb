//! Builds the search index (Pagefind, in-process) from the site's own documents: one record
//! per published page, in its language, with its topics as filters. Reads no HTML, writes no files.

use std::collections::BTreeMap;
use std::sync::Arc;

use pagefind::api::{PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::plan::site::{SEARCH_BUNDLE_DIR, SEARCH_TOPIC_FILTER, Site};
use crate::read::config::{Config, Lang};
use crate::render::locale::format_date;
use crate::render::markdown::RenderedBody;

/// One page as the index knows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Record {
    /// Path below the base path with a leading `/` (`/hi/briefings/x/`): Pagefind puts the
    /// folder its script was loaded from in front, so results follow `base_url`'s path.
    pub url: String,
    pub lang: String,
    /// Title, summary, body text and topic names, as plain text.
    pub content: String,
    pub title: String,
    /// The date as the page's language writes it (empty for a page without one).
    pub date: String,
    /// `YYYY-MM-DD`, for sorting (empty without a date).
    pub day: String,
    /// Topic display names in the page's language.
    pub topics: Vec<String>,
}

/// The files of a built index, by path below the output root (`pagefind/…`).
pub(crate) type Bundle = Vec<(String, Arc<[u8]>)>;

/// What the pages' records are made of, for a cache key: each page's place and the hashes
/// of its text and rendered body. The config (topic names, date formats) is keyed apart.
pub(crate) fn record_inputs<'a>(site: &'a Site, bodies: &[Arc<RenderedBody>]) -> Vec<(&'a str, &'a Lang, u64, u64)> {
    site.pages
        .iter()
        .zip(bodies)
        .map(|(plan, body)| (plan.path.as_str(), &plan.lang, site.doc(plan).text_hash, body.fingerprint))
        .collect()
}

/// The full stop of a language's script (a danda for Devanagari, the Urdu full stop).
fn sentence_end(lang: &str) -> &'static str {
    match lang.split('-').next().unwrap_or(lang) {
        "hi" | "mr" | "ne" | "sa" | "mai" | "bho" => "।",
        "ur" => "۔",
        _ => ".",
    }
}

/// Every published page of every language as a record, in the order of the plan.
pub(crate) fn records(site: &Site, bodies: &[Arc<RenderedBody>]) -> Vec<Record> {
    let config = &site.config;
    site.pages
        .iter()
        .zip(bodies)
        .map(|(plan, body)| {
            let front = &site.doc(plan).front;
            let topics: Vec<String> = front.topics.iter().map(|t| topic_name(config, t, &plan.lang)).collect();
            // Without a summary in the front matter, the summary is the body's opening, indexed with it.
            // Every line (title, summary, heading, paragraph, list item) ends as a sentence, so an
            // excerpt that spans two reads as two; topic names close the text as one more.
            let stop = sentence_end(plan.lang.as_str());
            let mut content = String::with_capacity(body.plain.len() + 256);
            let lines = [front.title.as_str()].into_iter().chain(front.summary.as_deref()).chain(body.plain.lines());
            for line in lines.map(str::trim).filter(|l| !l.is_empty()) {
                content.push_str(line);
                if !line.ends_with(['.', '!', '?', '।', '॥', '۔', '؟', ':', ';']) {
                    content.push_str(stop);
                }
                content.push('\n');
            }
            content.push_str(&topics.join(", "));
            let language = config.language(&plan.lang);
            Record {
                url: format!("/{}", plan.path),
                lang: plan.lang.to_string(),
                content,
                title: front.title.clone(),
                date: front.date.as_ref().map(|d| format_date(d.day, language)).unwrap_or_default(),
                day: front.date.as_ref().map(|d| d.day.to_string()).unwrap_or_default(),
                topics,
            }
        })
        .collect()
}

/// A topic's display name in a language: its own, else the default language's, else its key.
fn topic_name(config: &Config, key: &str, lang: &Lang) -> String {
    let names = config.topics.get(key);
    names
        .and_then(|m| m.get(lang).or_else(|| m.get(&config.default_language)))
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

/// Builds the index of `records`: a word index per language, stemmed where Pagefind has a
/// stemmer for the language, with Pagefind's search script beside it.
pub(crate) fn build(records: &[Record]) -> Result<Bundle, String> {
    let mut by_lang: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for record in records {
        by_lang.entry(record.lang.as_str()).or_default().push(record);
    }
    // Pagefind indexes one record after another on one thread, and most of its time goes
    // to compressing the files; languages share nothing but the entry file and the scripts,
    // so each language is indexed on its own thread and the bundles are put together.
    let bundles: Vec<Result<Vec<SyntheticFile>, String>> =
        by_lang.into_values().collect::<Vec<_>>().into_par_iter().map(|records| build_one(&records)).collect();
    let mut files: BTreeMap<String, Arc<[u8]>> = BTreeMap::new();
    let mut entry: Option<serde_json::Value> = None;
    for file in bundles.into_iter().collect::<Result<Vec<_>, _>>()?.into_iter().flatten() {
        let rel = file.filename.to_string_lossy().replace('\\', "/");
        if rel == ENTRY_FILE {
            let this: serde_json::Value =
                serde_json::from_slice(&file.contents).map_err(|e| format!("unreadable {ENTRY_FILE}: {e}"))?;
            match (&mut entry, this["languages"].as_object()) {
                (Some(all), Some(languages)) => {
                    if let Some(all) = all["languages"].as_object_mut() {
                        all.extend(languages.clone());
                    }
                }
                _ => entry = Some(this),
            }
            continue;
        }
        files.insert(format!("{SEARCH_BUNDLE_DIR}/{rel}"), Arc::from(file.contents));
    }
    if let Some(entry) = entry {
        files.insert(format!("{SEARCH_BUNDLE_DIR}/{ENTRY_FILE}"), Arc::from(entry.to_string().into_bytes()));
    }
    Ok(files.into_iter().collect())
}

/// The file that lists the languages of a bundle, with the name of each one's index.
const ENTRY_FILE: &str = "pagefind-entry.json";

/// Indexes the records of one language into a bundle of its own.
fn build_one(records: &[&Record]) -> Result<Vec<SyntheticFile>, String> {
    // Pagefind's API is async and hands work to tokio's blocking pool; a runtime of our own,
    // for this call only, keeps the rest of the pipeline synchronous.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the indexing runtime: {e}"))?;
    runtime.block_on(async {
        let mut index = PagefindIndex::new(Some(PagefindServiceConfig::builder().build()))
            .map_err(|e| format!("cannot start Pagefind: {e}"))?;
        for record in records {
            add(&mut index, record).await.map_err(|e| format!("cannot index {}: {e}", record.url))?;
        }
        index.get_files().await.map_err(|e| format!("cannot build the index: {e}"))
    })
}

async fn add(index: &mut PagefindIndex, record: &Record) -> anyhow::Result<()> {
    let mut meta = BTreeMap::from([("title".to_string(), record.title.clone())]);
    let mut sort = BTreeMap::new();
    if !record.day.is_empty() {
        meta.insert("date".into(), record.date.clone());
        sort.insert("date".into(), record.day.clone());
    }
    let filters = BTreeMap::from([(SEARCH_TOPIC_FILTER.to_string(), record.topics.clone())]);
    let (url, content, lang) = (record.url.clone(), record.content.clone(), record.lang.clone());
    index.add_custom_record(url, content, lang, Some(meta), Some(filters), Some(sort)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(url: &str, lang: &str, content: &str, topics: &[&str]) -> Record {
        Record {
            url: url.into(),
            lang: lang.into(),
            content: content.into(),
            title: content.split('\n').next().unwrap_or_default().into(),
            date: String::new(),
            day: String::new(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn one_bundle_holds_an_index_and_a_stemmer_per_language() {
        let bundle = build(&[
            record("/hi/a/", "hi", "रक्षा मंत्री\nरक्षा मंत्री ने कहा।", &["रक्षा"]),
            record("/en/a/", "en", "Defence minister\nThe minister said.", &["Defence"]),
        ])
        .unwrap();
        let names: Vec<&str> = bundle.iter().map(|(p, _)| p.as_str()).collect();
        for wanted in ["pagefind/pagefind.js", "pagefind/pagefind-entry.json", "pagefind/wasm.hi.pagefind"] {
            assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
        }
        assert!(names.contains(&"pagefind/wasm.en.pagefind"));
        let entry = &bundle.iter().find(|(p, _)| p == "pagefind/pagefind-entry.json").unwrap().1;
        let entry: serde_json::Value = serde_json::from_slice(entry).unwrap();
        let languages = entry["languages"].as_object().unwrap();
        assert_eq!(languages.keys().collect::<Vec<_>>(), ["en", "hi"]);
        assert_eq!(languages["hi"]["page_count"], 1);
    }

    #[test]
    fn the_same_records_give_the_same_files() {
        let records = [record("/en/a/", "en", "Defence\nText.", &[])];
        assert_eq!(build(&records).unwrap(), build(&records).unwrap());
    }
}
