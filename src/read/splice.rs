//! Splices rendered shortcode calls into a body and maps offsets of the result back to
//! the body, so a problem found after expansion is reported where it was written. Pure.

use std::ops::Range;

use crate::read::shortcodes::Call;

/// A body with calls replaced by their rendered text, mapping offsets back to the original.
#[derive(Debug, Clone)]
pub(crate) struct Expanded {
    pub text: String,
    spans: Vec<Span>,
}

/// One stretch of the expanded text: copied from the body, or a call's replacement.
#[derive(Debug, Clone)]
struct Span {
    expanded: Range<usize>,
    original: Range<usize>,
    replaced: bool,
}

/// Replaces `calls[i].range` with `rendered[i]`; `calls` must be in order and not overlap.
pub(crate) fn expand(body: &str, calls: &[Call], rendered: &[String]) -> Expanded {
    debug_assert_eq!(calls.len(), rendered.len());
    let mut text = String::with_capacity(body.len());
    let mut spans = Vec::new();
    let mut copied = 0;
    let mut push = |text: &mut String, original: Range<usize>, piece: &str, replaced: bool| {
        let start = text.len();
        text.push_str(piece);
        spans.push(Span { expanded: start..text.len(), original, replaced });
    };
    for (call, html) in calls.iter().zip(rendered) {
        let range = call.range.clone();
        // Out-of-order or foreign calls would corrupt the map; leave their text alone.
        if range.start < copied || range.end > body.len() {
            continue;
        }
        push(&mut text, copied..range.start, &body[copied..range.start], false);
        push(&mut text, range.clone(), html, true);
        copied = range.end;
    }
    push(&mut text, copied..body.len(), &body[copied..], false);
    Expanded { text, spans }
}

impl Expanded {
    /// The body offset of `expanded_offset`: exact in copied text, the call's start
    /// inside a replacement, clamped to the body's end past the text's end.
    pub(crate) fn original_offset(&self, expanded_offset: usize) -> usize {
        let i = self.spans.partition_point(|s| s.expanded.start <= expanded_offset);
        let Some(span) = self.spans.get(i.saturating_sub(1)) else { return 0 };
        if span.replaced {
            return span.original.start;
        }
        (span.original.start + (expanded_offset - span.expanded.start)).min(span.original.end)
    }
}
