//! Finds out what a bundle file is from its bytes and whether it may be
//! published, reading no more of it than that takes, and every whole file
//! within the decoding budget. Reads files; writes none.

use std::io::Read;
use std::path::Path;

use crate::media::budget::{self, DECODING, Reservation};
use crate::media::containers::{apng_cleaned, gif_cleaned, webp_animation_cleaned};
use crate::media::describe::{ImageInfo, RasterFormat, describe};
pub(crate) use crate::media::problem::Problem;
use crate::media::sniff::{Animation, SNIFF_BYTES, Served, Sniffed, sniff};
use crate::media::svg::{MAX_SVG_BYTES, check_svg};
use crate::media::{AssetKind, MAX_SIDE};

/// Enough of a file for any header Patrika reads (a JPEG's EXIF block is at most 64 KiB).
const HEADER_BYTES: u64 = 512 * 1024;

/// Parsing an SVG takes about this many bytes of memory per byte of file, at most.
const SVG_PARSE_FACTOR: u64 = 32;

/// What the bundle file `name` (its bytes at `real`, `len` long) is published as, or why not.
pub(crate) fn inspect(real: &Path, len: u64, name: &str) -> Result<AssetKind, Vec<Problem>> {
    let head = read_start(real, SNIFF_BYTES as u64, name).map_err(Problem::whole)?;
    let mut sniffed = sniff(&head, name);
    if sniffed == Sniffed::NeedMore {
        let (whole, _held) = read_whole(real, len, len, name).map_err(Problem::whole)?;
        // A PNG whose image data never starts is still a PNG: its decoder says what is wrong.
        sniffed = match sniff(&whole, name) {
            Sniffed::NeedMore => Sniffed::Still(RasterFormat::Png),
            other => other,
        };
    }
    match sniffed {
        Sniffed::Still(format) => header_of(real, len, format, name).map(AssetKind::Image).map_err(Problem::whole),
        Sniffed::Animation(animation) => animation_cleaned(real, len, animation, name)
            .map(|_| AssetKind::Animation(animation))
            .map_err(Problem::whole),
        Sniffed::Svg => svg_checked(real, len, name).map(|()| AssetKind::File),
        Sniffed::Uncleanable(label) => Err(Problem::whole(uncleanable_refusal(name, label))),
        Sniffed::WebPage(extension) => Err(Problem::whole(page_refusal(name, extension))),
        Sniffed::NotAPicture => Err(Problem::whole(format!(
            "`{name}` is named like a picture but is not one: its first bytes match no picture format \
             (JPEG, PNG, WebP, TIFF, GIF)"
        ))),
        Sniffed::NeedMore | Sniffed::Other => Ok(AssetKind::File),
    }
}

fn uncleanable_refusal(name: &str, label: &str) -> String {
    let instead = match label {
        "HEIF/HEIC" => "JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible)",
        _ => "JPEG or WebP",
    };
    let article = if label.starts_with(['A', 'a']) { "an" } else { "a" };
    format!(
        "`{name}` is {article} {label} picture, which Patrika cannot read: there is no well-kept {label} decoder in \
         Rust, so its metadata (GPS position, camera serial) could not be removed. Export it as {instead} and \
         add that instead"
    )
}

fn page_refusal(name: &str, served: Served) -> String {
    let served = match served {
        Served::Page(extension) => format!("would be served as a `.{extension}` page"),
        Served::Document(mime) => format!("would be served as `{mime}`, which a browser shows as a page"),
        Served::Markup => "is an HTML or XML page, and a server that guesses a file's type serves it as one".into(),
        Served::Program(extension) => {
            return format!(
                "`{name}` would be run as a `.{extension}` program by a web server that runs them (PHP, ASP, JSP, \
                 CGI): bundle files may not be programs; publish the code as a `.txt` file or in a ZIP archive"
            );
        }
    };
    format!(
        "`{name}` {served}, and a page among an author's files could run script on the site: bundle files may \
         not be web pages; publish the text as a briefing, or the document as a PDF or in a ZIP archive"
    )
}

/// Reads at most `limit` first bytes of a file.
fn read_start(real: &Path, limit: u64, name: &str) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(real).map_err(|e| format!("cannot read `{name}`: {e}"))?;
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes).map_err(|e| format!("cannot read `{name}`: {e}"))?;
    Ok(bytes)
}

/// Reads a whole file of `len` bytes once `cost` bytes of the decoding budget are held for
/// it; the reservation comes back with the bytes and is released when dropped.
pub(crate) fn read_whole(
    real: &Path,
    len: u64,
    cost: u64,
    name: &str,
) -> Result<(Vec<u8>, Reservation<'static>), String> {
    let Some(held) = DECODING.reserve(cost.max(len)) else {
        return Err(format!(
            "`{name}` is {}; reading it would take about {}, over the {} one file may use",
            budget::shown(len),
            budget::shown(cost.max(len)),
            budget::shown(DECODING.per_item())
        ));
    };
    // Never more than was reserved, even if the file grew since it was listed.
    let bytes = read_start(real, len, name)?;
    Ok((bytes, held))
}

/// A still picture's header facts, from its first bytes or, when its header lies further
/// in (a JPEG with large markers), from the whole file.
pub(crate) fn header_of(real: &Path, len: u64, format: RasterFormat, name: &str) -> Result<ImageInfo, String> {
    let head = read_start(real, HEADER_BYTES, name)?;
    match describe(&head, len, format, name) {
        Ok(info) => Ok(info),
        Err(_) if len > head.len() as u64 => {
            let (whole, _held) = read_whole(real, len, len, name)?;
            describe(&whole, len, format, name)
        }
        Err(e) => Err(e),
    }
}

/// An animation as it is published: its frames, without its metadata. Also what
/// checks that it is whole and of a sane size.
pub(crate) fn animation_cleaned(real: &Path, len: u64, animation: Animation, name: &str) -> Result<Vec<u8>, String> {
    let (bytes, _held) = read_whole(real, len, len.saturating_mul(2), name)?;
    crate::media::containers::metadata_within_limit(&bytes)
        .map_err(|what| crate::media::metadata_refusal(name, &what))?;
    let cleaned = match animation {
        Animation::Gif => gif_cleaned(&bytes),
        Animation::Png => apng_cleaned(&bytes),
        Animation::Webp => webp_animation_cleaned(&bytes),
    };
    let (cleaned, (width, height)) =
        cleaned.map_err(|why| format!("`{name}` is not a whole {}: {why}", animation.label()))?;
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(format!(
            "`{name}` is an animation of {width}×{height} pixels; the limit is 1 to {MAX_SIDE} pixels a side"
        ));
    }
    Ok(cleaned)
}

/// Nothing when the SVG may be published; every reason it may not otherwise.
fn svg_checked(real: &Path, len: u64, name: &str) -> Result<(), Vec<Problem>> {
    if len > MAX_SVG_BYTES {
        return Err(Problem::whole(format!(
            "`{name}` is an SVG of {}; drawings over {} are not checked, so not published",
            budget::shown(len),
            budget::shown(MAX_SVG_BYTES)
        )));
    }
    let (bytes, _held) = read_whole(real, len, len.saturating_mul(SVG_PARSE_FACTOR), name).map_err(Problem::whole)?;
    let problems = check_svg(&bytes);
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}
