//! Tells what a bundle file is from its first bytes, never from its name alone:
//! a JPEG named `.txt` is still a photo with its camera's metadata. Only what a
//! web server makes of a name (a page, a drawing) is judged by the name too. Pure.

use crate::media::containers::{png_is_animated, webp_is_animated};
use crate::media::describe::RasterFormat;

/// How many first bytes [`sniff`] needs for every format but a PNG's animation flag.
pub(crate) const SNIFF_BYTES: usize = 4096;

/// What a bundle file is, as far as publishing it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// A still photo or picture: decoded and published as variants, metadata gone.
    Still(RasterFormat),
    /// An animation (or any GIF): published as it is, less its metadata.
    Animation(Animation),
    /// A photo format with no well-kept decoder in Rust (HEIF/HEIC, AVIF, JPEG XL, JPEG
    /// 2000, Photoshop, camera raw), so its metadata cannot be removed: refused; says which.
    Uncleanable(&'static str),
    /// An SVG drawing: published as it is when it runs and loads nothing.
    Svg,
    /// Named so that a web server would serve it as a page (`.html`, `.xml`, …), or an
    /// HTML page without an extension: it could run script on the site. The extension.
    WebPage(&'static str),
    /// Named like a picture (`.jpg`, `.png`, …) but its bytes match no picture format.
    NotAPicture,
    /// A PNG whose image data starts beyond the bytes given: whether it moves needs more.
    NeedMore,
    /// Anything else (a PDF, a spreadsheet, a BMP): published byte for byte.
    Other,
}

impl Sniffed {
    /// The still format, for tests that know what they made.
    #[cfg(test)]
    pub(crate) fn still(self) -> RasterFormat {
        match self {
            Sniffed::Still(format) => format,
            other => panic!("not a still picture: {other:?}"),
        }
    }
}

/// The animations Patrika publishes as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Animation {
    Gif,
    Png,
    Webp,
}

impl Animation {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Animation::Gif => "GIF",
            Animation::Png => "animated PNG",
            Animation::Webp => "animated WebP",
        }
    }
}

/// Extensions a web server serves as a page or a document that may hold script.
const PAGE_EXTENSIONS: &[&str] =
    &["html", "htm", "xhtml", "xht", "shtml", "shtm", "mht", "mhtml", "xml", "xsl", "xslt", "svgz", "hta"];

/// Extensions of the picture formats, so a file named like one whose bytes are not is an error.
const PICTURE_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "jpe", "jfif", "pjpeg", "pjp", "png", "apng", "webp", "tif", "tiff", "gif", "heic", "heif", "hif",
    "avif", "jxl", "jp2", "psd", "dng", "cr2", "cr3", "nef", "arw", "orf", "rw2", "raf",
];

/// What `head` (the file's first bytes, at least [`SNIFF_BYTES`] when it has them) says
/// the file `name` is.
pub(crate) fn sniff(head: &[u8], name: &str) -> Sniffed {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if let Some(&page) = PAGE_EXTENSIONS.iter().find(|e| **e == extension) {
        return Sniffed::WebPage(page);
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Still(RasterFormat::Jpeg);
    }
    if head.starts_with(crate::media::containers::PNG_SIGNATURE) {
        return match png_is_animated(head) {
            Some(true) => Sniffed::Animation(Animation::Png),
            Some(false) => Sniffed::Still(RasterFormat::Png),
            None => Sniffed::NeedMore,
        };
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return if webp_is_animated(head) {
            Sniffed::Animation(Animation::Webp)
        } else {
            Sniffed::Still(RasterFormat::Webp)
        };
    }
    if ["II*\0", "MM\0*", "II+\0", "MM\0+"].iter().any(|m| head.starts_with(m.as_bytes())) {
        return Sniffed::Still(RasterFormat::Tiff);
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Sniffed::Animation(Animation::Gif);
    }
    if let Some(label) = heif_brand(head).or_else(|| uncleanable(head)) {
        return Sniffed::Uncleanable(label);
    }
    if extension == "svg" || looks_like_svg(head) {
        return Sniffed::Svg;
    }
    if PICTURE_EXTENSIONS.contains(&extension.as_str()) {
        return Sniffed::NotAPicture;
    }
    if !name.contains('.') && looks_like_html(head) {
        return Sniffed::WebPage("(none)");
    }
    Sniffed::Other
}

/// HEIF-family files are ISO media files whose `ftyp` brand names the codec.
fn heif_brand(head: &[u8]) -> Option<&'static str> {
    if head.len() < 12 || &head[4..8] != b"ftyp" {
        return None;
    }
    match &head[8..12] {
        b"avif" | b"avis" => Some("AVIF"),
        b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"hevm" | b"hevs" | b"mif1" | b"msf1" | b"mif2" => {
            Some("HEIF/HEIC")
        }
        _ => None,
    }
}

/// Photo formats that carry a camera's metadata and that Patrika cannot decode to clean.
fn uncleanable(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x00\x00\x00\x0CJXL \x0D\x0A\x87\x0A", "JPEG XL"),
        (b"\xFF\x0A", "JPEG XL"),
        (b"\x00\x00\x00\x0CjP  \x0D\x0A\x87\x0A", "JPEG 2000"),
        (b"\xFF\x4F\xFF\x51", "JPEG 2000"),
        (b"II\xBC", "JPEG XR"),
        (b"8BPS", "Photoshop"),
        (b"IIRO", "camera raw (ORF)"),
        (b"IIRS", "camera raw (ORF)"),
        (b"MMOR", "camera raw (ORF)"),
        (b"IIU\x00", "camera raw (RW2)"),
        (b"FUJIFILMCCD-RAW", "camera raw (RAF)"),
    ];
    if head.len() >= 12 && &head[4..12] == b"ftypcrx " {
        return Some("camera raw (CR3)");
    }
    SIGNATURES.iter().find(|(magic, _)| head.starts_with(magic)).map(|(_, label)| *label)
}

/// The text after a byte-order mark and white space, if the bytes start as text does.
fn markup_start(head: &[u8]) -> &[u8] {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = text.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(text.len());
    &text[start..]
}

/// XML whose first element (after declarations, comments and a doctype) is `<svg`.
fn looks_like_svg(head: &[u8]) -> bool {
    let text = markup_start(head);
    text.starts_with(b"<") && memchr::memmem::find(text, b"<svg").is_some()
}

fn looks_like_html(head: &[u8]) -> bool {
    let start = markup_start(head);
    let lower: Vec<u8> = start.iter().take(20).map(u8::to_ascii_lowercase).collect();
    ["<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<meta", "<svg"]
        .iter()
        .any(|tag| lower.starts_with(tag.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_what_their_bytes_say() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
        assert_eq!(sniff(&jpeg, "photo.txt"), Sniffed::Still(RasterFormat::Jpeg));
        assert_eq!(sniff(&jpeg, "photo.jfif"), Sniffed::Still(RasterFormat::Jpeg));
        assert_eq!(sniff(b"MM\0*\0\0\0\x08", "scan.tif"), Sniffed::Still(RasterFormat::Tiff));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0", "IMG_0001.HEIC"), Sniffed::Uncleanable("HEIF/HEIC"));
        assert_eq!(sniff(b"\0\0\0\x18ftypavif", "x.bin"), Sniffed::Uncleanable("AVIF"));
        assert_eq!(sniff(b"\xFF\x0A\xFA\x7F", "photo.jxl"), Sniffed::Uncleanable("JPEG XL"));
        assert_eq!(sniff(b"8BPS\0\x01", "layout.psd"), Sniffed::Uncleanable("Photoshop"));
        assert_eq!(sniff(b"\xEF\xBB\xBF <?xml version=\"1.0\"?>\n<svg>", "chart.data"), Sniffed::Svg);
        assert_eq!(sniff(b"not a drawing", "logo.svg"), Sniffed::Svg);
        assert_eq!(sniff(b"<p>hi</p>", "page.HTML"), Sniffed::WebPage("html"));
        assert_eq!(sniff(b"<!DOCTYPE html><p>", "README"), Sniffed::WebPage("(none)"));
        assert_eq!(sniff(b"this is not a picture", "notes.png"), Sniffed::NotAPicture);
        assert_eq!(sniff(b"%PDF-1.4", "doc.pdf"), Sniffed::Other);
        assert_eq!(sniff(b"GIF89a", "a.gif"), Sniffed::Animation(Animation::Gif));
        let mut vp8x = b"RIFF\0\0\0\0WEBPVP8X\x0A\0\0\0".to_vec();
        vp8x.extend([0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(sniff(&vp8x, "a.webp"), Sniffed::Animation(Animation::Webp));
    }
}
