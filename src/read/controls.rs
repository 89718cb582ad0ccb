//! Control characters in a document's text: which ones have no place there, and the body
//! with them blanked out (each position kept) and a warning for each line that had some.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::read::content::SourceFile;

/// Whether a character is a control character that has no place in text (tab and newline do).
pub(crate) fn is_stray_control(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

/// The file's text with control characters in the body replaced by spaces (the same
/// length, so every position stays right), and a warning for each line that had some.
pub(crate) fn without_control_characters(file: &SourceFile, body_offset: usize) -> (Arc<String>, Vec<Diagnostic>) {
    let body = &file.text[body_offset..];
    if !body.contains(is_stray_control) {
        return (Arc::clone(&file.text), Vec::new());
    }
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let lines = LineIndex::new(&file.text);
    // One warning a line, at its first control character: the rest of the line is passed over.
    let mut next_line = 0;
    for (i, c) in body.char_indices().filter(|&(_, c)| is_stray_control(c)) {
        if i < next_line {
            continue;
        }
        next_line = memchr::memchr(b'\n', &body.as_bytes()[i..]).map_or(body.len(), |k| i + k + 1);
        let (line, col) = lines.line_col(&file.text, body_offset + i);
        let message = format!("control character U+{:04X} dropped from the text", u32::from(c));
        warnings.push(Diagnostic::warning(&file.path, line, col, message));
    }
    // Control characters are one byte each (C0, DEL) or two (C1): as many spaces keep every offset.
    let mut cleaned = String::with_capacity(body.len());
    for c in body.chars() {
        if is_stray_control(c) {
            cleaned.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            cleaned.push(c);
        }
    }
    (Arc::new(format!("{}{cleaned}", &file.text[..body_offset])), warnings)
}
