//! Link resolution: what a link in Markdown points at once the site is planned
//! (a page in the reader's language, its original, or nothing). Pure.

use crate::plan::bundles::{Placed, Variant};
use crate::plan::site::Site;
use crate::read::identity::linked_stem_path;

/// What a link destination turned out to be.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum LinkTarget {
    /// Not a link to a content file: left as written.
    External,
    /// A content file, now pointing at its page.
    Page { url: String, hreflang: Option<String> },
    /// A content file that does not exist.
    Broken(String),
    /// A bundle file, published as it is at `url`.
    File { url: String },
    /// A bundle image: its WebP variants and its fallback, with URLs in `path`.
    Image { webp: Vec<Variant>, fallback: Variant },
}

/// Whether a link destination names a content file (`x.md`, `../a/x.hi.md#part`, `@/a/x.md`).
pub(crate) fn is_content_link(dest: &str) -> bool {
    let path = dest.split('#').next().unwrap_or("");
    dest.starts_with("@/") || (!dest.contains("://") && !dest.starts_with("mailto:") && path.ends_with(".md"))
}

/// Whether a link destination is a relative path to a file that is not Markdown
/// (`map.jpg`, `../x/communique.pdf`): not a URL, not `/…` (static/), not `#…`.
pub(crate) fn is_file_link(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let scheme = path.split('/').next().is_some_and(|first| first.contains(':'));
    !path.is_empty() && !path.starts_with('/') && !scheme && !is_content_link(dest)
}

impl Site {
    /// Resolves any link written in `from`: a content file, a bundle file, or neither (left as written).
    pub(crate) fn resolve(&self, from: usize, dest: &str) -> LinkTarget {
        if is_content_link(dest) {
            self.resolve_link(from, dest)
        } else if is_file_link(dest) {
            self.resolve_file(from, dest)
        } else {
            LinkTarget::External
        }
    }

    /// Whether a relative link written in `from` names a bundle file that is not published
    /// (refused: a link leading out, a bomb, a clash); its own error says why.
    pub(crate) fn names_refused_file(&self, from: usize, dest: &str) -> bool {
        let path = dest.split(['#', '?']).next().unwrap_or(dest);
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        normalise_path(self.docs[from].info.folder(), &crate::text::normalise(&decoded))
            .is_some_and(|target| matches!(self.assets.get(&target), Some((_, Placed::Refused))))
    }

    /// Resolves a relative link to a file (an image, a PDF) written in `from`: a file of its bundle.
    pub(crate) fn resolve_file(&self, from: usize, dest: &str) -> LinkTarget {
        let doc = &self.docs[from];
        let (path, rest) = dest.split_at(dest.find(['#', '?']).unwrap_or(dest.len()));
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let Some(target) = normalise_path(doc.info.folder(), &crate::text::normalise(&decoded)) else {
            return LinkTarget::Broken(format!("`{dest}` points outside content/"));
        };
        let url = |path: &str| self.url(&encode_path(path));
        match self.assets.get(&target) {
            Some((_, Placed::File { path })) => LinkTarget::File { url: url(path) + rest },
            Some((_, Placed::Image { webp, fallback })) => {
                let with_url = |v: &Variant| Variant { path: url(&v.path), ..v.clone() };
                LinkTarget::Image { webp: webp.iter().map(with_url).collect(), fallback: with_url(fallback) }
            }
            // The file's own error says what is wrong with it; the link is not a second problem.
            Some((_, Placed::Refused)) => LinkTarget::External,
            None if !doc.info.bundle => LinkTarget::Broken(format!(
                "`{dest}`: files beside a one-file briefing are not published; make the briefing a bundle \
                 (content/{}/index.{}.md with its files beside it) or put the file in static/ and link `/…`",
                doc.info.stem_path(),
                doc.lang
            )),
            None => LinkTarget::Broken(format!("`{dest}` is not a file of this bundle (no content/{target})")),
        }
    }

    /// Resolves a content-file link written in `from` (a doc index) for readers of `from`'s language.
    pub(crate) fn resolve_link(&self, from: usize, dest: &str) -> LinkTarget {
        let doc = &self.docs[from];
        let (path_part, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, format!("#{f}")),
            None => (dest, String::new()),
        };
        let target = match path_part.strip_prefix("@/") {
            Some(p) => normalise_path("", p),
            None => normalise_path(doc.info.folder(), path_part),
        };
        let Some(target) = target else {
            return LinkTarget::Broken(format!("link `{dest}` points outside content/"));
        };
        let stem = linked_stem_path(&target, &self.config);
        // `_index` files stand for their section's list page.
        let (dir, file_stem) = stem.rsplit_once('/').unwrap_or(("", &stem));
        if file_stem == "_index" {
            return LinkTarget::Page { url: self.url(&self.section_path(dir, &doc.lang)) + &fragment, hreflang: None };
        }
        let set = match self.by_content_path.get(&target) {
            Some(&d) => self.page_of_doc[d].map(|p| self.pages[p].set),
            // `x.md`, or `x.en.md` written for a file that exists only as `x.hi.md`.
            None => self.by_stem_path.get(&stem).copied(),
        };
        let Some(set) = set else {
            if self.unreadable.contains(&target) || self.unreadable.contains(&stem) {
                return LinkTarget::External;
            }
            if self.drafts.contains(&target) || self.drafts.contains(&stem) {
                return LinkTarget::Broken(format!(
                    "link `{dest}` points at a draft or a page under embargo, which this build does not publish"
                ));
            }
            return LinkTarget::Broken(format!("link `{dest}` points at content/{target}, which does not exist"));
        };
        let members = &self.set_pages[set];
        if let Some(&p) = members.get(&doc.lang) {
            return LinkTarget::Page { url: self.url(&self.pages[p].path) + &fragment, hreflang: None };
        }
        match self.original_page(set).or_else(|| members.values().next().copied()) {
            Some(p) => LinkTarget::Page {
                url: self.url(&self.pages[p].path) + &fragment,
                hreflang: Some(self.pages[p].lang.to_string()),
            },
            None => LinkTarget::Broken(format!("link `{dest}` points at a page that is not published")),
        }
    }
}

/// Percent-encodes what a URL path cannot hold as it is (spaces, `#`, `?`), keeping `/` and letters of any script.
fn encode_path(path: &str) -> String {
    const UNSAFE: &percent_encoding::AsciiSet =
        &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>').add(b'?').add(b'%');
    percent_encoding::utf8_percent_encode(path, UNSAFE).to_string()
}

/// Joins a relative link to the folder it was written in; `None` if it climbs out of content/.
pub(crate) fn normalise_path(base_dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> =
        if link.starts_with('/') { Vec::new() } else { base_dir.split('/').filter(|p| !p.is_empty()).collect() };
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_normalise() {
        assert_eq!(normalise_path("briefings", "x.md").as_deref(), Some("briefings/x.md"));
        assert_eq!(normalise_path("briefings", "../analysis/y.hi.md").as_deref(), Some("analysis/y.hi.md"));
        assert_eq!(normalise_path("", "../../x.md"), None);
    }

    #[test]
    fn file_links_are_relative_paths_that_are_not_markdown() {
        for yes in ["map.jpg", "img/a.png#x", "../b/c.pdf", "नक्शा.jpg", "a%20b.pdf?dl=1"] {
            assert!(is_file_link(yes), "{yes}");
        }
        for no in ["https://x.org/a.jpg", "//cdn/a.jpg", "/static.png", "#top", "mailto:a@b", "x.md", "", "?q"] {
            assert!(!is_file_link(no), "{no}");
        }
    }
}
