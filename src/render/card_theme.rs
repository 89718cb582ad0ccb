//! What a theme says about its share cards: the font files in its `cards/` folder and the
//! `[card]` table of its `theme.toml` (colours and layout). Reads the theme's layered
//! files as given; a theme without card fonts gets the built-in theme's.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::media::card::{CardFonts, CardStyle, Layout, Rgb};
use crate::read::config::Config;
use crate::read::document::SourceDoc;
use crate::read::tomlread::TomlSource;

/// The fonts and style of a theme's cards.
#[derive(Debug, Clone, Default)]
pub(crate) struct CardTheme {
    pub fonts: CardFonts,
    pub style: CardStyle,
}

/// Whether a page gets a share card: every briefing, unless `[build] share_cards = false`.
pub(crate) fn has_card(config: &Config, doc: &SourceDoc) -> bool {
    config.share_cards && !doc.info.section.is_empty()
}

/// One file of the layered theme: its path in the theme, how messages name it, its bytes.
pub(crate) struct ThemeFile<'a> {
    pub rel: &'a str,
    pub shown_as: &'a str,
    pub bytes: Option<Vec<u8>>,
}

const CARD_KEYS: &[&str] = &["background", "text", "accent", "layout"];

/// Whether a theme file is a font cards are set in.
pub(crate) fn is_card_font(rel: &str) -> bool {
    rel.starts_with("cards/") && (rel.ends_with(".ttf") || rel.ends_with(".otf"))
}

/// Reads the card fonts and `[card]` of the theme's files; `builtin` are the built-in theme's
/// card fonts, used when the theme has none.
pub(crate) fn load(files: &[ThemeFile], builtin: Vec<Vec<u8>>) -> Result<CardTheme, Vec<Diagnostic>> {
    let own: Vec<Vec<u8>> = files.iter().filter(|f| is_card_font(f.rel)).filter_map(|f| f.bytes.clone()).collect();
    let fonts = CardFonts::new(if own.is_empty() { builtin } else { own });
    let style = match files.iter().find(|f| f.rel == "theme.toml") {
        Some(file) => style_of(file)?,
        None => CardStyle::default(),
    };
    Ok(CardTheme { fonts, style })
}

/// The `[card]` table of `theme.toml`; every problem at its line and column.
fn style_of(file: &ThemeFile) -> Result<CardStyle, Vec<Diagnostic>> {
    let text = file.bytes.as_deref().and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default();
    let source = TomlSource { path: Path::new(file.shown_as), file_text: text, offset: 0 };
    let mut diags = Vec::new();
    let Some(doc) = source.parse(text, &mut diags) else { return Err(diags) };
    let top = source.table(&doc, "", 0..0);
    let mut style = CardStyle::default();
    if let Some(card) = top.table("card", &mut diags) {
        card.reject_unknown(CARD_KEYS, &mut diags);
        for (key, slot) in
            [("background", &mut style.background), ("text", &mut style.text), ("accent", &mut style.accent)]
        {
            let Some(value) = card.string(key, &mut diags) else { continue };
            match Rgb::parse(&value) {
                Some(colour) => *slot = colour,
                None => diags.push(
                    card.error_at(key, &format!("`card.{key}` is a colour such as \"#1a1a1a\", not \"{value}\"")),
                ),
            }
        }
        if let Some(name) = card.string("layout", &mut diags) {
            match Layout::from_name(&name) {
                Some(layout) => style.layout = layout,
                None => diags.push(card.error_at(
                    "layout",
                    &format!(
                        "`card.layout` is one of {}, not \"{name}\"",
                        Layout::NAMES.map(|n| format!("\"{n}\"")).join(", ")
                    ),
                )),
            }
        }
    }
    if diags.is_empty() { Ok(style) } else { Err(diags) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_toml(text: &str) -> Result<CardTheme, Vec<Diagnostic>> {
        let file =
            ThemeFile { rel: "theme.toml", shown_as: "themes/t/theme.toml", bytes: Some(text.as_bytes().to_vec()) };
        load(&[file], vec![b"font".to_vec()])
    }

    #[test]
    fn a_theme_restyles_its_cards() {
        let theme =
            theme_toml("name = \"t\"\n[card]\nbackground = \"#000\"\ntext = \"#ffffff\"\nlayout = \"text-only\"\n")
                .unwrap();
        assert_eq!(theme.style.background, Rgb([0, 0, 0]));
        assert_eq!(theme.style.text, Rgb([255, 255, 255]));
        assert_eq!(theme.style.accent, CardStyle::default().accent);
        assert_eq!(theme.style.layout, Layout::TextOnly);
        assert!(!theme.fonts.is_empty(), "the built-in fonts stand in");
    }

    #[test]
    fn card_mistakes_are_reported_where_they_are() {
        let errors = theme_toml("[card]\nbackground = \"blue\"\nlayout = \"left\"\ncolour = \"#fff\"\n").unwrap_err();
        let shown: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "themes/t/theme.toml:4:1: error: unknown key `colour` in [card] (expected one of: background, text, accent, layout)",
                "themes/t/theme.toml:2:14: error: `card.background` is a colour such as \"#1a1a1a\", not \"blue\"",
                "themes/t/theme.toml:3:10: error: `card.layout` is one of \"picture-right\", \"picture-background\", \"text-only\", not \"left\"",
            ]
        );
    }
}
