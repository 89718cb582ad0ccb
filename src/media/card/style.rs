//! What a card looks like: its size, colours and layout, as a theme sets them. Pure values.

/// A card's width and height in pixels (the size every social network shows whole).
pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;

/// How wide the picture is in the `picture-right` layout.
pub(crate) const PICTURE_WIDTH: u32 = 480;

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
