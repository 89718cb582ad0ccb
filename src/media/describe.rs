//! What a page needs to know of an image before any pixel is decoded: its
//! format and its size as displayed (EXIF orientation applied), read from the
//! header, and which variants will be made of it. Cheap enough for every build.

use std::io::Cursor;

/// The still picture formats Patrika decodes and publishes as variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum RasterFormat {
    Jpeg,
    Png,
    Webp,
    Tiff,
}

impl RasterFormat {
    pub(crate) fn label(self) -> &'static str {
        match self {
            RasterFormat::Jpeg => "JPEG",
            RasterFormat::Png => "PNG",
            RasterFormat::Webp => "WebP",
            RasterFormat::Tiff => "TIFF",
        }
    }

    pub(crate) fn image_format(self) -> image::ImageFormat {
        match self {
            RasterFormat::Jpeg => image::ImageFormat::Jpeg,
            RasterFormat::Png => image::ImageFormat::Png,
            RasterFormat::Webp => image::ImageFormat::WebP,
            RasterFormat::Tiff => image::ImageFormat::Tiff,
        }
    }
}

/// An image's header facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ImageInfo {
    /// As displayed: for a photo taken on its side, width and height are swapped.
    pub width: u32,
    pub height: u32,
    pub format: RasterFormat,
    /// Whether it has an alpha channel (a WebP or TIFF with one falls back to PNG, not JPEG).
    pub has_alpha: bool,
    /// Bytes a decoded pixel takes at the source's depth (3 for 8-bit RGB, 8 for 16-bit RGBA).
    pub bytes_per_pixel: u8,
    /// What decoding it costs at its peak, its file included (see [`crate::media::budget`]).
    pub cost: u64,
}

use crate::media::budget::{self, decoding_cost};
use crate::media::{FALLBACK_MAX_WIDTH as FALLBACK_WIDTH, MAX_SIDE};

/// Reads a still picture's displayed size from its first bytes (`head`, of a file of
/// `file_len` bytes), refusing sizes over the budget. Only the chunks pixels need are
/// shown to the decoder, so no colour profile or text chunk is unpacked to read a size.
pub(crate) fn describe(head: &[u8], file_len: u64, format: RasterFormat, name: &str) -> Result<ImageInfo, String> {
    let pixels_only;
    let input = if format == RasterFormat::Png {
        pixels_only = crate::media::containers::png_pixels_only(head);
        &pixels_only[..]
    } else {
        head
    };
    let mut reader = image::ImageReader::with_format(Cursor::new(input), format.image_format());
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(HEADER_ALLOC);
    reader.limits(limits);
    let label = format.label();
    let decoder = reader.into_decoder().map_err(|e| format!("cannot read `{name}` as a {label} image: {e}"))?;
    let (width, height) = image::ImageDecoder::dimensions(&decoder);
    let colour = image::ImageDecoder::color_type(&decoder);
    let (has_alpha, bytes_per_pixel) = (colour.has_alpha(), colour.bytes_per_pixel());
    let cost = decoding_cost(file_len, width, height, bytes_per_pixel);
    check_size(name, width, height, cost)?;
    let (width, height) = if sideways(head) { (height, width) } else { (width, height) };
    Ok(ImageInfo { width, height, format, has_alpha, bytes_per_pixel, cost })
}

/// What a decoder may allocate to read a header: a JPEG's tables and markers, a TIFF's
/// first directory. Far below any picture, far above any honest header.
const HEADER_ALLOC: u64 = 64 << 20;

/// Refuses pictures whose decoding would cost more than the budget (decompression bombs,
/// or simply huge scans), saying what they are and what the limit is.
pub(crate) fn check_size(name: &str, width: u32, height: u32, cost: u64) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err(format!("`{name}` has no pixels ({width}×{height})"));
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(format!(
            "`{name}` is {width}×{height} pixels; the limit is {MAX_SIDE} pixels a side, so scale it down \
             before adding it to the site"
        ));
    }
    if cost > budget::PER_IMAGE {
        return Err(format!(
            "`{name}` is {width}×{height} pixels; reading it would take about {}, over the {} one picture may \
             use, so scale it down before adding it to the site",
            budget::shown(cost),
            budget::shown(budget::PER_IMAGE)
        ));
    }
    Ok(())
}

/// The EXIF orientation (1–8), 1 when there is none.
pub(crate) fn orientation(bytes: &[u8]) -> u32 {
    u32::from(crate::media::containers::exif_orientation(bytes))
}

/// Whether the orientation turns the picture a quarter (5–8 swap width and height).
fn sideways(bytes: &[u8]) -> bool {
    orientation(bytes) >= 5
}

/// The widths of the WebP variants of an image `width` pixels wide: every configured
/// width below it, and the image's own width when a configured one would upscale.
/// The encoder's own rule, so that what pages promise is what it makes.
pub(crate) use crate::media::variant_widths;

/// The width of the one fallback in the original format.
pub(crate) fn fallback_width(width: u32) -> u32 {
    width.min(FALLBACK_WIDTH)
}

/// The height of a variant `width` wide, keeping the aspect ratio (at least 1 pixel).
pub(crate) fn scaled_height(info: &ImageInfo, width: u32) -> u32 {
    crate::media::scaled_height(info.width.max(1), info.height, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_never_upscaled_and_never_repeat() {
        assert_eq!(variant_widths(2400, &[480, 960, 1600]), [480, 960, 1600]);
        assert_eq!(variant_widths(1000, &[480, 960, 1600]), [480, 960, 1000]);
        assert_eq!(variant_widths(960, &[480, 960, 1600]), [480, 960]);
        assert_eq!(variant_widths(300, &[480, 960]), [300]);
        assert_eq!(fallback_width(3000), 1200);
        assert_eq!(fallback_width(800), 800);
    }

    #[test]
    fn heights_keep_the_aspect_ratio() {
        let info = ImageInfo {
            width: 3000,
            height: 2000,
            format: RasterFormat::Jpeg,
            has_alpha: false,
            bytes_per_pixel: 3,
            cost: 0,
        };
        assert_eq!(scaled_height(&info, 480), 320);
        assert_eq!(scaled_height(&info, 1), 1);
    }

    #[test]
    fn absurd_sizes_and_non_images_are_refused_by_name() {
        assert!(check_size("a.png", 40_000, 10, 0).unwrap_err().contains("`a.png` is 40000×10 pixels"));
        let over = check_size("a.png", 20_000, 20_000, 3 << 30).unwrap_err();
        assert!(over.contains("reading it would take about 3.0 GiB, over the 1.0 GiB one picture may use"), "{over}");
        assert!(check_size("a.png", 0, 5, 0).is_err());
        let not = describe(b"not an image at all", 19, RasterFormat::Jpeg, "x.jpg").unwrap_err();
        assert!(not.contains("cannot read `x.jpg` as a JPEG image"), "{not}");
        assert!(describe(b"", 0, RasterFormat::Png, "empty.png").is_err());
    }
}
