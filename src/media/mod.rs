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
//! pub(crate) enum MediaKind { Raster, CopyAsIs }
//!
//! pub(crate) fn kind_of(file_name: &str) -> Option<MediaKind>;
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
//! * Sources over [`MAX_PIXELS`] or with a side over [`MAX_SIDE`] are refused
//!   from their header, before any pixel is decoded.
//! * Errors name the image by `file_stem`; [`ImageError::named`] lets the caller
//!   put the source path there instead.

pub(crate) mod cache;
pub mod describe;
pub(crate) mod process;
#[cfg(test)]
mod process_tests;
#[doc(hidden)]
pub mod testing;

use std::fmt;
use std::sync::Arc;

pub(crate) use process::process;

/// Whether an image of this size is refused (a decompression bomb, or simply absurd).
pub(crate) fn exceeds_limits(width: u32, height: u32) -> bool {
    width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS
}

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

/// Sources above this are refused: decoding 100 MP already needs ~400 MB.
pub(crate) const MAX_PIXELS: u64 = 100_000_000;
/// A side longer than this is refused even when the area is small, because such
/// strips are almost always crafted or broken files rather than photos.
pub(crate) const MAX_SIDE: u32 = 30_000;
/// Wide enough for social cards (og:image wants ≥ 1200) without shipping the
/// full camera resolution as the non-WebP fallback.
pub(crate) const FALLBACK_MAX_WIDTH: u32 = 1200;

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

/// How a file under the content tree is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaKind {
    /// Decoded, resized and re-encoded by [`process`].
    Raster,
    /// Published byte for byte: vector art, and GIFs whose animation re-encoding would lose.
    CopyAsIs,
}

/// Classifies by extension alone (case-insensitive); `None` means not media.
pub(crate) fn kind_of(file_name: &str) -> Option<MediaKind> {
    let (stem, ext) = file_name.rsplit_once('.')?;
    if stem.is_empty() || stem.ends_with('/') {
        return None;
    }
    match ext.to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" | "png" | "webp" => Some(MediaKind::Raster),
        "svg" | "gif" => Some(MediaKind::CopyAsIs),
        _ => None,
    }
}

/// Why an image could not be processed. `name` is what the message calls the
/// image: the `file_stem` given to [`process`] unless replaced by [`ImageError::named`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ImageError {
    Empty { name: String },
    UnknownFormat { name: String, found: Option<&'static str> },
    TooLarge { name: String, width: u32, height: u32 },
    Decode { name: String, format: &'static str, cause: String },
    Encode { name: String, format: &'static str, cause: String },
}

impl ImageError {
    /// Replaces the name shown in the message, e.g. with the source's path,
    /// since [`process`] only knows the stem used for output names.
    pub(crate) fn named(mut self, new_name: impl Into<String>) -> Self {
        let slot = match &mut self {
            ImageError::Empty { name }
            | ImageError::UnknownFormat { name, .. }
            | ImageError::TooLarge { name, .. }
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
                write!(f, "`{name}` is a {kind} file; only JPEG, PNG and WebP images can be resized")
            }
            ImageError::UnknownFormat { name, found: None } => {
                write!(f, "`{name}` is not a JPEG, PNG or WebP image (its first bytes match no known format)")
            }
            ImageError::TooLarge { name, width, height } => write!(
                f,
                "`{name}` is {width}×{height} pixels; the limit is {} megapixels and {MAX_SIDE} pixels \
                 per side, so scale it down before adding it to the site",
                MAX_PIXELS / 1_000_000
            ),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(kind_of("a.JPG"), Some(MediaKind::Raster));
        assert_eq!(kind_of("a.b.jpeg"), Some(MediaKind::Raster));
        assert_eq!(kind_of("x.Png"), Some(MediaKind::Raster));
        assert_eq!(kind_of("x.webp"), Some(MediaKind::Raster));
        assert_eq!(kind_of("logo.SVG"), Some(MediaKind::CopyAsIs));
        assert_eq!(kind_of("anim.gif"), Some(MediaKind::CopyAsIs));
        assert_eq!(kind_of("notes.md"), None);
        assert_eq!(kind_of("jpg"), None);
        assert_eq!(kind_of(".png"), None);
        assert_eq!(kind_of("dir/.png"), None);
    }

    #[test]
    fn formats_round_trip_through_extension() {
        for f in [VariantFormat::Webp, VariantFormat::Jpeg, VariantFormat::Png] {
            assert_eq!(VariantFormat::from_extension(f.extension()), Some(f));
            assert!(f.mime().starts_with("image/"));
        }
    }

    #[test]
    fn too_large_message_names_size_and_limit() {
        let e = ImageError::TooLarge { name: "big".into(), width: 40000, height: 40000 };
        let msg = e.named("content/big.png").to_string();
        assert!(msg.contains("`content/big.png` is 40000×40000 pixels; the limit is 100 megapixels"), "{msg}");
    }
}
