//! `patrika status`: the state of every language of every translation set,
//! as a table for people or JSON for tools (README, "Commands").

use std::collections::BTreeMap;
use std::path::Path;

use crate::commands::{CommandResult, Exit, StatusFormat, Streams, print_diagnostics};
pub(crate) use crate::desk::sets::{SetStatus, statuses};
use crate::pipeline::{self, BuildOptions};
use crate::plan::site::Site;
use crate::plan::translation::LangState;

/// Columns a terminal gives the text: vowel signs and viramas take none, so Devanagari
/// keys line up with Latin ones (grapheme clusters would count a conjunct as one).
fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Renders the status table as text, with per-language counts at the bottom.
pub(crate) fn table(site: &Site, rows: &[SetStatus]) -> String {
    let langs: Vec<String> = site.config.languages.iter().map(|l| l.code.to_string()).collect();
    let key_width = rows.iter().map(|r| width(&r.key)).chain([width("key")]).max().unwrap_or(8);
    let col = 11;
    let mut out = format!("{:<key_width$}", "key");
    for l in &langs {
        out.push_str(&format!("  {l:<col$}"));
    }
    out = out.trim_end().to_string() + "\n";
    for row in rows {
        let mut line = format!("{}{}", row.key, " ".repeat(key_width - width(&row.key)));
        for l in &langs {
            line.push_str(&format!("  {:<col$}", row.languages.get(l).map_or("", |s| s.as_str())));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push('\n');
    for row in rows {
        for a in &row.allowed {
            let reason = if a.reason.is_empty() { "no reason given".to_string() } else { a.reason.clone() };
            out.push_str(&format!(
                "{} ({}) allows {}: {reason}\n",
                row.key,
                a.lang,
                a.rules.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    for row in rows {
        for s in &row.scheduled {
            out.push_str(&format!("{} ({}) is scheduled: it goes out at {}\n", row.key, s.lang, s.publish_at));
        }
    }
    if rows.iter().any(|r| !r.allowed.is_empty() || !r.scheduled.is_empty()) {
        out.push('\n');
    }
    for l in &langs {
        let mut counts: BTreeMap<LangState, usize> = BTreeMap::new();
        for row in rows {
            if let Some(s) = row.languages.get(l) {
                *counts.entry(*s).or_default() += 1;
            }
        }
        let parts: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {}", s.as_str())).collect();
        out.push_str(&format!("{l}: {}\n", parts.join(", ")));
    }
    out
}

/// Prints the translation status of the site under `root`.
pub(crate) fn run(root: &Path, format: StatusFormat, io: &mut Streams) -> CommandResult {
    let json = match format {
        StatusFormat::Html => return desk_file(root, io),
        StatusFormat::Json => true,
        StatusFormat::Text => false,
    };
    let outcome = pipeline::load(root, &BuildOptions { drafts: true, scheduled: true, ..BuildOptions::default() });
    let errors: Vec<_> = outcome.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
    print_diagnostics(&errors, io.err);
    let Some(loaded) = outcome.value else {
        return Ok(Exit::SiteErrors);
    };
    let mut rows = statuses(&loaded.site);
    if json {
        rows.sort_by(|a, b| a.key.cmp(&b.key));
        let _ = writeln!(io.out, "{}", serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into()));
    } else {
        let _ = write!(io.out, "{}", table(&loaded.site, &rows));
    }
    Ok(if errors.is_empty() { Exit::Success } else { Exit::SiteErrors })
}

/// The translation desk as one HTML file on stdout, linking to the published site.
fn desk_file(root: &Path, io: &mut Streams) -> CommandResult {
    match crate::desk::pages::file(root) {
        Ok(page) => {
            let _ = io.out.write_all(page.as_bytes());
            Ok(Exit::Success)
        }
        Err(problems) => {
            print_diagnostics(&problems, io.err);
            Ok(Exit::SiteErrors)
        }
    }
}
