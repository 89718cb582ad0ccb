//! Places the site's brand files: the logo (`[site] logo`) with the favicons made
//! from it — or, without a logo, a monogram of the site's title — and the authors'
//! photos (`authors.toml`). Everything is published under `brand/`. Pure.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::SystemTime;

use crate::media::describe::ImageInfo;
use crate::plan::bundles::{Variant, image_variants};
use crate::read::site::NamedFile;

/// The folder below the output root where brand files are published.
pub(crate) const BRAND_DIR: &str = "brand";

/// The favicon sizes made from a logo: the browser tab's, and the one iOS puts on a home screen.
pub(crate) const ICON_PX: u32 = 32;
pub(crate) const APPLE_TOUCH_PX: u32 = 180;

/// Widths of a raster logo's variants: about twice the masthead's height and wider logos.
const LOGO_WIDTHS: &[u32] = &[240, 480];
/// Widths of an author's photo: shown at 6 rem, twice that on dense screens.
const PHOTO_WIDTHS: &[u32] = &[96, 192, 384];

/// What a brand file is, from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum BrandKind {
    /// A checked SVG drawing, with its size in CSS pixels.
    Svg { width: u32, height: u32 },
    /// A still picture (JPEG, PNG, WebP, TIFF).
    Raster(ImageInfo),
}

/// What a brand file stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum BrandRole {
    Logo,
    /// The photo of the author with this key.
    Photo(String),
}

/// A brand file found and read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct BrandFile {
    pub role: BrandRole,
    pub named: NamedFile,
    /// Where its bytes are (inside the site).
    pub real: PathBuf,
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub kind: BrandKind,
}

/// The logo as published.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum PlacedLogo {
    /// Published as it is.
    Svg { path: String, width: u32, height: u32 },
    /// Published as variants, like a bundle's picture.
    Raster { webp: Vec<Variant>, fallback: Variant },
}

/// The favicons' paths below the base.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Icons {
    /// The logo itself when it is an SVG, else a monogram of the site's title.
    pub svg: String,
    /// A 32 px PNG and a 180 px apple-touch-icon: made from a logo only (see README, "Brand").
    pub png: Option<String>,
    pub apple_touch: Option<String>,
}

/// Every brand file's place.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Brand {
    pub logo: Option<(BrandFile, PlacedLogo)>,
    pub icons: Icons,
    /// Author key → the photo and its variants.
    pub photos: BTreeMap<String, (BrandFile, Vec<Variant>, Variant)>,
}

impl Default for Brand {
    fn default() -> Self {
        Brand {
            logo: None,
            icons: Icons { svg: icon_path("favicon.svg"), png: None, apple_touch: None },
            photos: BTreeMap::new(),
        }
    }
}

/// The path below the base of a file of `brand/`.
pub(crate) fn icon_path(name: &str) -> String {
    format!("{BRAND_DIR}/{name}")
}

/// Places the brand files that were found (a file that could not be used has its own error).
pub(crate) fn place_brand(files: Vec<BrandFile>) -> Brand {
    let mut brand = Brand::default();
    for file in files {
        match (&file.role, file.kind) {
            (BrandRole::Logo, BrandKind::Svg { width, height }) => {
                let placed = PlacedLogo::Svg { path: icon_path("logo.svg"), width, height };
                brand.icons = Icons {
                    svg: icon_path("logo.svg"),
                    png: Some(icon_path(&format!("icon-{ICON_PX}.png"))),
                    apple_touch: Some(icon_path("apple-touch-icon.png")),
                };
                brand.logo = Some((file, placed));
            }
            (BrandRole::Logo, BrandKind::Raster(info)) => {
                let (webp, fallback) = image_variants(&info, &icon_path("logo"), LOGO_WIDTHS);
                brand.icons.png = Some(icon_path(&format!("icon-{ICON_PX}.png")));
                brand.icons.apple_touch = Some(icon_path("apple-touch-icon.png"));
                brand.logo = Some((file, PlacedLogo::Raster { webp, fallback }));
            }
            (BrandRole::Photo(key), BrandKind::Raster(info)) => {
                let (webp, fallback) = image_variants(&info, &icon_path(&format!("authors/{key}")), PHOTO_WIDTHS);
                brand.photos.insert(key.clone(), (file, webp, fallback));
            }
            // The stage that finds brand files refuses a drawing as a photo.
            (BrandRole::Photo(_), BrandKind::Svg { .. }) => {}
        }
    }
    brand
}

/// The letter a site without a logo is known by in a browser's tab: the first letter or
/// digit of its title (a whole grapheme, so a Devanagari conjunct stays whole).
pub(crate) fn monogram_letter(title: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let first = title.graphemes(true).find(|g| g.chars().next().is_some_and(char::is_alphanumeric));
    first.map_or_else(|| "·".to_string(), |g| g.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_monogram_is_the_first_letter_whole() {
        assert_eq!(monogram_letter("पत्रिका — सामरिक"), "प");
        assert_eq!(monogram_letter("  «the Wire»"), "T");
        assert_eq!(monogram_letter("क्षेत्र"), "क्षे");
        assert_eq!(monogram_letter("—"), "·");
    }

    #[test]
    fn without_a_logo_only_the_monogram_is_an_icon() {
        let brand = place_brand(Vec::new());
        assert_eq!(brand.icons, Icons { svg: "brand/favicon.svg".into(), png: None, apple_touch: None });
        assert!(brand.logo.is_none());
    }
}
