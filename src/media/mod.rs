//! The image stage: turns one raster source into responsive WebP variants plus
//! one fallback in the source's own format, and caches the result on disk.
//!
//! # API
//!
//! ```text
//! pub(crate) struct ImageSettings { pub widths: Vec<u32>, pub quality: u8 }
//! pub(crate) enum VariantFormat { Webp, Jpeg, Png }       // .extension(), .mime()
//! pub(crate) struct Variant { width, height, format, file_name: String, bytes: Arc<[u8]> }
//! pub(crate) struct ProcessedImage { width, height, webp: Vec<Variant>, fallback: Variant }
//! pub(crate) enum ImageError { Empty, UnknownFormat, TooLarge, Decode, Encode }
//!
//! pub(crate) fn sniff::sniff(head: &[u8], name: &str) -> Sniffed;   // what a file is
//! pub(crate) fn process(bytes: &[u8], file_stem: &str, settings: &ImageSettings)
//!     -> Result<ProcessedImage, ImageError>;
//! impl VariantCache {
//!     pub(crate) fn new(dir: PathBuf) -> Self;
//!     pub(crate) fn get_or_process(&self, bytes, file_stem, settings)
//!         -> Result<(ProcessedImage, bool /* from cache */), ImageError>;
//! }
//! ```
//!
//! # Rules
//!
//! * Each configured width becomes `min(width, source width)`; duplicates are
//!   dropped, so nothing is upscaled, a source narrower than the largest
//!   width gets a variant at its own width, and one narrower than every width
//!   gets exactly one variant. An empty `widths` list also gives one variant at
//!   the source width. Heights keep the aspect ratio, rounded, at least 1 px.
//! * WebP variants are lossy at `quality`, and keep alpha only when some pixel
//!   is not fully opaque. WebP cannot hold a side over 16383 px, so a variant
//!   that would exceed it is left out (only a very tall, narrow source loses
//!   any); `webp` is then possibly empty, and the fallback still serves.
//! * The fallback is `min(source width, 1200)` wide: JPEG for a JPEG source,
//!   PNG for a PNG source, and for a WebP source JPEG if every pixel is opaque,
//!   PNG otherwise. It doubles as the `og:image`.
//! * File names are `{file_stem}-{width}.webp` and `{file_stem}-{width}.jpg|png`.
//! * The EXIF orientation (all 8 values) is applied first, so every width and
//!   height is as displayed. Outputs are re-encoded from pixels, so no EXIF,
//!   GPS, XMP, comment or ICC profile survives.
//! * Sources whose decoding would cost more than one picture's budget
//!   ([`budget::PER_IMAGE`]) or with a side over [`MAX_SIDE`] are refused from
//!   their header, before any pixel is decoded; PNG decoders see only the chunks
//!   pixels need, so no colour profile or text chunk is ever unpacked.
//! * Animations (GIF, animated PNG and WebP) are published as they are less their
//!   metadata ([`containers`]); SVG only after [`svg::check_svg`] finds nothing
//!   that runs or loads.
//! * Errors name the image by `file_stem`; [`ImageError::named`] lets the caller
//!   put the source path there instead.

pub(crate) mod brand;
pub(crate) mod budget;
pub(crate) mod cache;
pub(crate) mod card;
pub(crate) mod containers;
pub mod describe;
pub(crate) mod inspect;
pub(crate) mod problem;
pub(crate) mod process;
#[cfg(test)]
mod process_tests;
pub(crate) mod sniff;
pub(crate) mod svg;
#[doc(hidden)]
pub mod testing;

use std::fmt;
use std::sync::Arc;

pub(crate) use process::process;

/// The widths of an image's variants: each configured width capped at the source width,
/// so nothing is upscaled and a narrow source still gets one variant at its own size.
/// The encoder's rule and what pages promise alike (`describe` and `process` both use it).
pub(crate) fn variant_widths(source_width: u32, configured: &[u32]) -> Vec<u32> {
    let mut widths: Vec<u32> = configured.iter().filter(|&&w| w > 0).map(|&w| w.min(source_width)).collect();
    if widths.is_empty() {
        widths.push(source_width);
    }
    widths.sort_unstable();
    widths.dedup();
    widths
}

/// The height of a variant `width` wide: rounded to nearest, never 0, so a 3000×1 banner
/// still yields a valid image.
pub(crate) fn scaled_height(source_width: u32, source_height: u32, width: u32) -> u32 {
    let (sw, sh, w) = (u64::from(source_width), u64::from(source_height), u64::from(width));
    let h = (2 * sh * w + sw) / (2 * sw);
    u32::try_from(h.max(1)).unwrap_or(u32::MAX)
}

/// A side longer than this is refused even when the area is small, because such
/// strips are almost always crafted or broken files rather than photos.
pub(crate) const MAX_SIDE: u32 = 30_000;
/// Wide enough for social cards (og:image wants ≥ 1200) without shipping the
/// full camera resolution as the non-WebP fallback.
pub(crate) const FALLBACK_MAX_WIDTH: u32 = 1200;

/// What a bundle file is published as, from what its bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum AssetKind {
    /// A still picture, with its header facts: published as its variants.
    Image(describe::ImageInfo),
    /// An animation: published as it is, less its metadata.
    Animation(sniff::Animation),
    /// Published byte for byte (a PDF, a checked SVG, …).
    File,
    /// Not published: its own error says why, so a link to it is not reported again.
    Refused,
}

/// The `[images]` table of the site config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageSettings {
    pub widths: Vec<u32>,
    /// 1–100; values outside are clamped when encoding.
    pub quality: u8,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings { widths: vec![480, 960, 1600], quality: 80 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum VariantFormat {
    Webp,
    Jpeg,
    Png,
}

impl VariantFormat {
    pub(crate) fn extension(self) -> &'static str {
        match self {
            VariantFormat::Webp => "webp",
            VariantFormat::Jpeg => "jpg",
            VariantFormat::Png => "png",
        }
    }

    pub(crate) fn mime(self) -> &'static str {
        match self {
            VariantFormat::Webp => "image/webp",
            VariantFormat::Jpeg => "image/jpeg",
            VariantFormat::Png => "image/png",
        }
    }

    /// The inverse of [`VariantFormat::extension`], for reading cache manifests.
    pub(crate) fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "webp" => Some(VariantFormat::Webp),
            "jpg" => Some(VariantFormat::Jpeg),
            "png" => Some(VariantFormat::Png),
            _ => None,
        }
    }
}

/// One encoded output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: VariantFormat,
    pub file_name: String,
    /// Shared so the cache, the writer and the dev server can hold it without copying.
    pub bytes: Arc<[u8]>,
}

/// Everything a page needs to show one source image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProcessedImage {
    /// Of the source after orientation is applied.
    pub width: u32,
    pub height: u32,
    /// Ascending widths.
    pub webp: Vec<Variant>,
    pub fallback: Variant,
}

/// Why an image could not be processed. `name` is what the message calls the
/// image: the `file_stem` given to [`process`] unless replaced by [`ImageError::named`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ImageError {
    Empty {
        name: String,
    },
    UnknownFormat {
        name: String,
        found: Option<&'static str>,
    },
    TooLarge {
        name: String,
        width: u32,
        height: u32,
        cost: u64,
    },
    /// Its metadata unpacks to more than [`containers::METADATA_LIMIT`]; `what` crossed it.
    Metadata {
        name: String,
        what: String,
    },
    Decode {
        name: String,
        format: &'static str,
        cause: String,
    },
    Encode {
        name: String,
        format: &'static str,
        cause: String,
    },
}

impl ImageError {
    /// Replaces the name shown in the message, e.g. with the source's path,
    /// since [`process`] only knows the stem used for output names.
    pub(crate) fn named(mut self, new_name: impl Into<String>) -> Self {
        let slot = match &mut self {
            ImageError::Empty { name }
            | ImageError::UnknownFormat { name, .. }
            | ImageError::TooLarge { name, .. }
            | ImageError::Metadata { name, .. }
            | ImageError::Decode { name, .. }
            | ImageError::Encode { name, .. } => name,
        };
        *slot = new_name.into();
        self
    }
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::Empty { name } => write!(f, "`{name}` is an empty file, not an image"),
            ImageError::UnknownFormat { name, found: Some(kind) } => {
                write!(f, "`{name}` is a {kind} file; only JPEG, PNG, WebP and TIFF pictures can be resized")
            }
            ImageError::UnknownFormat { name, found: None } => {
                write!(f, "`{name}` is not a JPEG, PNG, WebP or TIFF picture (its first bytes match none)")
            }
            ImageError::TooLarge { name, width, height, cost } => {
                let limit = budget::shown(budget::PER_IMAGE);
                if *width > MAX_SIDE || *height > MAX_SIDE {
                    write!(f, "`{name}` is {width}×{height} pixels; the limit is {MAX_SIDE} pixels a side")?;
                } else {
                    let needs = budget::shown(*cost);
                    write!(
                        f,
                        "`{name}` is {width}×{height} pixels; reading it would take about {needs}, over the {limit} one picture may use"
                    )?;
                }
                f.write_str(", so scale it down before adding it to the site")
            }
            ImageError::Metadata { name, what } => f.write_str(&metadata_refusal(name, what)),
            ImageError::Decode { name, format, cause } => {
                write!(f, "cannot decode `{name}` as a {format} image: {cause}")
            }
            ImageError::Encode { name, format, cause } => {
                write!(f, "cannot encode `{name}` as {format}: {cause}")
            }
        }
    }
}

impl std::error::Error for ImageError {}

/// Why a picture whose metadata is over the limit is refused.
pub(crate) fn metadata_refusal(name: &str, what: &str) -> String {
    format!(
        "`{name}` carries more than {} of metadata once unpacked (the limit was reached at {what}); no picture \
         needs that much, so it is refused as a likely decompression bomb: export the picture again without \
         its metadata",
        budget::shown(containers::METADATA_LIMIT)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_round_trip_through_extension() {
        for f in [VariantFormat::Webp, VariantFormat::Jpeg, VariantFormat::Png] {
            assert_eq!(VariantFormat::from_extension(f.extension()), Some(f));
            assert!(f.mime().starts_with("image/"));
        }
    }

    #[test]
    fn too_large_message_names_size_and_limit() {
        let e = ImageError::TooLarge { name: "big".into(), width: 40000, height: 40000, cost: 1 << 33 };
        let msg = e.named("content/big.png").to_string();
        assert!(msg.contains("`content/big.png` is 40000×40000 pixels; the limit is 30000 pixels a side"), "{msg}");
        let e = ImageError::TooLarge { name: "big".into(), width: 20000, height: 20000, cost: 3 << 30 };
        assert!(e.to_string().contains("reading it would take about 3.0 GiB, over the 1.0 GiB"), "{e}");
    }
}
