//! Reads the `[site]` table of `config.toml`: the logo the masthead and favicons are
//! made from, and the plain pages every page links to (`[[site.menu]]`). Checks their
//! shape only; whether the files and pages exist is found by the stages that use them.

use crate::diagnostic::{Diagnostic, Position};
use crate::read::tomlread::Table;

/// A file of the site named in a TOML file, with where it was named.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct NamedFile {
    /// The path as written, relative to the site root (`static/logo.svg`).
    pub rel: String,
    /// The TOML file that names it (`config.toml`, `authors.toml`).
    pub named_in: &'static str,
    /// Where its value is in that file.
    pub at: Position,
}

/// One `[[site.menu]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct MenuEntry {
    /// The translation key of a top-level plain page (`about`).
    pub page: String,
    pub at: Position,
}

/// `[site]`: the site's brand and menu.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct SiteSettings {
    pub logo: Option<NamedFile>,
    pub menu: Vec<MenuEntry>,
}

const SITE_KEYS: &[&str] = &["logo", "menu"];
const MENU_KEYS: &[&str] = &["page"];

/// Reads `[site]` from the top-level table of `file` (`config.toml`).
pub(crate) fn read_site(top: &Table, file: &'static str, diags: &mut Vec<Diagnostic>) -> SiteSettings {
    let Some(site) = top.table("site", diags) else { return SiteSettings::default() };
    site.reject_unknown(SITE_KEYS, diags);
    let logo = site.string("logo", diags).and_then(|rel| {
        let problem = path_problem(&rel);
        if let Some(problem) = problem {
            diags.push(site.error_at("logo", &format!("`site.logo` {problem}")));
            return None;
        }
        Some(NamedFile { rel, named_in: file, at: site.position_of("logo") })
    });
    let mut menu = Vec::new();
    for entry in site.tables("menu", diags) {
        entry.reject_unknown(MENU_KEYS, diags);
        match entry.string("page", diags) {
            Some(page) if !page.trim().is_empty() => {
                menu.push(MenuEntry { page: page.trim().trim_matches('/').to_string(), at: entry.position_of("page") })
            }
            Some(_) => diags.push(entry.error_at("page", "`page` names a top-level page, such as \"about\"")),
            None if !entry.contains("page") => entry.missing("page", diags),
            None => {}
        }
    }
    SiteSettings { logo, menu }
}

/// Why a path written in a TOML file cannot name a file of the site, if it cannot.
pub(crate) fn path_problem(rel: &str) -> Option<&'static str> {
    let path = std::path::Path::new(rel);
    if rel.trim().is_empty() {
        Some("is empty: give a path relative to the site folder, such as \"static/logo.svg\"")
    } else if path.is_absolute() || rel.starts_with(['/', '\\']) {
        Some("must be a path relative to the site folder, such as \"static/logo.svg\", not an absolute path")
    } else if path.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
        Some("must name a file inside the site folder (no `..`)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::path_problem;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(path_problem("static/logo.svg"), None);
        assert!(path_problem("/etc/passwd").is_some());
        assert!(path_problem("../x.png").is_some());
        assert!(path_problem(" ").is_some());
    }
}
