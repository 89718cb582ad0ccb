//! A translator's edits made into a file's new text: front matter fields found with
//! toml_edit and their values written by it, body blocks replaced by their byte ranges
//! ([`super::blocks`]), new blocks put between them. Every byte no edit names stays as it
//! was, line endings included. Pure.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml_edit::{Item, Value};

use super::blocks::{FileParts, body_blocks};

/// The front matter fields a translator translates, by the names the desk gives them:
/// `title`, `summary`, `image_alt` and `sources.N.title`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Field {
    pub name: String,
    /// The field's text (`None`: the file does not have it yet).
    pub value: Option<String>,
}

/// What a translator changed in one file, against the text it was opened with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Edits {
    /// New text of front matter fields, by name (see [`Field`]).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// New text of body blocks, by their index among the file's blocks.
    #[serde(default)]
    pub blocks: BTreeMap<usize, String>,
    /// Blocks to add: each after the block of that index (`None`: before the first).
    #[serde(default)]
    pub added: Vec<Added>,
    /// `draft = true` or `false`, when it is to change.
    #[serde(default)]
    pub draft: Option<bool>,
}

/// A new block of a translation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Added {
    pub after: Option<usize>,
    pub text: String,
}

/// One change to the text: the bytes of `range` become `text` (an empty range inserts).
struct Splice {
    range: Range<usize>,
    /// Orders inserts made at the same place: before a block, then the block, then after it.
    order: u8,
    text: String,
}

/// The fields of `text` a translator translates, in the order the desk shows them;
/// `with_image` and `sources` say which the source has (its picture, its number of sources).
pub(crate) fn fields(text: &str, with_image: bool, sources: usize) -> Result<Vec<Field>, String> {
    let parts = FileParts::of(text)?;
    let doc = toml_edit::Document::parse(&text[parts.front]).map_err(|e| format!("the front matter: {e}"))?;
    let mut names = vec!["title".to_string(), "summary".to_string()];
    if with_image {
        names.push("image_alt".into());
    }
    names.extend((0..sources).map(|i| format!("sources.{i}.title")));
    Ok(names
        .into_iter()
        .filter_map(|name| {
            let value = field_value(doc.as_table(), &name).map(|v| v.as_str().map(str::to_string));
            match (name.as_str(), value) {
                // A source without a title, or one the translation lacks, is not a field to fill.
                (n, None | Some(None)) if n.starts_with("sources.") => None,
                (_, value) => Some(Field { name, value: value.flatten() }),
            }
        })
        .collect())
}

/// The value of a field by its desk name, if the front matter has it.
fn field_value<'a>(table: &'a toml_edit::Table, name: &str) -> Option<&'a Value> {
    match name.split('.').collect::<Vec<_>>().as_slice() {
        ["title" | "summary" | "image_alt" | "draft"] => table.get(name)?.as_value(),
        ["sources", index, "title"] => {
            let index: usize = index.parse().ok()?;
            match table.get("sources")? {
                Item::ArrayOfTables(entries) => entries.get(index)?.get("title")?.as_value(),
                Item::Value(Value::Array(entries)) => entries.get(index)?.as_inline_table()?.get("title"),
                Item::None | Item::Value(_) | Item::Table(_) => None,
            }
        }
        _ => None,
    }
}

/// The new text of a file: `text` with `edits` made.
pub(crate) fn apply(text: &str, edits: &Edits) -> Result<String, String> {
    let parts = FileParts::of(text)?;
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines = |s: &str| s.replace("\r\n", "\n").replace('\n', eol);
    let mut splices = front_splices(text, &parts.front, edits, eol)?;
    let blocks = body_blocks(text, &parts.body);
    for (&index, new) in &edits.blocks {
        let block = blocks.get(index).ok_or_else(|| format!("there is no block {index} to replace"))?;
        splices.push(Splice { range: block.range.clone(), order: 1, text: lines(new.trim_end()) });
    }
    for added in edits.added.iter().filter(|a| !a.text.trim().is_empty()) {
        let new = lines(added.text.trim_end());
        let splice = match (added.after, blocks.first()) {
            (Some(i), _) => {
                let at = blocks.get(i).ok_or_else(|| format!("there is no block {i} to add after"))?.range.end;
                Splice { range: at..at, order: 2, text: format!("{eol}{eol}{new}") }
            }
            (None, Some(first)) => {
                Splice { range: first.range.start..first.range.start, order: 0, text: format!("{new}{eol}{eol}") }
            }
            (None, None) => {
                let end = parts.body.end;
                let lead = if text[..end].ends_with('\n') { eol } else { "" };
                Splice { range: end..end, order: 2, text: format!("{lead}{eol}{new}{eol}") }
            }
        };
        splices.push(splice);
    }
    Ok(spliced(text, splices))
}

/// The splices of the front matter fields and `draft` that `edits` change.
fn front_splices(text: &str, front: &Range<usize>, edits: &Edits, eol: &str) -> Result<Vec<Splice>, String> {
    if edits.fields.is_empty() && edits.draft.is_none() {
        return Ok(Vec::new());
    }
    let doc = toml_edit::Document::parse(&text[front.clone()]).map_err(|e| format!("the front matter: {e}"))?;
    let table = doc.as_table();
    // A field the file lacks goes on a line of its own after the title's.
    let after_title = || -> Result<usize, String> {
        let span = field_value(table, "title").and_then(Value::span).ok_or("the front matter has no title")?;
        let line_end =
            text[front.start + span.end..front.end].find('\n').map_or(front.end, |i| front.start + span.end + i + 1);
        Ok(line_end)
    };
    let mut splices = Vec::new();
    let mut wanted: Vec<(&str, String)> =
        edits.fields.iter().map(|(name, value)| (name.as_str(), Value::from(value.as_str()).to_string())).collect();
    if let Some(draft) = edits.draft {
        wanted.push(("draft", draft.to_string()));
    }
    for (name, literal) in wanted {
        let known = matches!(name, "title" | "summary" | "image_alt" | "draft")
            || name
                .strip_prefix("sources.")
                .and_then(|r| r.strip_suffix(".title"))
                .is_some_and(|i| i.parse::<usize>().is_ok());
        if !known {
            return Err(format!("`{name}` is not a field the desk edits"));
        }
        let literal = literal.replace("\r\n", "\n").replace('\n', eol);
        match field_value(table, name).and_then(Value::span) {
            Some(span) => splices.push(Splice {
                range: front.start + span.start..front.start + span.end,
                order: 1,
                text: literal,
            }),
            None if name.starts_with("sources.") => return Err(format!("the front matter has no `{name}` to replace")),
            None => {
                let at = after_title()?;
                splices.push(Splice { range: at..at, order: 2, text: format!("{name} = {literal}{eol}") });
            }
        }
    }
    Ok(splices)
}

/// `text` with every splice made, in the order of where they are.
fn spliced(text: &str, mut splices: Vec<Splice>) -> String {
    splices.sort_by_key(|s| (s.range.start, s.order));
    let mut out = String::with_capacity(text.len() + splices.iter().map(|s| s.text.len()).sum::<usize>());
    let mut at = 0;
    for splice in splices {
        out.push_str(&text[at..splice.range.start.max(at)]);
        out.push_str(&splice.text);
        at = at.max(splice.range.end);
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "+++\ntitle = 'Old'   # kept\ndate = 2026-01-01\n\n[[sources]]\ntitle = \"PIB\"\nurl = \"https://pib.gov.in/\"\n\n[translation]\nfrom = \"hi\"\n+++\n\nFirst.\n\n<!-- more -->\n\n## Heading\n\nSecond\nline.\n";

    #[test]
    fn only_the_edited_block_and_field_change() {
        let edits = Edits {
            fields: BTreeMap::from([("title".into(), "New \"one\"".into())]),
            blocks: BTreeMap::from([(2, "Second, translated.\n\n".into())]),
            ..Edits::default()
        };
        let out = apply(FILE, &edits).unwrap();
        let expected = FILE.replace("'Old'", "'New \"one\"'").replace("Second\nline.", "Second, translated.");
        assert_eq!(out, expected);
    }

    #[test]
    fn missing_fields_and_blocks_are_added_in_their_places() {
        let edits = Edits {
            fields: BTreeMap::from([
                ("summary".into(), "In short.".into()),
                ("sources.0.title".into(), "पीआईबी".into()),
            ]),
            added: vec![
                Added { after: None, text: "Zeroth.".into() },
                Added { after: Some(1), text: "After the heading.".into() },
            ],
            draft: Some(false),
            ..Edits::default()
        };
        let out = apply(FILE, &edits).unwrap();
        assert!(out.starts_with("+++\ntitle = 'Old'   # kept\nsummary = \"In short.\"\ndraft = false\ndate"), "{out}");
        assert!(out.contains("[[sources]]\ntitle = \"पीआईबी\"\n"), "{out}");
        assert!(
            out.ends_with(
                "+++\n\nZeroth.\n\nFirst.\n\n<!-- more -->\n\n## Heading\n\nAfter the heading.\n\nSecond\nline.\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn crlf_files_stay_crlf_and_unknown_names_are_refused() {
        let crlf = FILE.replace('\n', "\r\n");
        let edits = Edits { blocks: BTreeMap::from([(0, "Eins\nzwei".into())]), ..Edits::default() };
        assert_eq!(apply(&crlf, &edits).unwrap(), crlf.replace("First.", "Eins\r\nzwei"));
        let bad = Edits { fields: BTreeMap::from([("date".into(), "x".into())]), ..Edits::default() };
        assert!(apply(FILE, &bad).unwrap_err().contains("not a field"));
        let far = Edits { blocks: BTreeMap::from([(9, "x".into())]), ..Edits::default() };
        assert!(apply(FILE, &far).is_err());
    }

    #[test]
    fn fields_are_read_with_their_values() {
        let found = fields(FILE, true, 2).unwrap();
        let names: Vec<(&str, Option<&str>)> = found.iter().map(|f| (f.name.as_str(), f.value.as_deref())).collect();
        assert_eq!(
            names,
            [("title", Some("Old")), ("summary", None), ("image_alt", None), ("sources.0.title", Some("PIB"))]
        );
    }
}
