//! Writes a [`Desk`] as one self-contained HTML page: inline styles, no scripts of
//! its own and nothing fetched, so the same page works in `serve` and as a file.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Cell, Desk, Row};
use crate::diagnostic::Diagnostic;
use crate::history::{Change, Shown, SourceDiff, marked_words, with_context};
use crate::plan::translation::LangState;
use crate::render::markdown::escape;

const STYLE: &str = include_str!("desk.css");

/// The whole page.
pub(crate) fn page(desk: &Desk) -> String {
    let mut out = String::with_capacity(16_384 + desk.rows.len() * 1_024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>Translation desk · {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>Translation desk <span class=\"site\">{}</span></h1>\n{}</header>\n<main>\n",
        escape(&desk.site_title),
        escape(&desk.site_title),
        totals(desk),
    );
    out.push_str("<div class=\"table\">\n<table>\n<thead><tr><th scope=\"col\">Briefing</th>");
    for (code, name, dir) in &desk.languages {
        let _ = write!(out, "<th scope=\"col\" lang=\"{code}\" dir=\"{dir}\">{}</th>", escape(name));
    }
    out.push_str("<th scope=\"col\">Findings</th></tr></thead>\n<tbody>\n");
    for row in &desk.rows {
        write_row(&mut out, desk, row);
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    if !desk.other_findings.is_empty() {
        out.push_str("<section class=\"other\">\n<h2>Other findings</h2>\n");
        out.push_str(&findings(&desk.other_findings));
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// "hi: 4 original · en: 1 stale, 3 current".
fn totals(desk: &Desk) -> String {
    let mut parts = Vec::new();
    for (i, (code, name, dir)) in desk.languages.iter().enumerate() {
        let mut counts: BTreeMap<LangState, usize> = BTreeMap::new();
        for row in &desk.rows {
            if let Some(cell) = row.cells.get(i) {
                *counts.entry(cell.state).or_default() += 1;
            }
        }
        let states: Vec<String> =
            counts.iter().map(|(s, n)| format!("<span class=\"state-{0}\">{n} {0}</span>", s.as_str())).collect();
        parts.push(format!(
            "<li><span lang=\"{code}\" dir=\"{dir}\">{}</span>: {}</li>",
            escape(name),
            states.join(", ")
        ));
    }
    format!("<ul class=\"totals\">{}</ul>\n", parts.join(""))
}

fn write_row(out: &mut String, desk: &Desk, row: &Row) {
    let urgency = row.urgency();
    let original = row.cells.iter().find(|c| c.state == LangState::Original).map_or("", |c| c.lang.as_str());
    let _ = write!(
        out,
        "<tr id=\"{}\" class=\"set set-{}\">\n<th scope=\"row\"><span class=\"title\" lang=\"{original}\">{}</span> \
         <code class=\"key\">{}</code>",
        escape(&row_id(&row.key)),
        urgency.as_str(),
        escape(&row.title),
        escape(&row.key),
    );
    if let Some(url) = &row.parallel_url {
        let _ = write!(out, " <a class=\"parallel\" href=\"{}\">side by side</a>", escape(url));
    }
    out.push_str("</th>\n");
    for (cell, (_, name, _)) in row.cells.iter().zip(&desk.languages) {
        write_cell(out, cell, name);
    }
    let _ = writeln!(out, "<td class=\"findings\" data-language=\"Findings\">{}</td>\n</tr>", findings(&row.findings));
    for cell in &row.cells {
        if let Some((source_lang, diff)) = &cell.diff {
            let dir = desk.languages.iter().find(|(c, _, _)| c == source_lang).map_or("ltr", |(_, _, d)| d);
            let columns = desk.languages.len() + 2;
            let _ = writeln!(
                out,
                "<tr class=\"diff-row\"><td colspan=\"{columns}\">{}</td></tr>",
                diff_html(cell, source_lang, dir, diff)
            );
        }
    }
}

/// A stable fragment id for a set key (`briefings/x` → `set-briefings-x`).
fn row_id(key: &str) -> String {
    format!("set-{}", crate::text::slug(key))
}

/// One language of a row; `data-language` labels it where the columns stack (phones).
fn write_cell(out: &mut String, cell: &Cell, language_name: &str) {
    let state = cell.state.as_str();
    let _ = write!(
        out,
        "<td class=\"cell state-{state}\" data-language=\"{}\"><span class=\"badge\">{state}</span>",
        escape(language_name)
    );
    if let Some(url) = &cell.url {
        let _ = write!(out, " <a href=\"{}\">page</a>", escape(url));
    }
    if let Some(at) = &cell.scheduled {
        let _ = write!(
            out,
            "<br><span class=\"scheduled\">scheduled: <time datetime=\"{0}\">{0}</time></span>",
            escape(at)
        );
    }
    if let Some(file) = &cell.file {
        let _ = write!(out, "<br><code class=\"file\">{}</code>", escape(file));
    }
    out.push_str("</td>\n");
}

fn findings(list: &[Diagnostic]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut out = String::from("<ul>");
    for d in list {
        let severity = if d.is_error() { "error" } else { "warning" };
        let rule = d.rule.map(|r| format!(" <span class=\"rule\">{}</span>", r.name())).unwrap_or_default();
        let _ = write!(
            out,
            "<li class=\"{severity}\"><code>{}:{}:{}</code> {}{rule}</li>",
            escape(&d.path.to_string_lossy()),
            d.line,
            d.col,
            escape(&d.message)
        );
    }
    out.push_str("</ul>");
    out
}

fn diff_html(cell: &Cell, source_lang: &str, dir: &str, diff: &Result<SourceDiff, String>) -> String {
    let file = cell.file.as_deref().unwrap_or("");
    let diff = match diff {
        Ok(diff) => diff,
        Err(why) => {
            return format!(
                "<p class=\"diff-note\">What changed in the source of <code>{}</code> cannot be shown: {}.</p>",
                escape(file),
                escape(why)
            );
        }
    };
    let mut out = format!(
        "<details class=\"diff\" open><summary>What changed in <code>{}</code> since <code>{}</code> was translated \
         (commit <code>{}</code>, {})</summary>\n",
        escape(&diff.source_path),
        escape(file),
        escape(&diff.commit),
        escape(&diff.commit_date)
    );
    for field in &diff.fields {
        let _ = write!(out, "<h3>{}</h3>\n<div class=\"changes\" lang=\"{source_lang}\" dir=\"{dir}\">\n", field.field);
        let shown = with_context(&field.changes, 1);
        for (i, line) in shown.iter().enumerate() {
            let paragraph = |at: Option<usize>| match at.and_then(|at| shown.get(at)) {
                Some(Shown::Paragraph(change)) => Some(*change),
                _ => None,
            };
            // An edited paragraph (removed, then its new version): mark the words that differ,
            // so a one-word edit stands out.
            out.push_str(&match line {
                Shown::Paragraph(Change::Same(t)) => format!("<p class=\"same\">{}</p>\n", escape(t)),
                Shown::Paragraph(Change::Removed(t)) => {
                    let marked = match paragraph(Some(i + 1)) {
                        Some(Change::Added(new)) => marked_html(t, new).0,
                        _ => escape(t),
                    };
                    format!("<p class=\"removed\"><del>{marked}</del></p>\n")
                }
                Shown::Paragraph(Change::Added(t)) => {
                    let marked = match paragraph(i.checked_sub(1)) {
                        Some(Change::Removed(old)) => marked_html(old, t).1,
                        _ => escape(t),
                    };
                    format!("<p class=\"added\"><ins>{marked}</ins></p>\n")
                }
                Shown::Elided(_) => "<p class=\"gap\" aria-label=\"unchanged paragraphs\">…</p>\n".to_string(),
            });
        }
        out.push_str("</div>\n");
    }
    out.push_str("</details>");
    out
}

/// Both versions of an edited paragraph as HTML, the words that differ in `<mark>`.
fn marked_html(old: &str, new: &str) -> (String, String) {
    let (old, new) = marked_words(old, new);
    let html = |words: Vec<(&str, bool)>| {
        let parts: Vec<String> = words
            .into_iter()
            .map(|(w, differs)| if differs { format!("<mark>{}</mark>", escape(w)) } else { escape(w) })
            .collect();
        parts.join(" ")
    };
    (html(old), html(new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_words_that_differ_are_marked() {
        let (old, new) = marked_html("वजह सीधी थी: बयान में", "वजह साफ़ थी: बयान में <b>");
        assert_eq!(old, "वजह <mark>सीधी</mark> थी: बयान में");
        assert_eq!(new, "वजह <mark>साफ़</mark> थी: बयान में <mark>&lt;b&gt;</mark>");
    }
}
