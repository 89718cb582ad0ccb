//! Draws share cards: a briefing's headline set in its own script and direction, the
//! site's name, the date and the picture, on a 1200×630 PNG. Pure: the fonts, the
//! picture and every word come in as values, a PNG comes out; nothing is read from the
//! machine (its fonts least of all).
//!
//! Text is shaped by cosmic-text (harfrust, HarfBuzz's Rust port: Devanagari conjuncts
//! and matras, Nastaliq joined right to left), wrapped on words, and cut with an ellipsis
//! after as many lines as fit.

mod canvas;
mod text;

use std::sync::Arc;

use cosmic_text::{FontSystem, SwashCache, fontdb};

use crate::media::card::canvas::Canvas;

/// The name of a briefing's card, published beside its page.
pub(crate) const FILE_NAME: &str = "card.png";

/// A card's width and height in pixels (the size every social network shows whole).
pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;

/// Bump whenever the same spec would draw different pixels (layout, sizes, a dependency
/// upgrade), so that cached cards stop matching.
const CARD_VERSION: u32 = 1;

/// A colour as a theme writes it (`#1a1a1a`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Rgb(pub [u8; 3]);

impl Rgb {
    /// Reads `#rrggbb` or `#rgb`.
    pub(crate) fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
        match hex.len() {
            6 => {
                let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
                Some(Rgb([byte(0)?, byte(2)?, byte(4)?]))
            }
            3 => Some(Rgb([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17])),
            _ => None,
        }
    }
}

/// Where the picture goes on a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Layout {
    /// The picture fills the inline end (right, or left in a right-to-left language); text beside it.
    PictureRight,
    /// The picture fills the card, darkened where the text sits.
    PictureBackground,
    /// No picture, even when the briefing has one.
    TextOnly,
}

impl Layout {
    /// The names a theme writes in `theme.toml`.
    pub(crate) const NAMES: [&'static str; 3] = ["picture-right", "picture-background", "text-only"];

    pub(crate) fn from_name(name: &str) -> Option<Layout> {
        match name {
            "picture-right" => Some(Layout::PictureRight),
            "picture-background" => Some(Layout::PictureBackground),
            "text-only" => Some(Layout::TextOnly),
            _ => None,
        }
    }
}

/// How a theme styles its cards (`[card]` in `theme.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct CardStyle {
    pub background: Rgb,
    pub text: Rgb,
    pub accent: Rgb,
    pub layout: Layout,
}

impl Default for CardStyle {
    fn default() -> CardStyle {
        CardStyle {
            background: Rgb([0xfb, 0xf8, 0xf1]),
            text: Rgb([0x1c, 0x1b, 0x19]),
            accent: Rgb([0xa3, 0x1f, 0x1a]),
            layout: Layout::PictureRight,
        }
    }
}

/// The font files cards are set in, shared by every thread that draws.
#[derive(Clone, Default)]
pub(crate) struct CardFonts {
    faces: Vec<Arc<Vec<u8>>>,
    /// A hash of the faces' bytes, for card keys.
    pub fingerprint: [u8; 32],
}

impl std::fmt::Debug for CardFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CardFonts({} faces)", self.faces.len())
    }
}

impl CardFonts {
    /// Fonts from TTF/OTF bytes (the theme's `cards/` files).
    pub(crate) fn new(faces: Vec<Vec<u8>>) -> CardFonts {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for face in &faces {
            hasher.update((face.len() as u64).to_le_bytes());
            hasher.update(face);
        }
        CardFonts { faces: faces.into_iter().map(Arc::new).collect(), fingerprint: hasher.finalize().into() }
    }

    /// Whether there is anything to set text in.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.faces.is_empty()
    }

    /// A drawing kit for one thread: a font system that knows these fonts and no others.
    pub(crate) fn drawer(&self) -> Drawer {
        let mut db = fontdb::Database::new();
        for face in &self.faces {
            db.load_font_source(fontdb::Source::Binary(Arc::clone(face) as Arc<dyn AsRef<[u8]> + Sync + Send>));
        }
        let faces: Vec<(fontdb::ID, String)> = db.faces().map(|f| (f.id, f.families[0].0.clone())).collect();
        let mut fonts = FontSystem::new_with_locale_and_db("en-US".into(), db);
        // The first face with Latin letters sets Latin text (and stands for "sans-serif"); every
        // other script falls back to the face that has it.
        let has_latin = |fonts: &mut FontSystem, id| {
            fonts.get_font(id, fontdb::Weight::NORMAL).is_some_and(|f| f.as_swash().charmap().map('a') != 0)
        };
        if let Some((_, family)) = faces.iter().find(|(id, _)| has_latin(&mut fonts, *id)) {
            fonts.db_mut().set_sans_serif_family(family.clone());
        }
        Drawer { fonts, glyphs: SwashCache::new() }
    }
}

/// A font system and glyph cache: one per thread, reused card after card.
pub(crate) struct Drawer {
    pub(crate) fonts: FontSystem,
    glyphs: SwashCache,
}

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
    text::set(drawer, &mut canvas, &frame, spec, &colours);
    canvas.png()
}

/// The margin around the text.
const MARGIN: u32 = 72;
/// How wide the picture is in the `picture-right` layout.
pub(crate) const PICTURE_WIDTH: u32 = 480;

#[cfg(test)]
mod tests;
