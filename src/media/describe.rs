//! What a page needs to know of an image before any pixel is decoded: its
//! format and its size as displayed (EXIF orientation applied), read from the
//! header, and which variants will be made of it. Cheap enough for every build.

use std::io::Cursor;

/// The raster formats Patrika resizes; anything else is copied as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum RasterFormat {
    Jpeg,
    Png,
    Webp,
}

/// An image's header facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ImageInfo {
    /// As displayed: for a photo taken on its side, width and height are swapped.
    pub width: u32,
    pub height: u32,
    pub format: RasterFormat,
    /// Whether it has an alpha channel (a WebP with one falls back to PNG, not JPEG).
    pub has_alpha: bool,
}

use crate::media::{FALLBACK_MAX_WIDTH as FALLBACK_WIDTH, MAX_PIXELS, MAX_SIDE, exceeds_limits};

/// Reads an image's format and displayed size from its first bytes, refusing absurd sizes.
pub(crate) fn describe(bytes: &[u8], name: &str) -> Result<ImageInfo, String> {
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read `{name}`: {e}"))?;
    let format = match reader.format() {
        Some(image::ImageFormat::Jpeg) => RasterFormat::Jpeg,
        Some(image::ImageFormat::Png) => RasterFormat::Png,
        Some(image::ImageFormat::WebP) => RasterFormat::Webp,
        Some(other) => {
            return Err(format!("`{name}` is a {other:?} image; Patrika resizes JPEG, PNG and WebP"));
        }
        None => return Err(format!("`{name}` is not a JPEG, PNG or WebP image (its first bytes say otherwise)")),
    };
    let decoder = reader.into_decoder().map_err(|e| format!("cannot read the size of `{name}`: {e}"))?;
    let (width, height) = image::ImageDecoder::dimensions(&decoder);
    let has_alpha = image::ImageDecoder::color_type(&decoder).has_alpha();
    check_size(name, width, height)?;
    let (width, height) = if sideways(bytes) { (height, width) } else { (width, height) };
    Ok(ImageInfo { width, height, format, has_alpha })
}

/// Refuses images whose decoding would take absurd memory (decompression bombs).
pub(crate) fn check_size(name: &str, width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err(format!("`{name}` has no pixels ({width}×{height})"));
    }
    if exceeds_limits(width, height) {
        return Err(format!(
            "`{name}` is {width}×{height} pixels; the limit is {MAX_SIDE} pixels a side and {} megapixels",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// The EXIF orientation (1–8), 1 when there is none.
pub(crate) fn orientation(bytes: &[u8]) -> u32 {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return 1;
    };
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .filter(|o| (1..=8).contains(o))
        .unwrap_or(1)
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
        let info = ImageInfo { width: 3000, height: 2000, format: RasterFormat::Jpeg, has_alpha: false };
        assert_eq!(scaled_height(&info, 480), 320);
        assert_eq!(scaled_height(&info, 1), 1);
    }

    #[test]
    fn absurd_sizes_and_non_images_are_refused_by_name() {
        assert!(check_size("a.png", 40_000, 10).unwrap_err().contains("`a.png` is 40000×10 pixels"));
        assert!(check_size("a.png", 20_000, 20_000).is_err());
        assert!(check_size("a.png", 0, 5).is_err());
        assert!(describe(b"not an image at all", "x.jpg").unwrap_err().contains("`x.jpg`"));
        assert!(describe(b"", "empty.png").is_err());
    }
}
