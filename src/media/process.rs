//! Decode → orient → resize → encode: the pure, in-memory half of the image
//! stage. No file system access, so the cache and the tests can drive it freely.

use std::borrow::Cow;
use std::io::Cursor;
use std::sync::Arc;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ImageEncoder, ImageReader, Limits};

use super::describe::RasterFormat;
use super::sniff::Sniffed;
use super::{
    FALLBACK_MAX_WIDTH, ImageError, ImageSettings, MAX_SIDE, ProcessedImage, Variant, VariantFormat, scaled_height,
    variant_widths,
};

/// libwebp's hard limit on either side.
const WEBP_MAX_SIDE: u32 = 16_383;

/// Decodes, applies EXIF orientation, resizes, encodes. Pure; never panics on any input.
/// Refuses, from the header, any picture whose decoding would cost more than one
/// picture's budget; the caller holds the picture's share of the budget shared by all.
pub(crate) fn process(bytes: &[u8], file_stem: &str, settings: &ImageSettings) -> Result<ProcessedImage, ImageError> {
    process_within(bytes, file_stem, settings, super::budget::PER_IMAGE)
}

/// [`process`] with another budget for one picture (the fuzz target's is smaller, so that
/// its time goes to formats rather than to decoding large pictures).
pub(crate) fn process_within(
    bytes: &[u8],
    file_stem: &str,
    settings: &ImageSettings,
    per_image: u64,
) -> Result<ProcessedImage, ImageError> {
    let (image, source) = decode_oriented(bytes, file_stem, per_image)?;
    // The fallback's format follows the header's colour type, as the planner (which
    // reads only the header) decided it before any pixel was decoded.
    let source_alpha = image.color().has_alpha();
    let image = into_rgb_or_rgba(image);
    variants_of(&image, source, source_alpha, file_stem, settings)
}

/// A picture's pixels as displayed (EXIF orientation applied), in RGBA: what a favicon is
/// drawn from. Refuses what [`process`] refuses, for the same reasons.
pub(crate) fn decoded_rgba(bytes: &[u8], name: &str) -> Result<image::RgbaImage, ImageError> {
    decode_oriented(bytes, name, super::budget::PER_IMAGE).map(|(image, _)| image.into_rgba8())
}

/// Sniffs, checks and decodes a picture within one picture's budget, and turns it upright.
fn decode_oriented(bytes: &[u8], name: &str, per_image: u64) -> Result<(DynamicImage, Source), ImageError> {
    let source = sniff(bytes, name)?;
    super::containers::metadata_within_limit(bytes)
        .map_err(|what| ImageError::Metadata { name: name.to_owned(), what })?;
    // Only the chunks pixels need reach the decoder: no profile or text chunk is unpacked.
    let pixels_only;
    let input = if source == Source::Png {
        pixels_only = super::containers::png_pixels_only(bytes);
        &pixels_only[..]
    } else {
        bytes
    };
    check_header(input, (bytes.len(), per_image), source, name)?;
    let mut image = decode(input, source, per_image, name)?;
    image.apply_orientation(read_orientation(bytes));
    Ok((image, source))
}

/// The WebP variants and the fallback of a decoded picture.
fn variants_of(
    image: &DynamicImage,
    source: Source,
    source_alpha: bool,
    file_stem: &str,
    settings: &ImageSettings,
) -> Result<ProcessedImage, ImageError> {
    let (width, height) = (image.width(), image.height());
    let quality = settings.quality.clamp(1, 100);
    let mut resizer = Resizer::new();

    let mut webp = Vec::new();
    for w in variant_widths(width, &settings.widths) {
        let h = scaled_height(width, height, w);
        if w > WEBP_MAX_SIDE || h > WEBP_MAX_SIDE {
            continue;
        }
        let pixels = resized(&mut resizer, image, w, h, file_stem)?;
        webp.push(encode(&pixels, VariantFormat::Webp, quality, file_stem)?);
    }

    let fallback_format = match (source, source_alpha) {
        (Source::Jpeg, _) | (Source::Webp | Source::Tiff, false) => VariantFormat::Jpeg,
        (Source::Png, _) | (Source::Webp | Source::Tiff, true) => VariantFormat::Png,
    };
    let fw = width.min(FALLBACK_MAX_WIDTH);
    let pixels = resized(&mut resizer, image, fw, scaled_height(width, height, fw), file_stem)?;
    let fallback = encode(&pixels, fallback_format, quality, file_stem)?;
    Ok(ProcessedImage { width, height, webp, fallback })
}

/// The formats [`process`] decodes.
type Source = RasterFormat;

/// Trusts the bytes, not the extension: a PNG saved as `.jpg` still works,
/// and the error for a GIF or HEIC says what the file really is.
fn sniff(bytes: &[u8], name: &str) -> Result<Source, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty { name: name.to_owned() });
    }
    let found = match super::sniff::sniff(bytes, "") {
        Sniffed::Still(format) => return Ok(format),
        Sniffed::Animation(animation) => Some(animation.label()),
        Sniffed::Uncleanable(label) => Some(label),
        Sniffed::Svg => Some("SVG"),
        Sniffed::WebPage(_) | Sniffed::NotAPicture | Sniffed::NeedMore | Sniffed::Other => None,
    };
    Err(ImageError::UnknownFormat { name: name.to_owned(), found })
}

/// Refuses decompression bombs from the header alone, before any pixel buffer
/// exists, and with a message that says what the limit is.
fn check_header(
    input: &[u8],
    (file_len, per_image): (usize, u64),
    source: Source,
    name: &str,
) -> Result<(), ImageError> {
    let mut reader = ImageReader::with_format(Cursor::new(input), source.image_format());
    reader.limits(decode_limits(None, per_image));
    let decoder = reader.into_decoder().map_err(|e| decode_error(e, source, name))?;
    let (width, height) = image::ImageDecoder::dimensions(&decoder);
    let bytes_per_pixel = image::ImageDecoder::color_type(&decoder).bytes_per_pixel();
    if width == 0 || height == 0 {
        let cause = format!("its header says it is {width}×{height} pixels");
        return Err(ImageError::Decode { name: name.to_owned(), format: source.label(), cause });
    }
    let cost = super::budget::decoding_cost(file_len as u64, width, height, bytes_per_pixel);
    if width > MAX_SIDE || height > MAX_SIDE || cost > per_image {
        return Err(ImageError::TooLarge { name: name.to_owned(), width, height, cost });
    }
    if source == Source::Jpeg && !jpeg_has_end(input) {
        // The JPEG decoder fills a cut-off scan with grey and reports success,
        // which would publish a half-grey photo without a word.
        let cause = "the file ends before the image data does (truncated?)".to_owned();
        return Err(ImageError::Decode { name: name.to_owned(), format: source.label(), cause });
    }
    Ok(())
}

/// Whether an end-of-image marker follows the first scan. Walks the header
/// segments by their lengths so that an EXIF thumbnail's own end marker (inside
/// APP1) cannot vouch for a truncated main image.
fn jpeg_has_end(bytes: &[u8]) -> bool {
    let mut at = 2; // past SOI, which the sniffer already saw
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return false;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1; // fill byte before a marker
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if marker == 0xDA {
            let scans = bytes.get(at + 2 + len..).unwrap_or_default();
            // Inside entropy-coded data 0xFF is always followed by 0x00 or a
            // restart marker, so FF D9 there can only be the real end.
            return scans.windows(2).any(|w| w == [0xFF, 0xD9]);
        }
        at += 2 + len;
    }
    false
}

fn decode(bytes: &[u8], source: Source, per_image: u64, name: &str) -> Result<DynamicImage, ImageError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), source.image_format());
    reader.limits(decode_limits(Some(MAX_SIDE), per_image));
    reader.decode().map_err(|e| decode_error(e, source, name))
}

/// The decoder's own limits: the sides, and no allocation over one picture's budget.
fn decode_limits(max_side: Option<u32>, per_image: u64) -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = max_side;
    limits.max_image_height = max_side;
    limits.max_alloc = Some(per_image);
    limits
}

/// Keeps the decoder's own diagnosis but drops its "Format error decoding
/// Jpeg:" prefix, since our message already says which format was expected.
fn decode_error(err: image::ImageError, source: Source, name: &str) -> ImageError {
    use image::ImageError as E;
    let cause = match &err {
        E::Decoding(d) => match std::error::Error::source(d) {
            Some(inner) => inner.to_string(),
            None => "the data is malformed".to_owned(),
        },
        E::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file ends too early (truncated?)".to_owned()
        }
        E::Limits(_) => format!(
            "decoding it would need more than the {} one picture may use",
            super::budget::shown(super::budget::PER_IMAGE)
        ),
        _ => err.to_string(),
    };
    // The JPEG decoder reports a cut-off header as an I/O error in its own words.
    let cause = if cause.contains("Not enough bytes") || cause.contains("No more bytes") {
        "the file ends too early (truncated?)".to_owned()
    } else {
        cause.trim().to_owned()
    };
    ImageError::Decode { name: name.to_owned(), format: source.label(), cause }
}

/// A missing, unreadable or out-of-range orientation means "as stored": the
/// tag is advisory, and refusing the photo over it would help nobody.
fn read_orientation(bytes: &[u8]) -> Orientation {
    u8::try_from(super::containers::exif_orientation(bytes))
        .ok()
        .and_then(Orientation::from_exif)
        .unwrap_or(Orientation::NoTransforms)
}

/// Brings grey, 16-bit and palette sources to the two layouts the resizer
/// and encoders share. Alpha is kept only if some pixel uses it, so opaque
/// RGBA PNGs get smaller WebPs and an opaque WebP source gets a JPEG fallback.
fn into_rgb_or_rgba(image: DynamicImage) -> DynamicImage {
    if !image.color().has_alpha() {
        return DynamicImage::ImageRgb8(image.into_rgb8());
    }
    let rgba = image.into_rgba8();
    if rgba.pixels().any(|p| p.0[3] != u8::MAX) {
        DynamicImage::ImageRgba8(rgba)
    } else {
        DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(rgba).into_rgb8())
    }
}

fn resized<'a>(
    resizer: &mut Resizer,
    image: &'a DynamicImage,
    width: u32,
    height: u32,
    name: &str,
) -> Result<Cow<'a, DynamicImage>, ImageError> {
    if (width, height) == (image.width(), image.height()) {
        return Ok(Cow::Borrowed(image));
    }
    let mut out = DynamicImage::new(width, height, image.color());
    // Lanczos3 keeps downscaled photos crisp; the resizer premultiplies alpha
    // itself so transparent edges do not turn dark.
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    resizer.resize(image, &mut out, &options).map_err(|e| ImageError::Encode {
        name: name.to_owned(),
        format: "a resized image",
        cause: e.to_string(),
    })?;
    Ok(Cow::Owned(out))
}

fn encode(image: &DynamicImage, format: VariantFormat, quality: u8, stem: &str) -> Result<Variant, ImageError> {
    let (width, height) = (image.width(), image.height());
    let pixels = image.as_bytes();
    let color = image.color().into();
    let mut out = Vec::new();
    let result = match format {
        VariantFormat::Webp => encode_webp(image, quality).map(|bytes| out = bytes),
        VariantFormat::Jpeg => JpegEncoder::new_with_quality(&mut out, quality)
            .write_image(pixels, width, height, color)
            .map_err(|e| e.to_string()),
        VariantFormat::Png => PngEncoder::new_with_quality(&mut out, CompressionType::Default, PngFilter::Adaptive)
            .write_image(pixels, width, height, color)
            .map_err(|e| e.to_string()),
    };
    result.map_err(|cause| ImageError::Encode {
        name: stem.to_owned(),
        format: match format {
            VariantFormat::Webp => "WebP",
            VariantFormat::Jpeg => "JPEG",
            VariantFormat::Png => "PNG",
        },
        cause,
    })?;
    let file_name = format!("{stem}-{width}.{}", format.extension());
    Ok(Variant { width, height, format, file_name, bytes: Arc::from(out) })
}

/// Lossy WebP through libwebp, because the `image` crate only writes lossless
/// WebP, which is several times larger for photos.
fn encode_webp(image: &DynamicImage, quality: u8) -> Result<Vec<u8>, String> {
    let (width, height) = (image.width(), image.height());
    let encoder = if image.color().has_alpha() {
        webp::Encoder::from_rgba(image.as_bytes(), width, height)
    } else {
        webp::Encoder::from_rgb(image.as_bytes(), width, height)
    };
    // `encode` would unwrap libwebp's error; the fallible form keeps process() panic-free.
    match encoder.encode_simple(false, f32::from(quality)) {
        Ok(memory) => Ok(memory.to_vec()),
        Err(e) => Err(format!("libwebp refused it ({e:?})")),
    }
}
