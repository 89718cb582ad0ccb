//! Builds the search index (Pagefind, in-process) from the site's own documents: one record
//! per published page, in its language, with its topics as filters. Reads no HTML; the parts
//! it made are kept on disk by [`stored`].

pub mod stored;

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::sync::Arc;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::plan::site::{SEARCH_TOPIC_FILTER, Site};
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

/// What the records of `pages` are made of, for a cache key: each page's place and the
/// hashes of its text and rendered body. The config (topic names, date formats) is keyed apart.
pub(crate) fn record_inputs<'a>(
    site: &'a Site,
    bodies: &[Arc<RenderedBody>],
    pages: &[usize],
) -> Vec<(&'a str, &'a Lang, u64, u64)> {
    pages
        .iter()
        .map(|&i| {
            let plan = &site.pages[i];
            (plan.path.as_str(), &plan.lang, site.doc(plan).text_hash, bodies[i].fingerprint)
        })
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

/// The records of `pages` (indexes into the plan), in that order.
pub(crate) fn records(site: &Site, bodies: &[Arc<RenderedBody>], pages: &[usize]) -> Vec<Record> {
    let config = &site.config;
    pages
        .iter()
        .map(|&i| (&site.pages[i], &bodies[i]))
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

/// Builds the index of one part: a word index of its records (all of one language),
/// stemmed where Pagefind has a stemmer for the language, with Pagefind's scripts beside
/// it, every file named below `folder` (`pagefind/hi-2024-03`).
pub(crate) fn build_part(folder: &str, records: &[Record]) -> Result<Bundle, String> {
    // Pagefind's API is async and hands work to tokio's blocking pool; a runtime of our own,
    // for this call only, keeps the rest of the pipeline synchronous.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the indexing runtime: {e}"))?;
    let files = runtime.block_on(async {
        let mut index = PagefindIndex::new(Some(PagefindServiceConfig::builder().build()))
            .map_err(|e| format!("cannot start Pagefind: {e}"))?;
        for record in records {
            add(&mut index, record).await.map_err(|e| format!("cannot index {}: {e}", record.url))?;
        }
        index.get_files().await.map_err(|e| format!("cannot build the index: {e}"))
    })?;
    let mut bundle: Bundle = files
        .into_iter()
        .map(|file| {
            let rel = file.filename.to_string_lossy().replace('\\', "/");
            (format!("{folder}/{rel}"), Arc::from(file.contents))
        })
        .collect();
    bundle.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(bundle)
}

/// Pagefind's id of each page in a part (its fragment's name, what a search result calls
/// `id`), by the page's URL as its record gave it. Read from the part's fragments, which
/// hold the record's URL; a fragment that does not read as one is left out.
pub(crate) fn page_ids(bundle: &Bundle) -> HashMap<String, String> {
    #[derive(serde::Deserialize)]
    struct Fragment {
        url: String,
    }
    let fragments = bundle.iter().filter_map(|(path, bytes)| {
        let name = path.rsplit_once("/fragment/")?.1.strip_suffix(".pf_fragment")?;
        Some((name, bytes))
    });
    let mut ids = HashMap::new();
    for (id, bytes) in fragments {
        let mut json = Vec::new();
        if flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut json).is_err() {
            continue;
        }
        // Pagefind puts a signature in front of what it compresses.
        let json = json.strip_prefix(b"pagefind_dcd").unwrap_or(&json);
        if let Ok(fragment) = serde_json::from_slice::<Fragment>(json) {
            ids.insert(fragment.url, id.to_string());
        }
    }
    ids
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
    fn a_part_holds_its_language_index_and_stemmer_below_its_folder() {
        let bundle = build_part(
            "pagefind/hi-2024-01",
            &[
                record("/hi/a/", "hi", "रक्षा मंत्री\nरक्षा मंत्री ने कहा।", &["रक्षा"]),
                record("/hi/b/", "hi", "मानसून\nबारिश हुई।", &[]),
            ],
        )
        .unwrap();
        let names: Vec<&str> = bundle.iter().map(|(p, _)| p.as_str()).collect();
        for wanted in ["pagefind.js", "pagefind-entry.json", "wasm.hi.pagefind"] {
            assert!(
                names.contains(&format!("pagefind/hi-2024-01/{wanted}").as_str()),
                "{wanted} missing from {names:?}"
            );
        }
        assert!(names.iter().all(|n| n.starts_with("pagefind/hi-2024-01/")), "{names:?}");
        let entry = &bundle.iter().find(|(p, _)| p.ends_with("/pagefind-entry.json")).unwrap().1;
        let entry: serde_json::Value = serde_json::from_slice(entry).unwrap();
        let languages = entry["languages"].as_object().unwrap();
        assert_eq!(languages.keys().collect::<Vec<_>>(), ["hi"]);
        assert_eq!(languages["hi"]["page_count"], 2);
    }

    #[test]
    fn each_page_id_is_the_name_of_its_fragment() {
        let bundle = build_part(
            "pagefind/en-2024-01",
            &[record("/en/a/", "en", "Defence\nText.", &[]), record("/en/b/", "en", "Rain\nMore.", &[])],
        )
        .unwrap();
        let ids = page_ids(&bundle);
        assert_eq!(ids.len(), 2, "{ids:?}");
        for url in ["/en/a/", "/en/b/"] {
            let fragment = format!("pagefind/en-2024-01/fragment/{}.pf_fragment", ids[url]);
            assert!(bundle.iter().any(|(p, _)| *p == fragment), "{fragment} missing");
        }
    }

    #[test]
    fn the_same_records_give_the_same_files() {
        let records = [record("/en/a/", "en", "Defence\nText.", &[])];
        assert_eq!(
            build_part("pagefind/en-undated", &records).unwrap(),
            build_part("pagefind/en-undated", &records).unwrap()
        );
    }
}
