//! The frame of every desk page: the interface language (`lang`, `dir`) and a switcher
//! between the site's languages, the theme's fonts, the desk's stylesheet, its words for
//! the page's script, and — in `serve` — the script that edits. The desk's own pages never
//! get the live-reload script: the desk's script listens for rebuilds itself, and never
//! reloads a page with unsaved edits.

use std::fmt::Write as _;

use super::i18n::{Ui, tables_json};
use crate::render::markdown::escape;
use crate::render::script_data;

const STYLE: &str = include_str!("desk.css");
/// Switches the page's words to another language without the server (the desk as a file).
const SWITCH_JS: &str = include_str!("switch.js");

/// Where a page is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Served {
    /// By `serve`, with its editing script at this URL.
    Live(&'static str),
    /// As one file, with nothing to fetch.
    File,
}

/// What frames one page.
pub(crate) struct Frame<'a> {
    pub ui: &'a Ui,
    /// The page's name (a key of the desk's words).
    pub name: &'a str,
    pub site_title: &'a str,
    /// The site's languages: code, name, direction.
    pub languages: &'a [(String, String, &'static str)],
    /// `@font-face` rules.
    pub fonts: &'a str,
    /// The page's query without `ui`, kept by the switcher's links (`path=…&page=2`).
    pub query: &'a str,
    pub served: Served,
    /// A value for the page's script (`data-desk` on `<html>`): `list` or `editor`.
    pub kind: &'a str,
}

/// The whole page around `main` (the contents of `<main>`).
pub(crate) fn page(frame: &Frame, main: &str) -> String {
    let ui = frame.ui;
    let mut out = String::with_capacity(main.len() + STYLE.len() + frame.fonts.len() + 16_384);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\" data-desk=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <title>{} · {}</title>\n<style>{}{STYLE}</style>\n</head>\n<body>\n<header class=\"bar\">\n\
         <p class=\"brand\"><a href=\"./{}\">{}</a> <span class=\"site\">{}</span></p>\n",
        escape(&ui.code),
        ui.dir,
        frame.kind,
        escape(&ui.text(frame.name)),
        escape(frame.site_title),
        frame.fonts,
        escape(&with_ui("", &ui.code)),
        ui.span("desk.title"),
        escape(frame.site_title),
    );
    out.push_str(&switcher(frame));
    out.push_str("</header>\n<main>\n");
    out.push_str(main);
    out.push_str("</main>\n");
    let _ = write!(
        out,
        "<script type=\"application/json\" id=\"desk-words\">{}</script>\n<script>{SWITCH_JS}</script>\n",
        script_data(&tables_json())
    );
    if let Served::Live(script) = frame.served {
        let _ = writeln!(out, "<script src=\"{script}\" defer></script>");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Links to this page in each of the site's languages.
fn switcher(frame: &Frame) -> String {
    let mut out = format!(
        "<nav class=\"switch\" aria-label=\"{}\" data-t=\"desk.language\" data-t-attr=\"aria-label\"><ul>",
        escape(&frame.ui.text("desk.language"))
    );
    for (code, name, dir) in frame.languages {
        let current = if *code == frame.ui.code { " aria-current=\"true\"" } else { "" };
        let _ = write!(
            out,
            "<li><a href=\"{}\" lang=\"{}\" dir=\"{dir}\" hreflang=\"{}\" data-ui=\"{}\"{current}>{}</a></li>",
            escape(&with_ui(frame.query, code)),
            escape(code),
            escape(code),
            escape(code),
            escape(name)
        );
    }
    out.push_str("</ul></nav>\n");
    out
}

/// `?{query}&ui={code}`: a link to the same page in another interface language.
pub(crate) fn with_ui(query: &str, code: &str) -> String {
    let ui: String = url::form_urlencoded::Serializer::new(String::new()).append_pair("ui", code).finish();
    if query.is_empty() { format!("?{ui}") } else { format!("?{query}&{ui}") }
}
