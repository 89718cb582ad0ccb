//! The desk's pages, made whole: the list of sets and the editor as `serve` shows them,
//! and the list as one file for `status --format html`.

use std::path::Path;

use super::editor::{self, Unopened};
use super::editor_html;
use super::fonts;
use super::html;
use super::i18n::Ui;
use super::overview::{self, ListQuery};
use super::page::{Frame, Served, page};
use super::service::{ApiError, DeskService, lock};
use super::view::{DeskSite, Links};
use crate::diagnostic::Diagnostic;
use crate::pipeline::{self, BuildOptions};
use crate::qa::QaMemo;
use crate::read::config::Direction;
use crate::read::glossary;
use crate::render::markdown::escape;

/// Where `serve` answers with the desk's script.
pub(crate) const SCRIPT_PATH: &str = "/__patrika/desk/desk.js";

/// The desk's list as one file: every set, links to the published site, the fonts inside.
pub(crate) fn file(root: &Path) -> Result<String, Vec<Diagnostic>> {
    let outcome = pipeline::load(root, &BuildOptions { drafts: true, scheduled: true, ..BuildOptions::default() });
    let Some(loaded) = outcome.value else { return Err(outcome.diagnostics) };
    let mut diagnostics = outcome.diagnostics;
    let terms = glossary::load(&loaded.site.config).unwrap_or_else(|errors| {
        diagnostics.extend(errors);
        Vec::new()
    });
    let desk = DeskSite::new(loaded.site, Links::Published, diagnostics);
    let ui = Ui::choose(desk.config(), None);
    let query = ListQuery { needs_work: false, find: String::new(), page: 1, per_page: None };
    let mut diff = |source: &crate::read::document::SourceDoc, recorded: &str| {
        let current = (source.front.title.as_str(), source.front.summary.as_deref().unwrap_or(""), source.body());
        crate::history::diff_since_translation(root, &source.path, recorded, current).map_err(|e| e.to_string())
    };
    let overview = overview::gather(&desk, query, &terms, &mut QaMemo::default(), &mut diff);
    let main = html::list(&ui, &overview);
    let names: String = overview.languages.iter().map(|(_, name, _)| name.as_str()).collect();
    let fonts = fonts::embedded(desk.config(), &format!("{main}{names}"));
    let frame = Frame {
        ui: &ui,
        name: "desk.title",
        site_title: &ui.site_title,
        languages: &overview.languages,
        fonts: &fonts,
        query: "",
        served: Served::File,
        kind: "list",
    };
    Ok(page(&frame, &main))
}

/// A page saying that the site cannot be read, and why.
fn unreadable(problems: &[Diagnostic]) -> String {
    let ui = Ui::english();
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let main = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<pre>{}</pre>\n",
        ui.span("desk.title"),
        ui.span("desk.cannot_read"),
        escape(&text.join("\n"))
    );
    let frame = Frame {
        ui: &ui,
        name: "desk.title",
        site_title: "",
        languages: &[],
        fonts: "",
        query: "",
        served: Served::Live(SCRIPT_PATH),
        kind: "list",
    };
    page(&frame, &main)
}

impl DeskService {
    /// The list of sets `query` asks for, in the interface language `ui` (else the site's).
    pub(crate) fn list_page(&self, query: ListQuery, ui: Option<&str>) -> String {
        let desk = match self.site() {
            Ok(desk) => desk,
            Err(problems) => return unreadable(&problems),
        };
        let ui = Ui::choose(desk.config(), ui);
        let terms = Self::glossary(&desk);
        let overview = {
            let mut memo = lock(&self.qa);
            overview::gather(&desk, query, &terms, &mut memo, &mut |s, r| self.diff(s, r))
        };
        let main = html::list(&ui, &overview);
        let fonts = fonts::linked(desk.config());
        let mut kept = url::form_urlencoded::Serializer::new(String::new());
        if !overview.query.needs_work {
            kept.append_pair("show", "all");
        }
        if !overview.query.find.is_empty() {
            kept.append_pair("q", &overview.query.find);
        }
        if overview.query.page > 1 {
            kept.append_pair("page", &overview.query.page.to_string());
        }
        let kept = kept.finish();
        let frame = Frame {
            ui: &ui,
            name: "desk.title",
            site_title: &ui.site_title,
            languages: &overview.languages,
            fonts: &fonts,
            query: &kept,
            served: Served::Live(SCRIPT_PATH),
            kind: "list",
        };
        page(&frame, &main)
    }

    /// The translation at `path` beside its source, in the interface language `ui`.
    pub(crate) fn editor_page(&self, path: &str, ui: Option<&str>) -> Result<String, ApiError> {
        let desk = match self.site() {
            Ok(desk) => desk,
            Err(problems) => return Ok(unreadable(&problems)),
        };
        let ui = Ui::choose(desk.config(), ui);
        let found = self.file(path)?;
        let terms = Self::glossary(&desk);
        let opened = editor::open(&desk, &found.path, found.text, found.hash, &terms, &mut |s, r| self.diff(s, r));
        let languages = overview::languages(&desk);
        let tongue = |code: &str| {
            let language = desk.config().lang(code).map(|l| desk.config().language(l));
            let dir = if language.is_some_and(|l| l.direction == Direction::Rtl) { "rtl" } else { "ltr" };
            (code.to_string(), dir, language.map_or_else(|| code.to_string(), |l| l.name.clone()))
        };
        let main = match opened {
            Ok(opened) => {
                let (lang, from) = (tongue(opened.doc.lang.as_str()), tongue(opened.source.lang.as_str()));
                editor_html::editor(&ui, &opened, (&lang.0, lang.1, &lang.2), (&from.0, from.1, &from.2))
            }
            Err(why) => unopened(&ui, path, why),
        };
        let fonts = fonts::linked(desk.config());
        let query = url::form_urlencoded::Serializer::new(String::new()).append_pair("path", path).finish();
        let frame = Frame {
            ui: &ui,
            name: "editor.translation",
            site_title: &ui.site_title,
            languages: &languages,
            fonts: &fonts,
            query: &query,
            served: Served::Live(SCRIPT_PATH),
            kind: "editor",
        };
        Ok(page(&frame, &main))
    }
}

/// Why a file does not open in the editor, said on the page.
fn unopened(ui: &Ui, path: &str, why: Unopened) -> String {
    let (key, problems) = match why {
        Unopened::Original => ("editor.not_translation", Vec::new()),
        Unopened::NoSource => ("editor.no_source", Vec::new()),
        Unopened::Unreadable(problems) => ("rule.error", problems),
    };
    let listed =
        if problems.is_empty() { String::new() } else { editor_html::findings(ui, &editor::problems(problems)) };
    format!(
        "<div class=\"editor\">\n<nav class=\"crumbs\"><a href=\"./{}\">{}</a></nav>\n<h1><code class=\"file\">{}</code></h1>\n<p class=\"notice\">{}</p>\n<ul>{listed}</ul>\n</div>\n",
        escape(&super::page::with_ui("", &ui.code)),
        ui.span("action.all"),
        escape(path),
        ui.span(key),
    )
}
