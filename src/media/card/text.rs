//! The words of a card: the site's name over an accent rule, the headline as large as
//! it fits (wrapped on words, cut with an ellipsis after the last line that fits) and the
//! date at the foot, each shaped in its own script and aligned to the start of the
//! language's lines.

use std::borrow::Cow;

use cosmic_text::{Align, Attrs, Buffer, Color, Metrics, Shaping, Weight, Wrap};

use crate::media::card::canvas::Canvas;
use crate::media::card::fonts::Drawer;
use crate::media::card::style::Rgb;
use unicode_segmentation::UnicodeSegmentation;

/// The box the text sits in.
pub(super) struct Frame {
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    pub rtl: bool,
}

/// The words a card shows.
pub(super) struct Words<'a> {
    pub headline: &'a str,
    /// The site's name in the page's language.
    pub site_name: &'a str,
    /// The date as the page's language writes it.
    pub date: &'a str,
}

/// The colours of the text.
pub(super) struct Colours {
    pub headline: Rgb,
    pub accent: Rgb,
    pub muted: Rgb,
}

/// Headline sizes in pixels, largest first: a short headline is set large, a long one smaller.
const HEADLINE_SIZES: [f32; 4] = [72.0, 62.0, 54.0, 48.0];
const NAME_SIZE: f32 = 30.0;
const DATE_SIZE: f32 = 26.0;

/// The scripts whose lines need their own height.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    Devanagari,
    Arabic,
    Other,
}

impl Script {
    /// The script most of the letters of `text` are in.
    pub(super) fn of(text: &str) -> Script {
        let (mut devanagari, mut arabic, mut other) = (0, 0, 0);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            match u32::from(c) {
                0x0900..=0x097F | 0xA8E0..=0xA8FF => devanagari += 1,
                0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => arabic += 1,
                _ => other += 1,
            }
        }
        if arabic > devanagari.max(other) {
            Script::Arabic
        } else if devanagari > other {
            Script::Devanagari
        } else {
            Script::Other
        }
    }

    /// Line height as a multiple of the size: matras above and below need room, and
    /// Nastaliq's slanted words far more (lines touch at 1.5×).
    fn line_height(self) -> f32 {
        match self {
            Script::Devanagari => 1.42,
            Script::Arabic => 1.95,
            Script::Other => 1.18,
        }
    }

    /// Nastaliq looks a size larger than Naskh or Latin at the same pixel size.
    fn scale(self) -> f32 {
        match self {
            Script::Arabic => 0.82,
            Script::Devanagari | Script::Other => 1.0,
        }
    }
}

/// The most characters of one text a card shapes: far more than the largest card shows
/// (six lines of some forty letters), so that a card costs the same whatever the input.
const MOST_CHARS: usize = 400;

/// `text` whole when it has at most [`MOST_CHARS`] characters; else cut there, at the last
/// space of the last quarter or else between two grapheme clusters (a conjunct stays
/// whole), with an ellipsis, so that even a cut that fits the card shows it is cut.
pub(super) fn bounded(text: &str) -> Cow<'_, str> {
    let Some((limit, _)) = text.char_indices().nth(MOST_CHARS) else { return Cow::Borrowed(text) };
    // The last cluster before the limit may have been cut through: it goes too.
    let head = &text[..limit];
    let clusters = head.grapheme_indices(true).next_back().map_or(limit, |(start, _)| start);
    let head = &text[..clusters];
    let end = match head.rfind(char::is_whitespace) {
        Some(space) if space >= clusters * 3 / 4 => space,
        Some(_) | None => clusters,
    };
    Cow::Owned(format!("{}…", head[..end].trim_end()))
}

/// Sets every word of the card into `canvas`.
pub(super) fn set(drawer: &mut Drawer, canvas: &mut Canvas, frame: &Frame, spec: &Words, colours: &Colours) {
    let (headline_text, site_name, date) = (bounded(spec.headline), bounded(spec.site_name), bounded(spec.date));
    let name = line_of(drawer, &site_name, NAME_SIZE, Weight::BOLD, frame);
    let name_height = name.1;
    draw(drawer, canvas, name.0, (frame.left, frame.top), colours.accent, 255);
    // The accent rule at the start of the line, under the name.
    let rule_top = frame.top + name_height + 10;
    let rule_left = if frame.rtl { frame.left + frame.width - 88 } else { frame.left };
    canvas.blend((rule_left as i32, rule_top as i32), (88, 8), colours.accent, 255);
    let (date, date_height) = line_of(drawer, &date, DATE_SIZE, Weight::NORMAL, frame);
    let date_top = frame.top + frame.height - date_height;
    draw(drawer, canvas, date, (frame.left, date_top), colours.muted, 210);
    let headline_top = rule_top + 8 + 28;
    let room = date_top.saturating_sub(headline_top + 20);
    let headline = headline(drawer, &headline_text, frame, room as f32);
    draw(drawer, canvas, headline, (frame.left, headline_top), colours.headline, 255);
}

/// The headline at the largest size at which it fits `room` pixels of height; else at the
/// smallest, cut after the last word that fits, with an ellipsis.
fn headline(drawer: &mut Drawer, text: &str, frame: &Frame, room: f32) -> Buffer {
    let script = Script::of(text);
    for size in HEADLINE_SIZES {
        let size = size * script.scale();
        let buffer = shaped(drawer, text, (size, script.line_height()), Weight::BOLD, frame);
        let lines = buffer.layout_runs().count() as f32;
        if lines * size * script.line_height() <= room {
            return buffer;
        }
    }
    let size = HEADLINE_SIZES[HEADLINE_SIZES.len() - 1] * script.scale();
    let lines = (room / (size * script.line_height())).floor().max(1.0) as usize;
    fitted(drawer, text, (size, script.line_height()), Weight::BOLD, frame, lines)
}

/// One line of text at `size`, cut with an ellipsis if it is wider than the frame; and its height.
fn line_of(drawer: &mut Drawer, text: &str, size: f32, weight: Weight, frame: &Frame) -> (Buffer, u32) {
    let script = Script::of(text);
    let size = size * script.scale();
    let buffer = fitted(drawer, text, (size, script.line_height()), weight, frame, 1);
    (buffer, (size * script.line_height()).ceil() as u32)
}

/// `text` in at most `lines` lines: whole if it fits, else the words of those lines less as
/// many as it takes for an ellipsis to fit after them. Cut by hand rather than by the
/// shaper's ellipsis, which counts mixed-direction runs wrongly (it dropped the day of an
/// Urdu date and let a Latin headline run a line over).
fn fitted(drawer: &mut Drawer, text: &str, metrics: (f32, f32), weight: Weight, frame: &Frame, lines: usize) -> Buffer {
    let whole = shaped(drawer, text, metrics, weight, frame);
    // Where the last line that fits ends in the text (a headline is one paragraph).
    let Some(end) = whole.layout_runs().nth(lines).map(|run| run.glyphs.iter().map(|g| g.start).min().unwrap_or(0))
    else {
        return whole;
    };
    let mut kept = text.get(..end).unwrap_or(text).trim_end();
    loop {
        let candidate = format!("{}…", kept.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c)));
        let buffer = shaped(drawer, &candidate, metrics, weight, frame);
        let Some((shorter, _)) = kept.rsplit_once(char::is_whitespace) else { return buffer };
        if buffer.layout_runs().count() <= lines {
            return buffer;
        }
        kept = shorter;
    }
}

/// Shapes `text` into lines as wide as the frame, aligned to the start of the language's lines.
fn shaped(drawer: &mut Drawer, text: &str, (size, line_height): (f32, f32), weight: Weight, frame: &Frame) -> Buffer {
    let fonts = &mut drawer.fonts;
    let mut buffer = Buffer::new(fonts, Metrics::new(size, size * line_height));
    buffer.set_wrap(Wrap::WordOrGlyph);
    buffer.set_size(Some(frame.width as f32), None);
    let align = if frame.rtl { Align::Right } else { Align::Left };
    buffer.set_text(text, &Attrs::new().weight(weight), Shaping::Advanced, Some(align));
    buffer.shape_until_scroll(fonts, false);
    buffer
}

/// Draws a shaped buffer with its top left corner at `at`, in `colour` at `alpha`.
fn draw(drawer: &mut Drawer, canvas: &mut Canvas, mut buffer: Buffer, at: (u32, u32), colour: Rgb, alpha: u8) {
    let Drawer { fonts, glyphs } = drawer;
    let [r, g, b] = colour.0;
    buffer.draw(fonts, glyphs, Color::rgba(r, g, b, 255), |x, y, w, h, painted| {
        let coverage = u32::from(painted.a()) * u32::from(alpha) / 255;
        canvas.blend((at.0 as i32 + x, at.1 as i32 + y), (w, h), colour, coverage as u8);
    });
}

/// A glyph as shaped: its font's family, its id in that font, the byte offset of the text
/// it stands for (its cluster) and where it is drawn.
#[cfg(test)]
#[derive(Debug)]
pub(super) struct Glyph {
    pub family: String,
    pub glyph_id: u16,
    pub cluster: usize,
    pub x: f32,
}

/// The glyphs of `text` set as a headline on one endless line, in the text's order (a
/// right-to-left run is drawn from its last glyph), and whether the line runs right to left.
#[cfg(test)]
pub(super) fn glyphs(drawer: &mut Drawer, text: &str) -> (Vec<Glyph>, bool) {
    let frame = Frame { left: 0, top: 0, width: 100_000, height: 1_000, rtl: false };
    let script = Script::of(text);
    let buffer = shaped(drawer, text, (60.0, script.line_height()), Weight::BOLD, &frame);
    let (mut found, mut rtl) = (Vec::new(), false);
    for run in buffer.layout_runs() {
        rtl = run.rtl;
        for g in run.glyphs {
            let face = drawer.fonts.db().face(g.font_id);
            let family = face.map(|f| f.families[0].0.clone()).unwrap_or_default();
            found.push(Glyph { family, glyph_id: g.glyph_id, cluster: g.start, x: g.x });
        }
    }
    (found, rtl)
}
