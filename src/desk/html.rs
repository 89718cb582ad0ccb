//! Writes the desk's list of sets ([`Overview`]) as the contents of a page: a row per
//! set with a badge per language in the interface's words, buttons instead of commands
//! (in `serve`), findings said as what they mean, and what changed in a stale
//! translation's source with the changed words marked. Paths stay, small.

use std::fmt::Write;

use super::i18n::Ui;
use super::overview::{Cell, Overview, Row};
use super::page::with_ui;
use super::view::Links;
use crate::diagnostic::{Diagnostic, Rule};
use crate::history::{Change, Shown, SourceDiff, marked_words, with_context};
use crate::plan::translation::LangState;
use crate::render::locale::format_moment;
use crate::render::markdown::{MORE_MARKER, escape};

/// The words of a state.
pub(crate) fn state_key(state: LangState) -> String {
    format!("state.{}", state.as_str())
}

/// The contents of `<main>` for the list.
pub(crate) fn list(ui: &Ui, overview: &Overview) -> String {
    let mut out = String::with_capacity(8_192 + overview.rows.len() * 2_048);
    let _ = writeln!(out, "<h1>{}</h1>", ui.span("desk.title"));
    if overview.links == Links::Published {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", ui.span("desk.file_note"));
    }
    out.push_str(&totals(ui, overview));
    if let Some(per_page) = overview.query.per_page {
        out.push_str(&filters(ui, overview, per_page));
    }
    if overview.rows.is_empty() {
        let key = if overview.query.find.is_empty() { "list.nothing" } else { "list.none_found" };
        let _ = writeln!(out, "<p class=\"empty\">{}</p>", ui.span(key));
    } else {
        out.push_str("<div class=\"table\">\n<table>\n<thead><tr><th scope=\"col\">");
        out.push_str(&ui.span("list.briefing"));
        out.push_str("</th>");
        for (code, name, dir) in &overview.languages {
            let _ = write!(out, "<th scope=\"col\" lang=\"{code}\" dir=\"{dir}\">{}</th>", escape(name));
        }
        let _ = writeln!(out, "<th scope=\"col\">{}</th></tr></thead>\n<tbody>", ui.span("list.checks"));
        for row in &overview.rows {
            write_row(&mut out, ui, overview, row);
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }
    if overview.query.per_page.is_some() && overview.pages > 1 {
        out.push_str(&pager(ui, overview));
    }
    if !overview.other_findings.is_empty() {
        let _ = writeln!(out, "<section class=\"other\">\n<h2>{}</h2>", ui.span("list.other_findings"));
        out.push_str(&findings(ui, &overview.other_findings));
        out.push_str("</section>\n");
    }
    out
}

/// How many sets are in each state, per language.
fn totals(ui: &Ui, overview: &Overview) -> String {
    let mut out = String::from("<ul class=\"totals\">");
    for ((code, name, dir), counts) in overview.languages.iter().zip(&overview.totals) {
        let states: Vec<String> = counts
            .iter()
            .map(|(s, n)| {
                format!("<span class=\"state-{}\"><bdi>{n}</bdi> {}</span>", s.as_str(), ui.span(&state_key(*s)))
            })
            .collect();
        let _ =
            write!(out, "<li><span lang=\"{code}\" dir=\"{dir}\">{}</span>: {}</li>", escape(name), states.join(", "));
    }
    out.push_str("</ul>\n");
    out
}

/// The search box and the choice between sets with work to do and all sets.
fn filters(ui: &Ui, overview: &Overview, per_page: usize) -> String {
    let query = &overview.query;
    let tab = |needs_work: bool, key: &str| {
        let href = if needs_work { with_ui("", &ui.code) } else { with_ui("show=all", &ui.code) };
        let current = if query.needs_work == needs_work { " aria-current=\"page\"" } else { "" };
        format!("<a href=\"{}\"{current}>{}</a>", escape(&href), ui.span(key))
    };
    let shown_from = (query.page - 1) * per_page + 1;
    let shown_to = (query.page * per_page).min(overview.matching);
    let shown = if overview.matching == 0 { "0".to_string() } else { format!("{shown_from}–{shown_to}") };
    let total = overview.matching.to_string();
    format!(
        "<div class=\"filters\">\n<nav class=\"tabs\">{}{}</nav>\n\
         <form class=\"find\" method=\"get\" action=\"./\" role=\"search\"><input type=\"hidden\" name=\"ui\" value=\"{}\">{}\
         <label><span class=\"label\">{}</span> <input type=\"search\" name=\"q\" value=\"{}\"></label> \
         <button type=\"submit\">{}</button></form>\n<p class=\"count\">{}</p>\n</div>\n",
        tab(true, "list.needs_work"),
        tab(false, "list.all"),
        escape(&ui.code),
        if query.needs_work { "" } else { "<input type=\"hidden\" name=\"show\" value=\"all\">" },
        ui.span("list.search"),
        escape(&query.find),
        ui.span("list.search_button"),
        ui.span_with("list.count", &[("shown", &shown), ("total", &total)]),
    )
}

/// Links to the previous and next page of the list.
fn pager(ui: &Ui, overview: &Overview) -> String {
    let query = &overview.query;
    let link = |page: usize, key: &str, rel: &str| {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        if !query.needs_work {
            q.append_pair("show", "all");
        }
        if !query.find.is_empty() {
            q.append_pair("q", &query.find);
        }
        q.append_pair("page", &page.to_string());
        format!("<a rel=\"{rel}\" href=\"{}\">{}</a>", escape(&with_ui(&q.finish(), &ui.code)), ui.span(key))
    };
    let previous = if query.page > 1 { link(query.page - 1, "list.previous", "prev") } else { String::new() };
    let next = if query.page < overview.pages { link(query.page + 1, "list.next", "next") } else { String::new() };
    let (n, m) = (query.page.to_string(), overview.pages.to_string());
    format!("<nav class=\"pager\">{previous} {} {next}</nav>\n", ui.span_with("list.page", &[("n", &n), ("m", &m)]))
}

fn write_row(out: &mut String, ui: &Ui, overview: &Overview, row: &Row) {
    let urgency = row.cells.iter().map(|c| c.state).min().unwrap_or(LangState::Original);
    let dir = direction(overview, &row.title_lang);
    let _ = write!(
        out,
        "<tr id=\"{}\" class=\"set set-{}\">\n<th scope=\"row\"><span class=\"title\" lang=\"{}\" dir=\"{dir}\">{}</span> \
         <code class=\"key\">{}</code>",
        escape(&row_id(&row.key)),
        urgency.as_str(),
        escape(&row.title_lang),
        escape(&row.title),
        escape(&row.key),
    );
    if let Some(url) = &row.parallel_url {
        let _ = write!(out, " <a class=\"parallel\" href=\"{}\">{}</a>", escape(url), ui.span("action.side_by_side"));
    }
    out.push_str("</th>\n");
    for (cell, (_, name, _)) in row.cells.iter().zip(&overview.languages) {
        write_cell(out, ui, overview, cell, name);
    }
    let _ = writeln!(
        out,
        "<td class=\"findings\" data-language=\"{}\">{}</td>\n</tr>",
        escape(&ui.text("list.checks")),
        findings(ui, &row.findings)
    );
    for cell in &row.cells {
        if let Some((source_lang, diff)) = &cell.diff {
            let columns = overview.languages.len() + 2;
            let dir = direction(overview, source_lang);
            let _ = writeln!(
                out,
                "<tr class=\"diff-row\"><td colspan=\"{columns}\">{}</td></tr>",
                diff_html(ui, cell, source_lang, dir, diff)
            );
        }
    }
}

fn direction<'a>(overview: &'a Overview, lang: &str) -> &'a str {
    overview.languages.iter().find(|(c, _, _)| c == lang).map_or("ltr", |(_, _, d)| d)
}

/// A stable fragment id for a set key (`briefings/x` → `set-briefings-x`).
fn row_id(key: &str) -> String {
    format!("set-{}", crate::text::slug(key))
}

/// One language of a row; `data-language` labels it where the columns stack (phones).
fn write_cell(out: &mut String, ui: &Ui, overview: &Overview, cell: &Cell, language_name: &str) {
    let state = cell.state.as_str();
    let _ = write!(
        out,
        "<td class=\"cell state-{state}\" data-language=\"{}\"><span class=\"badge\" data-state=\"{state}\">{}</span>",
        escape(language_name),
        ui.span(&state_key(cell.state))
    );
    let live = overview.links != Links::Published;
    let translation = !matches!(cell.state, LangState::Original | LangState::Missing | LangState::Error);
    if let (true, true, Some(file)) = (live, translation, &cell.file) {
        let href =
            with_ui(&url::form_urlencoded::Serializer::new(String::new()).append_pair("path", file).finish(), &ui.code);
        let _ = write!(out, " <a class=\"button\" href=\"edit{}\">{}</a>", escape(&href), ui.span("action.edit"));
    }
    if let (true, Some(original)) = (live, &cell.original) {
        let _ = write!(
            out,
            " <button type=\"button\" class=\"translate\" data-path=\"{}\" data-to=\"{}\">{}</button>",
            escape(original),
            escape(&cell.lang),
            ui.span_with("action.translate", &[("lang", language_name)])
        );
    }
    if let Some(url) = &cell.url {
        let _ = write!(out, " <a href=\"{}\">{}</a>", escape(url), ui.span("action.view"));
    }
    if let Some(at) = cell.scheduled {
        let _ = write!(
            out,
            "<br><time class=\"scheduled\" datetime=\"{}\">{}</time>",
            at.to_rfc3339(),
            ui.span_with("state.scheduled", &[("time", &format_moment(at, &ui.code, ui.digits))])
        );
    }
    if let Some(file) = &cell.file {
        let _ = write!(out, "<br><code class=\"file\">{}</code>", escape(file));
    }
    out.push_str("</td>\n");
}

/// The words of a finding's rule (an error without a rule: "this file has an error").
pub(crate) fn rule_key(rule: Option<Rule>, error: bool) -> String {
    match (rule, error) {
        (Some(rule), _) => format!("rule.{}", rule.name()),
        (None, true) => "rule.error".into(),
        (None, false) => "rule.warning".into(),
    }
}

/// Findings as what they mean, each with its technical wording and place, small.
pub(crate) fn findings(ui: &Ui, list: &[Diagnostic]) -> String {
    if list.is_empty() {
        return String::new();
    }
    // A long list folds away under its count, so one set's findings do not push the others off screen.
    let mut out = if list.len() > 3 {
        let n = list.len().to_string();
        format!("<details><summary>{}</summary><ul>", ui.span_with("list.findings", &[("n", &n)]))
    } else {
        String::from("<ul>")
    };
    for d in list {
        let severity = if d.is_error() { "error" } else { "warning" };
        // Stale and untracked say all there is in their words; Done is the desk's answer to both.
        let detail = match d.rule {
            Some(Rule::Stale | Rule::Untracked) => String::new(),
            _ => format!(" <small class=\"detail\" lang=\"en\" dir=\"ltr\">{}</small>", escape(&d.message)),
        };
        let _ = write!(
            out,
            "<li class=\"{severity}\">{}{detail} <code class=\"place\">{}:{}:{}</code></li>",
            ui.span(&rule_key(d.rule, d.is_error())),
            escape(&d.path.to_string_lossy()),
            d.line,
            d.col,
        );
    }
    out.push_str(if list.len() > 3 { "</ul></details>" } else { "</ul>" });
    out
}

fn diff_html(ui: &Ui, cell: &Cell, source_lang: &str, dir: &str, diff: &Result<SourceDiff, String>) -> String {
    let diff = match diff {
        Ok(diff) => diff,
        Err(why) => {
            return format!(
                "<p class=\"diff-note\">{} <small lang=\"en\" dir=\"ltr\">{}</small> <code class=\"file\">{}</code></p>",
                ui.span("diff.unavailable"),
                escape(why),
                escape(cell.file.as_deref().unwrap_or(""))
            );
        }
    };
    let mut out = format!(
        "<details class=\"diff\" open><summary>{} <small class=\"meta\" dir=\"ltr\"><code>{}</code> · <code>{}</code> · {}</small></summary>\n",
        ui.span("diff.heading"),
        escape(&diff.source_path),
        escape(&diff.commit),
        escape(&diff.commit_date)
    );
    for field in &diff.fields {
        let name = match field.field {
            "title" => "field.title",
            "summary" => "field.summary",
            _ => "editor.body",
        };
        let _ =
            write!(out, "<h3>{}</h3>\n<div class=\"changes\" lang=\"{source_lang}\" dir=\"{dir}\">\n", ui.span(name));
        out.push_str(&changes_html(ui, &field.changes));
        out.push_str("</div>\n");
    }
    out.push_str("</details>");
    out
}

/// The paragraphs of a field's changes, unchanged ones only near a change.
fn changes_html(ui: &Ui, changes: &[Change]) -> String {
    let mut out = String::new();
    let shown = with_context(changes, 1);
    for (i, line) in shown.iter().enumerate() {
        let paragraph = |at: Option<usize>| match at.and_then(|at| shown.get(at)) {
            Some(Shown::Paragraph(change)) => Some(*change),
            _ => None,
        };
        // An edited paragraph (removed, then its new version): mark the words that differ,
        // so a one-word edit stands out.
        out.push_str(&match line {
            Shown::Paragraph(Change::Same(t)) if t.trim() == MORE_MARKER => {
                format!("<p class=\"more\">{}</p>\n", ui.span("diff.more"))
            }
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
            Shown::Elided(_) => format!("<p class=\"gap\">… {}</p>\n", ui.span("diff.gap")),
        });
    }
    out
}

/// Both versions of an edited paragraph as HTML, the words that differ in `<mark>`.
pub(crate) fn marked_html(old: &str, new: &str) -> (String, String) {
    let (old, new) = marked_words(old, new);
    (words_html(&old), words_html(&new))
}

/// Words as HTML, those marked in `<mark>`.
pub(crate) fn words_html<S: AsRef<str>>(words: &[(S, bool)]) -> String {
    let parts: Vec<String> = words
        .iter()
        .map(|(w, differs)| if *differs { format!("<mark>{}</mark>", escape(w.as_ref())) } else { escape(w.as_ref()) })
        .collect();
    parts.join(" ")
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
