//! Which briefings each list shows: the home page, every section and every topic
//! of every language, newest first, with fallback entries. Computed once per build.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use crate::plan::site::Site;
use crate::read::config::Lang;

/// One entry of a list: a page, and whether it stands in for a missing translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Item {
    pub page: usize,
    pub not_translated: bool,
}

/// The lists of one language.
#[derive(Debug, Default)]
pub(crate) struct LanguageLists {
    pub home: Vec<Item>,
    pub sections: BTreeMap<String, Vec<Item>>,
    pub topics: BTreeMap<String, Vec<Item>>,
    /// Author key (of `authors.toml`) → what they wrote or translated.
    pub authors: BTreeMap<String, Vec<Item>>,
    /// Related pages found so far, by (topics, limit): pages with the same topics share them.
    related_by_topics: Mutex<RelatedMemo>,
}

/// (unique topics, how many) → the best pages sharing them.
type RelatedMemo = HashMap<(Vec<String>, usize), Arc<[usize]>>;

/// Every list of every language.
#[derive(Debug, Default)]
pub(crate) struct ListIndex {
    pub by_lang: BTreeMap<Lang, LanguageLists>,
    /// Page index → its place in the site, newest first (ties by title).
    pub rank: Vec<usize>,
}

impl ListIndex {
    /// Sorts every briefing into the lists that show it; O(pages × topics per page).
    pub(crate) fn new(site: &Site) -> ListIndex {
        // Rank every page once, newest first (then by title): the lists then sort by a number.
        let mut order: Vec<usize> = (0..site.pages.len()).collect();
        order.sort_by(|&a, &b| {
            let (da, db) = (site.doc(&site.pages[a]), site.doc(&site.pages[b]));
            db.front.date.cmp(&da.front.date).then_with(|| da.front.title.cmp(&db.front.title)).then_with(|| a.cmp(&b))
        });
        let mut rank = vec![0usize; order.len()];
        for (r, &page) in order.iter().enumerate() {
            rank[page] = r;
        }
        let mut by_lang: BTreeMap<Lang, LanguageLists> = BTreeMap::new();
        for language in &site.config.languages {
            let lang = &language.code;
            let mut lists = LanguageLists::default();
            for (set_index, members) in site.set_pages.iter().enumerate() {
                let item = match members.get(lang) {
                    Some(&page) => Item { page, not_translated: false },
                    None if site.config.fallback => {
                        match site.original_page(set_index).or_else(|| members.values().next().copied()) {
                            Some(page) => Item { page, not_translated: true },
                            None => continue,
                        }
                    }
                    None => continue,
                };
                let doc = site.doc(&site.pages[item.page]);
                // Everything a person wrote or translated, plain pages too: every byline can link.
                let people = doc.front.authors.iter().chain(&doc.front.translators);
                let mut keys: Vec<&String> = people.filter(|p| site.config.authors.contains_key(*p)).collect();
                keys.sort();
                keys.dedup();
                for key in keys {
                    push_to(&mut lists.authors, key, item);
                }
                if doc.info.section.is_empty() {
                    continue;
                }
                lists.home.push(item);
                push_to(&mut lists.sections, &doc.info.section, item);
                // A topic named twice in front matter lists the briefing once.
                let mut topics: Vec<&String> = doc.front.topics.iter().collect();
                topics.sort();
                topics.dedup();
                for topic in topics {
                    push_to(&mut lists.topics, topic, item);
                }
            }
            let newest_first = |a: &Item, b: &Item| rank[a.page].cmp(&rank[b.page]);
            lists.home.sort_by(newest_first);
            lists.sections.values_mut().for_each(|v| v.sort_by(newest_first));
            lists.topics.values_mut().for_each(|v| v.sort_by(newest_first));
            lists.authors.values_mut().for_each(|v| v.sort_by(newest_first));
            by_lang.insert(lang.clone(), lists);
        }
        ListIndex { by_lang, rank }
    }

    /// Takes over the related pages the last build (`last`) found in topic lists that are
    /// unchanged: the same pages in the same order, none of them placed anew. `moved` takes a
    /// page of the last build to its index now (`None`: gone); `same_rank` says whether a page
    /// (by its index now) keeps its place among the others in the newest-first order. Merging
    /// those lists again would give the same pages, so their answers are kept, moved.
    pub(crate) fn reuse_related(
        &mut self,
        last: &ListIndex,
        moved: impl Fn(usize) -> Option<usize>,
        same_rank: impl Fn(usize) -> bool,
    ) {
        let same = |old: &[Item], new: &[Item]| {
            old.len() == new.len()
                && old.iter().zip(new).all(|(a, b)| {
                    moved(a.page) == Some(b.page) && a.not_translated == b.not_translated && same_rank(b.page)
                })
        };
        for (lang, lists) in &mut self.by_lang {
            let Some(old) = last.by_lang.get(lang) else { continue };
            let unchanged: std::collections::HashSet<&String> = lists
                .topics
                .iter()
                .filter(|(t, list)| old.topics.get(*t).is_some_and(|o| same(o, list)))
                .map(|(t, _)| t)
                .collect();
            let unchanged =
                |t: &String| unchanged.contains(t) || (!lists.topics.contains_key(t) && !old.topics.contains_key(t));
            let old_memo = old.related_by_topics.lock().unwrap_or_else(|e| e.into_inner());
            let kept = old_memo.iter().filter(|((topics, _), _)| topics.iter().all(unchanged));
            let kept: RelatedMemo = kept
                .filter_map(|(k, v)| {
                    let pages: Option<Vec<usize>> = v.iter().map(|&p| moved(p)).collect();
                    Some((k.clone(), Arc::from(pages?)))
                })
                .collect();
            *lists.related_by_topics.get_mut().unwrap_or_else(|e| e.into_inner()) = kept;
        }
    }

    /// The lists of a language (empty if it has none).
    pub(crate) fn of(&self, lang: &Lang) -> &LanguageLists {
        static EMPTY: std::sync::OnceLock<LanguageLists> = std::sync::OnceLock::new();
        self.by_lang.get(lang).unwrap_or_else(|| EMPTY.get_or_init(LanguageLists::default))
    }
}

/// How far down each topic list (newest first) related briefings are looked for:
/// a bound that keeps a 10,000-briefing site linear, at the cost of ignoring very
/// old briefings when newer ones share as many topics.
const RELATED_WINDOW: usize = 1_000;

impl LanguageLists {
    /// The items of one of these lists (none if there is no such list).
    pub(crate) fn items(&self, list: &super::inputs::ListId) -> &[Item] {
        use super::inputs::ListId;
        match list {
            ListId::Home => &self.home,
            ListId::Section(s) => self.sections.get(s).map_or(&[], Vec::as_slice),
            ListId::Topic(t) => self.topics.get(t).map_or(&[], Vec::as_slice),
            ListId::Author(a) => self.authors.get(a).map_or(&[], Vec::as_slice),
        }
    }

    /// Up to `limit` pages of this language that share the most topics with `page`
    /// (whose topics are `topics`), newest first among equals; never `page` itself,
    /// nor a page shown here only as a fallback from another language.
    pub(crate) fn related(
        &self,
        page: usize,
        topics: &[String],
        rank: impl Fn(usize) -> usize,
        limit: usize,
    ) -> Vec<usize> {
        let mut unique_topics: Vec<String> = topics.to_vec();
        unique_topics.sort();
        unique_topics.dedup();
        // The order of all pages by shared topics does not depend on which page asks, so the
        // best `limit + 1` serve every page with these topics: leaving the page itself out
        // of them leaves the best `limit` of the others.
        let key = (unique_topics, limit);
        let memo = || self.related_by_topics.lock().unwrap_or_else(|e| e.into_inner());
        // Looked up on a line of its own: a guard in the `match` would hold the lock into the arms.
        let found = memo().get(&key).cloned();
        let best = match found {
            Some(best) => best,
            None => {
                let best: Arc<[usize]> = self.best_sharing(&key.0, &rank, limit + 1).into();
                memo().insert(key, Arc::clone(&best));
                best
            }
        };
        best.iter().copied().filter(|&p| p != page).take(limit).collect()
    }

    /// The `limit` pages (not fallbacks) in the most of the lists of `unique_topics`, newest first among equals.
    fn best_sharing(&self, unique_topics: &[String], rank: &impl Fn(usize) -> usize, limit: usize) -> Vec<usize> {
        // Each topic list is newest first (by rank) and names a page at most once, so merging
        // them meets every page once per shared topic, in rank order: its score is how many
        // lists hold it. Per score, the first `limit` pages met are the newest.
        let mut lists: Vec<&[Item]> = unique_topics
            .iter()
            .filter_map(|t| self.topics.get(t.as_str()))
            .map(|list| &list[..list.len().min(RELATED_WINDOW)])
            .collect();
        let most = lists.len();
        let mut by_score: Vec<Vec<usize>> = vec![Vec::new(); most + 1];
        while by_score[most].len() < limit {
            let Some(next) = lists.iter().filter_map(|l| l.first()).map(|i| rank(i.page)).min() else { break };
            let mut score = 0;
            let mut found = None;
            for list in &mut lists {
                if let Some((first, rest)) = list.split_first()
                    && rank(first.page) == next
                {
                    *list = rest;
                    if !first.not_translated {
                        score += 1;
                        found = Some(first.page);
                    }
                }
            }
            if let Some(found) = found
                && by_score[score].len() < limit
            {
                by_score[score].push(found);
            }
        }
        by_score.into_iter().skip(1).rev().flatten().take(limit).collect()
    }
}

/// Appends to the named list, allocating the name only for a new list.
fn push_to(lists: &mut BTreeMap<String, Vec<Item>>, name: &str, item: Item) {
    match lists.get_mut(name) {
        Some(list) => list.push(item),
        None => {
            lists.insert(name.to_string(), vec![item]);
        }
    }
}

/// How many pages `len` items fill at `per_page` each: always at least one.
pub(crate) fn page_count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page.max(1)).max(1)
}

/// The items of page `number` (from 1) of a list of `len` items, `per_page` each.
pub(crate) fn page_range(len: usize, per_page: usize, number: usize) -> std::ops::Range<usize> {
    let per_page = per_page.max(1);
    let start = ((number.max(1) - 1) * per_page).min(len);
    start..(start + per_page).min(len)
}

/// The path of page `n` of a list whose first page is at `base`.
pub(crate) fn page_path(base: &str, n: usize) -> String {
    if n == 1 { base.to_string() } else { format!("{base}page/{n}/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_covers_every_item_once() {
        let pages = |len, per_page| {
            (1..=page_count(len, per_page)).map(|n| (n, page_range(len, per_page, n))).collect::<Vec<_>>()
        };
        assert_eq!(pages(0, 20), vec![(1, 0..0)]);
        assert_eq!(pages(5, 2), vec![(1, 0..2), (2, 2..4), (3, 4..5)]);
        assert_eq!(pages(4, 0), pages(4, 1), "a page holds at least one item");
        assert_eq!(page_path("hi/", 1), "hi/");
        assert_eq!(page_path("hi/", 3), "hi/page/3/");
    }

    /// A language's lists over pages 0..n, each page in the topics `topics_of` names; rank = index.
    fn index_of(topics_of: &[&[&str]]) -> ListIndex {
        let mut lists = LanguageLists::default();
        for (page, topics) in topics_of.iter().enumerate() {
            for topic in *topics {
                push_to(&mut lists.topics, topic, Item { page, not_translated: false });
            }
        }
        let by_lang = BTreeMap::from([(Lang::for_tests("hi"), lists)]);
        ListIndex { by_lang, rank: (0..topics_of.len()).collect() }
    }

    #[test]
    fn related_pages_are_reused_only_from_unchanged_lists_and_ranks() {
        let hi = Lang::for_tests("hi");
        let topics = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let before = index_of(&[&["a", "b"], &["a"], &["b"], &["c"], &["a", "c"]]);
        let rank = |p| p;
        before.of(&hi).related(0, &topics(&["a"]), rank, 3);
        before.of(&hi).related(3, &topics(&["c"]), rank, 3);

        // Page 1 leaves topic `a` for `c`: answers about `a` or `c` must go, those about `b` may stay.
        let mut after = index_of(&[&["a", "b"], &["c"], &["b"], &["c"], &["a", "c"]]);
        let ranks = after.rank.clone();
        after.reuse_related(&before, Some, |p| before.rank.get(p) == ranks.get(p));
        let kept: Vec<Vec<String>> = {
            let memo = after.of(&hi).related_by_topics.lock().unwrap();
            let mut kept: Vec<Vec<String>> = memo.keys().map(|(t, _)| t.clone()).collect();
            kept.sort();
            kept
        };
        assert!(kept.is_empty(), "both answers read a changed list: {kept:?}");
        before.of(&hi).related(2, &topics(&["b"]), rank, 3);
        let mut same = index_of(&[&["a", "b"], &["a"], &["b"], &["c"], &["a", "c"]]);
        let ranks = same.rank.clone();
        same.reuse_related(&before, Some, |p| before.rank.get(p) == ranks.get(p));
        assert_eq!(same.of(&hi).related_by_topics.lock().unwrap().len(), 3, "unchanged lists keep every answer");
        // The same lists merged by other ranks may give other answers: nothing is kept.
        let mut reranked = index_of(&[&["a", "b"], &["a"], &["b"], &["c"], &["a", "c"]]);
        reranked.rank = vec![0, 1, 2, 4, 3];
        let ranks = reranked.rank.clone();
        reranked.reuse_related(&before, Some, |p| before.rank.get(p) == ranks.get(p));
        let memo = reranked.of(&hi).related_by_topics.lock().unwrap();
        assert!(memo.keys().all(|(t, _)| t == &topics(&["b"])), "only `b`, whose pages kept their ranks: {memo:?}");
        drop(memo);
        // And what is kept answers as a fresh merge would.
        let fresh = index_of(&[&["a", "b"], &["a"], &["b"], &["c"], &["a", "c"]]);
        assert_eq!(
            same.of(&hi).related(2, &topics(&["b"]), rank, 3),
            fresh.of(&hi).related(2, &topics(&["b"]), rank, 3)
        );
    }

    /// The scoring `related` replaced: count per page over every list, then sort.
    fn related_by_counting(lists: &LanguageLists, page: usize, topics: &[String], limit: usize) -> Vec<usize> {
        let mut scores: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        let mut unique: Vec<&String> = topics.iter().collect();
        unique.sort();
        unique.dedup();
        for topic in unique {
            let Some(list) = lists.topics.get(topic.as_str()) else { continue };
            for item in list.iter().take(RELATED_WINDOW).filter(|i| !i.not_translated && i.page != page) {
                *scores.entry(item.page).or_default() += 1;
            }
        }
        let mut ranked: Vec<(usize, usize)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked.into_iter().take(limit).map(|(p, _)| p).collect()
    }

    #[test]
    fn related_merge_agrees_with_counting() {
        let names: Vec<String> = (0..5).map(|t| format!("t{t}")).collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n) as usize
        };
        for _ in 0..300 {
            // Pages are their own rank here; each list is newest (lowest) first and names a page once.
            let pages = 1 + next(1_500);
            let mut lists = LanguageLists::default();
            let mut topics_of: Vec<Vec<String>> = Vec::new();
            for page in 0..pages {
                let mut topics: Vec<String> = (0..1 + next(3)).map(|_| names[next(5)].clone()).collect();
                let not_translated = next(10) == 0;
                let mut unique = topics.clone();
                unique.sort();
                unique.dedup();
                for topic in unique {
                    push_to(&mut lists.topics, &topic, Item { page, not_translated });
                }
                topics.push(names[next(5)].clone());
                topics_of.push(topics);
            }
            let page = next(pages as u64);
            let limit = next(5);
            let merged = lists.related(page, &topics_of[page], |p| p, limit);
            assert_eq!(merged, related_by_counting(&lists, page, &topics_of[page], limit));
        }
    }
}
