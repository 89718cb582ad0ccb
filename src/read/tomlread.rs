//! Reads TOML (config, front matter, glossary) into typed values, reporting every
//! problem with its real position in the file. Does no I/O.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use crate::diagnostic::{Diagnostic, Position, did_you_mean};

/// A TOML text embedded at `offset` inside the file `path` whose full text is `file_text`.
pub(crate) struct TomlSource<'a> {
    pub path: &'a Path,
    pub file_text: &'a str,
    pub offset: usize,
}

impl TomlSource<'_> {
    /// Makes an error at a span of the embedded TOML text.
    pub(crate) fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error_at(self.path, self.file_text, self.offset + span.start, message)
    }

    /// Parses the TOML text, reporting every syntax error; `None` if there was any.
    pub(crate) fn parse<'i>(&self, toml_text: &'i str, diags: &mut Vec<Diagnostic>) -> Option<DeTable<'i>> {
        let (table, errors) = DeTable::parse_recoverable(toml_text);
        if errors.is_empty() {
            return Some(table.into_inner());
        }
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().replace('\n', " ");
            diags.push(self.error(span, format!("invalid TOML: {message}")));
        }
        None
    }

    /// Views a parsed table, naming it `name` in messages ("" for the top level).
    pub(crate) fn table<'s, 't, 'i>(
        &'s self,
        table: &'t DeTable<'i>,
        name: &str,
        span: Range<usize>,
    ) -> Table<'s, 't, 'i> {
        Table { source: self, table, name: name.to_string(), span }
    }
}

/// One TOML table of a source, with typed getters that report type errors.
pub(crate) struct Table<'s, 't, 'i> {
    source: &'s TomlSource<'s>,
    table: &'t DeTable<'i>,
    name: String,
    span: Range<usize>,
}

fn kind(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(d) if d.date.is_none() => "a time of day",
        DeValue::Datetime(d) if d.time.is_none() => "a date",
        DeValue::Datetime(_) => "a date and time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl<'s, 't, 'i> Table<'s, 't, 'i> {
    fn qualified(&self, key: &str) -> String {
        if self.name.is_empty() { key.to_string() } else { format!("{}.{}", self.name, key) }
    }

    fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    fn type_error(&self, key: &str, value: &Spanned<DeValue>, expected: &str, diags: &mut Vec<Diagnostic>) {
        diags.push(self.source.error(
            value.span(),
            format!("`{}` must be {expected}, found {}", self.qualified(key), kind(value.get_ref())),
        ));
    }

    /// Reports a required key that is absent, at the start of this table.
    pub(crate) fn missing(&self, key: &str, diags: &mut Vec<Diagnostic>) {
        diags.push(self.source.error(self.span.clone(), format!("missing required key `{}`", self.qualified(key))));
    }

    /// Makes an error at a key's value (or at the table when the key is absent).
    pub(crate) fn error_at(&self, key: &str, message: &str) -> Diagnostic {
        self.source.error(self.span_of(key), message)
    }

    /// Whether the key is present at all.
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// Byte span (within the TOML text) of a key's value, or of the table when absent.
    pub(crate) fn span_of(&self, key: &str) -> Range<usize> {
        self.get(key).map_or(self.span.clone(), |v| v.span())
    }

    /// Byte offset in the whole file of a key's value, if the key is present.
    pub(crate) fn offset_of(&self, key: &str) -> Option<usize> {
        self.get(key).map(|v| self.source.offset + v.span().start)
    }

    /// Byte offsets in the whole file of each item of an array value.
    pub(crate) fn item_offsets(&self, key: &str) -> Vec<usize> {
        match self.get(key).map(|v| v.get_ref()) {
            Some(DeValue::Array(items)) => items.iter().map(|i| self.source.offset + i.span().start).collect(),
            _ => Vec::new(),
        }
    }

    /// The line and column of a key's value, or of the table when the key is absent.
    pub(crate) fn position_of(&self, key: &str) -> Position {
        Position::of(self.source.file_text, self.source.offset + self.span_of(key).start)
    }

    /// Reads a string value.
    pub(crate) fn string(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.type_error(key, value, "a string", diags);
                None
            }
        }
    }

    /// Reads a boolean value.
    pub(crate) fn boolean(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<bool> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.type_error(key, value, "true or false", diags);
                None
            }
        }
    }

    /// Reads a positive integer value.
    pub(crate) fn positive_integer(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<usize> {
        let value = self.get(key)?;
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok(),
            _ => None,
        };
        match parsed {
            Some(n) if n > 0 => usize::try_from(n).ok(),
            Some(_) => {
                diags.push(
                    self.source.error(
                        value.span(),
                        format!("`{}` must be a positive integer (1 or more)", self.qualified(key)),
                    ),
                );
                None
            }
            None => {
                self.type_error(key, value, "a positive integer", diags);
                None
            }
        }
    }

    /// Reads an array of positive integers no larger than `max`.
    pub(crate) fn positive_integers(&self, key: &str, max: u32, diags: &mut Vec<Diagnostic>) -> Option<Vec<u32>> {
        let value = self.get(key)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.type_error(key, value, "an array of positive integers", diags);
            return None;
        };
        let mut numbers = Vec::new();
        for item in items.iter() {
            let n = match item.get_ref() {
                DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok(),
                _ => None,
            };
            match n.and_then(|n| u32::try_from(n).ok()).filter(|n| (1..=max).contains(n)) {
                Some(n) => numbers.push(n),
                None => diags.push(
                    self.source
                        .error(item.span(), format!("`{}` takes whole numbers from 1 to {max}", self.qualified(key))),
                ),
            }
        }
        Some(numbers)
    }

    /// Reads a TOML date or datetime that has a calendar date.
    pub(crate) fn date(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Datetime> {
        self.date_like(key, "a TOML date such as 2025-06-26 (no quotes)", diags)
    }

    /// [`Table::date`], saying what is `expected` when the value is none.
    pub(crate) fn date_like(&self, key: &str, expected: &str, diags: &mut Vec<Diagnostic>) -> Option<Datetime> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Datetime(d) if d.date.is_some() => Some(*d),
            _ => {
                self.type_error(key, value, expected, diags);
                None
            }
        }
    }

    /// Reads an array of strings.
    pub(crate) fn strings(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<String> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.type_error(key, value, "an array of strings", diags);
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                _ => {
                    self.type_error(key, item, "an array of strings", diags);
                    None
                }
            })
            .collect()
    }

    /// Reads a string, or an array of strings, as a list.
    pub(crate) fn string_or_strings(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<String> {
        match self.get(key).map(|v| v.get_ref()) {
            Some(DeValue::String(s)) => vec![s.to_string()],
            _ => self.strings(key, diags),
        }
    }

    /// Reads a sub-table.
    pub(crate) fn table(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Table<'s, 't, 'i>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Table(t) => {
                Some(Table { source: self.source, table: t, name: self.qualified(key), span: value.span() })
            }
            _ => {
                self.type_error(key, value, "a table", diags);
                None
            }
        }
    }

    /// Reads an array of tables (`[[key]]`).
    pub(crate) fn tables(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<Table<'s, 't, 'i>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.type_error(key, value, "an array of tables", diags);
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(t) => {
                    Some(Table { source: self.source, table: t, name: self.qualified(key), span: item.span() })
                }
                _ => {
                    self.type_error(key, item, "a table", diags);
                    None
                }
            })
            .collect()
    }

    /// Lists the keys with their spans, in file order of the map (sorted).
    pub(crate) fn keys(&self) -> Vec<(String, Range<usize>)> {
        self.table.iter().map(|(k, _)| (k.get_ref().to_string(), k.span())).collect()
    }

    /// Reports every key not in `known`, suggesting the closest known one.
    pub(crate) fn reject_unknown(&self, known: &[&str], diags: &mut Vec<Diagnostic>) {
        for (key, span) in self.keys() {
            if known.contains(&key.as_str()) {
                continue;
            }
            let place = if self.name.is_empty() { String::new() } else { format!(" in [{}]", self.name) };
            let hint = match did_you_mean(&key, known.iter().copied()) {
                Some(k) => format!(" (did you mean `{k}`?)"),
                None => format!(" (expected one of: {})", known.join(", ")),
            };
            diags.push(self.source.error(span, format!("unknown key `{key}`{place}{hint}")));
        }
    }

    /// Every string anywhere in a key's value (in arrays and tables too), with its byte
    /// offset in the whole file.
    pub(crate) fn strings_within(&self, key: &str) -> Vec<(String, usize)> {
        let mut found = Vec::new();
        let mut stack: Vec<&Spanned<DeValue>> = self.get(key).into_iter().collect();
        while let Some(value) = stack.pop() {
            match value.get_ref() {
                DeValue::String(s) => found.push((s.to_string(), self.source.offset + value.span().start)),
                DeValue::Array(items) => stack.extend(items.iter().rev()),
                DeValue::Table(table) => stack.extend(table.values().rev()),
                _ => {}
            }
        }
        found
    }

    /// Converts a key's value to JSON for templates (`[extra]`).
    pub(crate) fn json(&self, key: &str) -> serde_json::Value {
        self.get(key).map_or(serde_json::Value::Null, |v| to_json(v.get_ref()))
    }
}

/// Converts a parsed TOML value into JSON; dates become their TOML text.
pub(crate) fn to_json(value: &DeValue) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        DeValue::String(s) => J::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).map_or(J::Null, J::from),
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().map_or(J::Null, J::from),
        DeValue::Boolean(b) => J::Bool(*b),
        DeValue::Datetime(d) => J::String(d.to_string()),
        DeValue::Array(items) => J::Array(items.iter().map(|v| to_json(v.get_ref())).collect()),
        DeValue::Table(t) => {
            J::Object(t.iter().map(|(k, v)| (k.get_ref().to_string(), to_json(v.get_ref()))).collect())
        }
    }
}
