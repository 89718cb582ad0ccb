//! Writes an [`Editor`] as the contents of a page: the source's fields and blocks on one
//! side, in its language and direction, and the translation's in text boxes on the other,
//! row by row; what changed in the source beside its block; the findings; and the file's
//! text and hash for the script that saves it. Without the script it reads as a side-by-side
//! view of both texts.

use std::fmt::Write;

use super::changes::Note;
use super::editor::{Editor, FieldRow, Finding, Row};
use super::html::{rule_key, state_key, words_html};
use super::i18n::Ui;
use super::page::with_ui;
use crate::diagnostic::{Rule, Severity};
use crate::render::markdown::{MORE_MARKER, escape};
use crate::render::script_data;

/// A language as a page marks text in it: code, direction and name.
pub(crate) type Tongue<'a> = (&'a str, &'a str, &'a str);

/// The contents of `<main>` for an editor: `lang` is the translation's language, `from` the source's.
pub(crate) fn editor(ui: &Ui, editor: &Editor, lang: Tongue, from: Tongue) -> String {
    let mut out = String::with_capacity(editor.text.len() * 3 + 8_192);
    let title = editor.fields.iter().find(|f| f.name == "title").and_then(|f| f.value.clone()).unwrap_or_default();
    let _ = write!(
        out,
        "<div class=\"editor\">\n<nav class=\"crumbs\"><a href=\"./{}\">{}</a></nav>\n\
         <h1 lang=\"{}\" dir=\"{}\">{}</h1>\n<p class=\"meta\"><span class=\"badge\" data-state=\"{state}\">{}</span> \
         <span class=\"paths\" dir=\"ltr\"><code class=\"file\">{}</code> ← <code class=\"file\">{}</code></span></p>\n",
        escape(&with_ui("", &ui.code)),
        ui.span("action.all"),
        lang.0,
        lang.1,
        escape(&title),
        ui.span(&state_key(editor.state)),
        escape(&editor.path),
        escape(&super::editor::path_of(&editor.source)),
        state = editor.state.as_str(),
    );
    out.push_str(&actions(ui, editor.state));
    if let Some(why) = &editor.diff_problem {
        let _ = writeln!(
            out,
            "<p class=\"diff-note\">{} <small lang=\"en\" dir=\"ltr\">{}</small></p>",
            ui.span("diff.unavailable"),
            escape(why)
        );
    }
    out.push_str(&conflict(ui, lang));
    let _ = write!(
        out,
        "<section class=\"fields\" aria-labelledby=\"fields-heading\">\n<h2 id=\"fields-heading\">{}</h2>\n",
        ui.span("editor.fields")
    );
    out.push_str(&columns(ui, lang, from));
    for field in &editor.fields {
        write_field(&mut out, ui, field, lang, from);
    }
    let checked = if editor.doc.front.draft { " checked" } else { "" };
    let _ = write!(
        out,
        "<p class=\"draft\"><label><input type=\"checkbox\" data-draft{checked}> {}</label></p>\n</section>\n",
        ui.span("field.draft")
    );
    let _ = write!(
        out,
        "<section class=\"body\" aria-labelledby=\"body-heading\">\n<h2 id=\"body-heading\">{}</h2>\n",
        ui.span("editor.body")
    );
    out.push_str(&columns(ui, lang, from));
    for (i, row) in editor.rows.iter().enumerate() {
        write_row(&mut out, ui, i, row, lang, from);
    }
    out.push_str("</section>\n");
    let _ = write!(
        out,
        "<section class=\"checks\" aria-labelledby=\"checks-heading\">\n<h2 id=\"checks-heading\">{}</h2>\n<ul id=\"findings\">{}</ul>\n</section>\n",
        ui.span("editor.checks"),
        findings(ui, &editor.findings)
    );
    let file = serde_json::json!({ "path": editor.path, "hash": editor.hash, "text": editor.text });
    let _ = write!(
        out,
        "<script type=\"application/json\" id=\"desk-file\">{}</script>\n</div>\n",
        script_data(&file.to_string())
    );
    out
}

/// Which side is which: the original and its language, the translation and its language.
fn columns(ui: &Ui, lang: Tongue, from: Tongue) -> String {
    format!(
        "<div class=\"pair columns\" aria-hidden=\"true\"><div>{} · <span lang=\"{}\">{}</span></div><div>{} · <span lang=\"{}\">{}</span></div></div>\n",
        ui.span("editor.original"),
        from.0,
        escape(from.2),
        ui.span("editor.translation"),
        lang.0,
        escape(lang.2),
    )
}

/// Save and Done, and where what they did is said.
fn actions(ui: &Ui, state: crate::plan::translation::LangState) -> String {
    format!(
        "<div class=\"actions\">\n<button type=\"button\" class=\"save\">{}</button>\n\
         <button type=\"button\" class=\"done\" data-state=\"{}\">{}</button>\n\
         <p class=\"status\" role=\"status\" aria-live=\"polite\"></p>\n</div>\n<p class=\"notice\" id=\"notice\" role=\"alert\" hidden></p>\n",
        ui.span("action.save"),
        state.as_str(),
        ui.span("action.done")
    )
}

/// The conflict view: both versions side by side, shown when a save finds the file changed;
/// both are the translation's file, so they read in its language and direction.
fn conflict(ui: &Ui, lang: Tongue) -> String {
    let (code, dir) = (lang.0, lang.1);
    format!(
        "<section class=\"conflict\" id=\"conflict\" hidden aria-labelledby=\"conflict-heading\">\n<h2 id=\"conflict-heading\">{}</h2>\n\
         <div class=\"versions\">\n<div><h3 id=\"theirs-heading\">{}</h3><textarea id=\"theirs\" lang=\"{code}\" dir=\"{dir}\" readonly aria-labelledby=\"theirs-heading\" rows=\"16\"></textarea></div>\n\
         <div><h3 id=\"yours-heading\">{}</h3><textarea id=\"yours\" lang=\"{code}\" dir=\"{dir}\" readonly aria-labelledby=\"yours-heading\" rows=\"16\"></textarea></div>\n</div>\n\
         <p><button type=\"button\" class=\"keep-mine\">{}</button> <button type=\"button\" class=\"take-theirs\">{}</button></p>\n</section>\n",
        ui.span("editor.conflict"),
        ui.span("editor.theirs"),
        ui.span("editor.yours"),
        ui.span("action.keep_mine"),
        ui.span("action.take_theirs"),
    )
}

fn field_key(name: &str) -> (&'static str, Option<String>) {
    match name {
        "title" => ("field.title", None),
        "summary" => ("field.summary", None),
        "image_alt" => ("field.image_alt", None),
        other => {
            let n = other.split('.').nth(1).and_then(|n| n.parse::<usize>().ok()).map_or(1, |n| n + 1);
            ("field.source", Some(n.to_string()))
        }
    }
}

fn write_field(out: &mut String, ui: &Ui, field: &FieldRow, lang: Tongue, from: Tongue) {
    let (key, n) = field_key(&field.name);
    let label = match &n {
        Some(n) => ui.span_with(key, &[("n", n)]),
        None => ui.span(key),
    };
    let id = format!("field-{}", field.name.replace('.', "-"));
    let value = escape(field.value.as_deref().unwrap_or(""));
    // Every field is a text box, so a long title wraps on a phone; all but the summary are
    // one line (`data-line`: the script keeps line breaks out of them).
    let rows = if field.name == "summary" { "rows=\"3\"" } else { "rows=\"1\" data-line" };
    let input = format!(
        "<textarea id=\"{id}\" data-field=\"{}\" lang=\"{}\" dir=\"{}\" {rows} aria-describedby=\"{id}-source\">{value}</textarea>",
        escape(&field.name),
        lang.0,
        lang.1
    );
    let _ = write!(
        out,
        "<div class=\"pair field\">\n<div class=\"source\" id=\"{id}-source\" lang=\"{}\" dir=\"{}\">{}{}</div>\n\
         <div class=\"target\"><label for=\"{id}\">{label}</label>{input}</div>\n</div>\n",
        from.0,
        from.1,
        escape(field.source.as_deref().unwrap_or("")),
        notes_html(ui, &field.notes),
    );
}

fn write_row(out: &mut String, ui: &Ui, i: usize, row: &Row, lang: Tongue, from: Tongue) {
    let n = (i + 1).to_string();
    let source = match &row.source {
        Some(text) => format!("<div class=\"text\">{}</div>", escape(text.replace(MORE_MARKER, "").trim())),
        None => format!("<p class=\"missing\">{}</p>", ui.span("editor.extra_block")),
    };
    let (place, text) = match (&row.block, row.after) {
        (Some((index, text)), _) => (format!("data-block=\"{index}\""), text.as_str()),
        (None, Some(after)) => (format!("data-after=\"{after}\""), ""),
        (None, None) => ("data-after=\"\"".to_string(), ""),
    };
    let lines = text.lines().count() + text.chars().count() / 70;
    let heading = if row.heading { " heading" } else { "" };
    let _ = write!(
        out,
        "<div class=\"pair block{heading}\" data-row=\"{i}\">\n<div class=\"source\" id=\"row-{i}-source\" lang=\"{}\" dir=\"{}\">{source}{}</div>\n\
         <div class=\"target\"><label for=\"row-{i}\">{}</label>\
         <textarea id=\"row-{i}\" {place} lang=\"{}\" dir=\"{}\" rows=\"{}\" aria-describedby=\"row-{i}-source\" placeholder=\"{}\">{}</textarea>\
         <div class=\"suggestions\" hidden></div><ul class=\"block-findings\"></ul></div>\n</div>\n",
        from.0,
        from.1,
        notes_html(ui, &row.notes),
        ui.span_with("editor.block", &[("n", &n)]),
        lang.0,
        lang.1,
        lines.clamp(2, 24),
        escape(&ui.text("editor.new_block")),
        escape(text),
    );
}

/// What changed in the source beside a block or field.
fn notes_html(ui: &Ui, notes: &[Note]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let mut out = format!("<aside class=\"changed\"><p class=\"label\">{}</p>", ui.span("editor.changed"));
    for note in notes {
        match note {
            Note::Edited { old, new } => {
                let _ = write!(
                    out,
                    "<p class=\"removed\"><del>{}</del></p><p class=\"added\"><ins>{}</ins></p>",
                    words_html(old),
                    words_html(new)
                );
            }
            Note::Added(text) => {
                let _ = write!(out, "<p class=\"added\"><ins>{}</ins></p>", escape(text));
            }
            Note::Removed(text) => {
                let _ = write!(out, "<p class=\"removed\"><del>{}</del></p>", escape(text));
            }
        }
    }
    out.push_str("</aside>");
    out
}

/// Findings as list items: what they mean, the technical wording small, the line.
pub(crate) fn findings(ui: &Ui, list: &[Finding]) -> String {
    if list.is_empty() {
        return format!("<li class=\"none\">{}</li>", ui.span("editor.no_findings"));
    }
    let mut out = String::new();
    for f in list {
        let severity = if f.severity == Severity::Error { "error" } else { "warning" };
        let block = f.block.map(|b| format!(" data-block=\"{b}\"")).unwrap_or_default();
        // Stale and untracked say all there is in their words; Done is the answer to both.
        let detail = match f.rule {
            Some(Rule::Stale | Rule::Untracked) => String::new(),
            _ => format!(" <small class=\"detail\" lang=\"en\" dir=\"ltr\">{}</small>", escape(&f.message)),
        };
        let _ = write!(
            out,
            "<li class=\"{severity}\"{block}>{}{detail} <code class=\"place\">{}:{}</code></li>",
            ui.span(&rule_key(f.rule, f.severity == Severity::Error)),
            f.line,
            f.col
        );
    }
    out
}
