//! Draws share cards: a briefing's headline set in its own script and direction, the
//! site's name, the date and the picture, on a 1200×630 PNG. Pure: the fonts, the
//! picture and every word come in as values, a PNG comes out; nothing is read from the
//! machine (its fonts least of all).
//!
//! Text is shaped by cosmic-text (harfrust, HarfBuzz's Rust port: Devanagari conjuncts
//! and matras, Nastaliq joined right to left), wrapped on words, and cut with an ellipsis
//! after as many lines as fit.

mod canvas;
mod fonts;
mod style;
mod text;

use std::sync::Arc;

use crate::media::card::canvas::Canvas;
pub(crate) use crate::media::card::fonts::{CardFonts, Drawer};
pub(crate) use crate::media::card::style::{CardStyle, HEIGHT, Layout, PICTURE_WIDTH, Rgb, WIDTH};
use crate::media::card::text::Words;

/// The name of a briefing's card, published beside its page.
pub(crate) const FILE_NAME: &str = "card.png";

/// Bump whenever the same spec would draw different pixels (layout, sizes, a dependency
/// upgrade), so that cached cards stop matching.
const CARD_VERSION: u32 = 1;

/// Everything a card shows: its key is the hash of all of it.
#[derive(Debug, Clone, Hash)]
pub(crate) struct CardSpec {
    pub headline: String,
    /// The site's name in the page's language.
    pub site_name: String,
    /// The date as the page's language writes it.
    pub date: String,
    /// The page's language is written right to left.
    pub rtl: bool,
    /// The picture's encoded bytes (a variant the image stage made), if the card shows one.
    pub picture: Option<Arc<[u8]>>,
    pub style: CardStyle,
}

impl CardSpec {
    /// A name for the card that changes whenever anything it shows does (fonts included):
    /// hex SHA-256, the same on every machine and run, for the disk cache.
    pub(crate) fn key(&self, fonts: &CardFonts) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        hasher.update(CARD_VERSION.to_le_bytes());
        hasher.update(fonts.fingerprint);
        for text in [&self.headline, &self.site_name, &self.date] {
            hasher.update((text.len() as u64).to_le_bytes());
            hasher.update(text.as_bytes());
        }
        hasher.update([u8::from(self.rtl)]);
        let style = &self.style;
        hasher.update([style.background.0, style.text.0, style.accent.0].concat());
        hasher.update([style.layout as u8]);
        match &self.picture {
            Some(bytes) => {
                hasher.update((bytes.len() as u64).to_le_bytes());
                hasher.update(bytes);
            }
            None => hasher.update(u64::MAX.to_le_bytes()),
        }
        hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Draws a card and encodes it as PNG. A picture that does not decode is left out (the
/// image stage reported it already); nothing else can fail but the encoder.
pub(crate) fn draw(drawer: &mut Drawer, spec: &CardSpec) -> Result<Vec<u8>, String> {
    let style = &spec.style;
    let mut canvas = Canvas::new(WIDTH, HEIGHT, style.background);
    let picture = spec.picture.as_deref().filter(|_| style.layout != Layout::TextOnly);
    let placed = picture.and_then(|bytes| canvas.picture(bytes, style.layout, spec.rtl));
    let over_picture = placed.is_some() && style.layout == Layout::PictureBackground;
    let colours = if over_picture {
        text::Colours { headline: Rgb([255, 255, 255]), accent: Rgb([255, 255, 255]), muted: Rgb([230, 230, 230]) }
    } else {
        text::Colours { headline: style.text, accent: style.accent, muted: style.text }
    };
    // The text's box: beside the picture, or the whole card less its margins.
    let (left, width) = match (placed, style.layout) {
        (Some(_), Layout::PictureRight) if spec.rtl => (PICTURE_WIDTH + MARGIN, WIDTH - PICTURE_WIDTH - 2 * MARGIN),
        (Some(_), Layout::PictureRight) => (MARGIN, WIDTH - PICTURE_WIDTH - 2 * MARGIN),
        _ => (MARGIN, WIDTH - 2 * MARGIN),
    };
    let frame = text::Frame { left, top: MARGIN, width, height: HEIGHT - 2 * MARGIN, rtl: spec.rtl };
    let words = Words { headline: &spec.headline, site_name: &spec.site_name, date: &spec.date };
    text::set(drawer, &mut canvas, &frame, &words, &colours);
    drawer.forget_glyphs_past(GLYPHS_KEPT);
    canvas.png()
}

/// The rasterised glyphs a drawer keeps for the next cards: a few cards' worth of a
/// script at every size; past that the cache starts again, so its memory stays bounded.
const GLYPHS_KEPT: usize = 20_000;

/// The margin around the text.
const MARGIN: u32 = 72;

#[cfg(test)]
mod tests;
