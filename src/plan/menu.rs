//! Finds the pages of `[[site.menu]]`: each names a top-level plain page by its
//! translation key, linked from every language that has it. Pure.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity};
use crate::plan::translation::TranslationSet;
use crate::read::config::{CONFIG_FILE, Config, Lang};
use crate::read::document::SourceDoc;

/// What finding the menu's pages reads of the planned site.
pub(crate) struct MenuSources<'a> {
    pub config: &'a Config,
    pub docs: &'a [Arc<SourceDoc>],
    pub sets: &'a [TranslationSet],
    /// Set index → language → page index.
    pub set_pages: &'a [BTreeMap<Lang, usize>],
    /// Whether a page, by its path below `content/` without language suffix, is a draft left out.
    pub is_draft: &'a dyn Fn(&str) -> bool,
}

/// One menu entry found: the page's key and its translation set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct MenuPage {
    pub key: String,
    pub set: usize,
}

/// The menu's pages in config order, and a finding for each entry that names no page.
pub(crate) fn plan_menu(site: &MenuSources) -> (Vec<MenuPage>, Vec<Diagnostic>) {
    let mut pages = Vec::new();
    let mut diags = Vec::new();
    for entry in &site.config.site.menu {
        let key = &entry.page;
        let set = site.sets.iter().position(|s| &s.key == key);
        let first_doc = set.and_then(|s| site.sets[s].members.values().next().map(|&d| &site.docs[d]));
        match (set, first_doc) {
            (Some(set), Some(doc)) if doc.info.section.is_empty() => {
                if !site.set_pages[set].is_empty() && !pages.iter().any(|p: &MenuPage| p.set == set) {
                    pages.push(MenuPage { key: key.clone(), set });
                }
            }
            (Some(_), Some(doc)) => diags.push(Diagnostic::error_pos(
                CONFIG_FILE,
                entry.at,
                format!(
                    "`[[site.menu]] page = \"{key}\"` is a briefing of section `{}`; the menu links plain pages \
                     at the top of content/ (About, Contact, Corrections)",
                    doc.info.section
                ),
            )),
            _ if (site.is_draft)(key) => diags.push(Diagnostic {
                severity: Severity::Warning,
                ..Diagnostic::error_pos(
                    CONFIG_FILE,
                    entry.at,
                    format!(
                        "`[[site.menu]] page = \"{key}\"` is a draft, so the menu leaves it out until it is published"
                    ),
                )
            }),
            _ => diags.push(Diagnostic::error_pos(
                CONFIG_FILE,
                entry.at,
                format!(
                    "`[[site.menu]] page = \"{key}\"` names no page: add content/{key}.{}.md (a plain page at the top \
                     of content/), or give a page `translation_key = \"{key}\"`",
                    site.config.default_language
                ),
            )),
        }
    }
    (pages, diags)
}
