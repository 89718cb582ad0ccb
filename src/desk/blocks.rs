//! A content file cut into what a translator edits: its top-level Markdown blocks, each
//! with its byte range in the file, found by the Markdown parser the build uses. A block
//! shortcode (`{% factbox %}` … `{% end %}`) is one block; `<!-- more -->` and other
//! comments are none (they stay where they are, between blocks). Pure.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::read::document::split_front_matter;

/// One block of a body, by where it is in the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub range: Range<usize>,
    pub heading: bool,
}

/// The parts of a file's text around its front matter: a BOM, if any, then where the
/// front matter's TOML and the body are (byte ranges of the whole text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileParts {
    pub front: Range<usize>,
    pub body: Range<usize>,
}

impl FileParts {
    /// Finds the front matter and body of a file's text (a BOM before them is allowed).
    pub(crate) fn of(text: &str) -> Result<FileParts, String> {
        let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        let split = split_front_matter(&text[bom..]).map_err(|(_, why)| why.to_string())?;
        let front = bom + split.front_offset..bom + split.front_offset + split.front.len();
        Ok(FileParts { front, body: bom + split.body_offset..text.len() })
    }
}

/// The editable blocks of a file's body (`body` is its range in `text`), in order.
pub(crate) fn body_blocks(text: &str, body: &Range<usize>) -> Vec<Block> {
    let source = &text[body.clone()];
    let mut found: Vec<Block> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(source, crate::render::markdown::options()).into_offset_iter() {
        let top = depth == 0;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let starts_block = matches!(event, Event::Start(_) | Event::Rule | Event::Html(_) | Event::Text(_));
        if !(top && starts_block) {
            continue;
        }
        let written = source[range.clone()].trim_end();
        let range = body.start + range.start..body.start + range.start + written.len();
        if is_comment(written) || written.is_empty() {
            continue;
        }
        found.push(Block { range, heading: matches!(event, Event::Start(Tag::Heading { .. })) });
    }
    join_shortcodes(text, found)
}

/// Whether a block holds nothing but an HTML comment (`<!-- more -->`).
fn is_comment(written: &str) -> bool {
    written.starts_with("<!--") && written.ends_with("-->") && written[4..].find("-->") == Some(written.len() - 7)
}

/// Joins the blocks from a `{% name(…) %}` line to its `{% end %}` into one: the shortcode's
/// body is Markdown of its own, edited together with its opening and closing lines.
fn join_shortcodes(text: &str, blocks: Vec<Block>) -> Vec<Block> {
    let mut joined: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut open = false;
    for block in blocks {
        let written = &text[block.range.clone()];
        let closes = written.lines().any(|l| is_block_end(l.trim()));
        if open && let Some(last) = joined.last_mut() {
            last.range.end = block.range.end;
            open = !closes;
            continue;
        }
        let opens = written.trim_start().starts_with("{%") && !is_block_end(written.trim());
        let closed_inside = written.lines().skip(1).any(|l| is_block_end(l.trim()));
        open = opens && !closed_inside;
        joined.push(block);
    }
    joined
}

/// `{% end %}`, with any spacing inside the braces.
fn is_block_end(line: &str) -> bool {
    line.strip_prefix("{%").and_then(|l| l.strip_suffix("%}")).is_some_and(|inner| inner.trim() == "end")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(&str, bool)> {
        let parts = FileParts::of(text).unwrap();
        body_blocks(text, &parts.body).into_iter().map(|b| (&text[b.range], b.heading)).collect()
    }

    #[test]
    fn blocks_are_the_written_text_of_each_top_level_block() {
        let text =
            "+++\ntitle = \"x\"\n+++\n\nपहला अनुच्छेद\nदूसरी पंक्ति।\n\n<!-- more -->\n\n## शीर्षक\n\n- एक\n- दो\n\n> उद्धरण\n";
        assert_eq!(
            texts(text),
            [("पहला अनुच्छेद\nदूसरी पंक्ति।", false), ("## शीर्षक", true), ("- एक\n- दो", false), ("> उद्धरण", false)]
        );
    }

    #[test]
    fn a_block_shortcode_is_one_block_and_crlf_and_a_bom_are_kept_out() {
        let text = "\u{feff}+++\r\ntitle = \"x\"\r\n+++\r\n\r\nIntro.\r\n\r\n{% factbox(title=\"Facts\") %}\r\n- one\r\n\r\n- two\r\n{% end %}\r\n\r\nAfter.\r\n";
        assert_eq!(
            texts(text),
            [
                ("Intro.", false),
                ("{% factbox(title=\"Facts\") %}\r\n- one\r\n\r\n- two\r\n{% end %}", false),
                ("After.", false)
            ]
        );
    }

    #[test]
    fn an_empty_body_has_no_blocks_and_a_missing_front_matter_is_refused() {
        assert!(texts("+++\ntitle = \"x\"\n+++\n").is_empty());
        assert!(FileParts::of("no front matter").is_err());
    }
}
