//! Splits each language's pages into the parts its search index is made in: runs of whole
//! months, oldest first, each closed before it would pass the part size. An edit then
//! re-indexes the one part its page is in, and the search page merges the parts it lists.

use crate::plan::site::Site;
use crate::read::config::Lang;

/// Pages of one language whose search index is made, cached and published together.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct SearchPart {
    pub lang: Lang,
    /// The folder below the search folder: the language and the first month it holds
    /// (`hi-2024-03`), or `hi-undated` for pages without a date, which come first.
    pub name: String,
    /// Page indexes, oldest first.
    pub pages: Vec<usize>,
}

/// Every language's parts, in the order of the config's languages, each language's oldest first.
/// A part holds at most `[search] part_size` pages unless one month alone holds more.
pub(crate) fn search_parts(site: &Site) -> Vec<SearchPart> {
    let mut parts = Vec::new();
    for language in &site.config.languages {
        let mut dated: Vec<(String, &str, usize)> = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, page)| page.lang == language.code)
            .map(|(i, page)| (month_of(site, i), page.path.as_str(), i))
            .collect();
        dated.sort_unstable();
        let months: Vec<(String, Vec<usize>)> = dated.chunk_by(|a, b| a.0 == b.0).map(group).collect();
        parts.extend(split(&language.code, months, site.config.search_part_size));
    }
    parts
}

/// `YYYY-MM` of a page's date; empty (sorting first) without one.
fn month_of(site: &Site, page: usize) -> String {
    let front = &site.doc(&site.pages[page]).front;
    front.date.as_ref().map(|d| d.day.format("%Y-%m").to_string()).unwrap_or_default()
}

fn group(month: &[(String, &str, usize)]) -> (String, Vec<usize>) {
    (month[0].0.clone(), month.iter().map(|m| m.2).collect())
}

/// Closes a part before a month that would take it past `size` pages. Months before the
/// one an edit adds a page to keep their parts, so an archive's old parts stay as they are.
fn split(lang: &Lang, months: Vec<(String, Vec<usize>)>, size: usize) -> Vec<SearchPart> {
    let mut parts: Vec<SearchPart> = Vec::new();
    for (month, pages) in months {
        match parts.last_mut() {
            Some(open) if open.pages.len() + pages.len() <= size => open.pages.extend(pages),
            _ => {
                let first = if month.is_empty() { "undated" } else { &month };
                parts.push(SearchPart { lang: lang.clone(), name: format!("{lang}-{first}"), pages });
            }
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(counts: &[(&str, usize)]) -> Vec<(String, Vec<usize>)> {
        let mut next = 0;
        counts
            .iter()
            .map(|(m, n)| {
                let pages = (next..next + n).collect();
                next += n;
                (m.to_string(), pages)
            })
            .collect()
    }

    fn shape(parts: &[SearchPart]) -> Vec<(String, usize)> {
        parts.iter().map(|p| (p.name.clone(), p.pages.len())).collect()
    }

    #[test]
    fn months_fill_a_part_until_the_next_would_pass_its_size() {
        let lang = Lang::for_tests("hi");
        let parts =
            split(&lang, months(&[("", 2), ("2024-01", 5), ("2024-02", 3), ("2024-03", 4), ("2025-01", 1)]), 10);
        assert_eq!(shape(&parts), [("hi-undated".into(), 10), ("hi-2024-03".into(), 5)]);
        assert_eq!(parts[1].pages, [10, 11, 12, 13, 14]);
    }

    #[test]
    fn a_month_larger_than_a_part_is_a_part_of_its_own() {
        let lang = Lang::for_tests("en");
        let parts = split(&lang, months(&[("2024-01", 3), ("2024-02", 25), ("2024-03", 3)]), 10);
        assert_eq!(shape(&parts), [("en-2024-01".into(), 3), ("en-2024-02".into(), 25), ("en-2024-03".into(), 3)]);
    }

    #[test]
    fn a_page_added_to_the_newest_month_leaves_older_parts_alone() {
        let lang = Lang::for_tests("hi");
        let before = split(&lang, months(&[("2024-01", 6), ("2024-02", 4), ("2024-03", 6)]), 10);
        let after = split(&lang, months(&[("2024-01", 6), ("2024-02", 4), ("2024-03", 7)]), 10);
        assert_eq!(before[0], after[0]);
        assert_eq!(shape(&after), [("hi-2024-01".into(), 10), ("hi-2024-03".into(), 7)]);
    }
}
