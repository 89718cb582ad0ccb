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
    /// Something a web server would serve as a page, or run: it could run script on the site.
    WebPage(Served),
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

/// Why a web server would make a bundle file a page of the site, or a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Served {
    /// Its extension names a page (`html`, `xml`, …).
    Page(&'static str),
    /// Its extension's media type is a document a browser shows as a page and runs script in:
    /// any XML type (`application/rss+xml`, `text/mathml`, …).
    Document(&'static str),
    /// Its name says no media type and its bytes start as HTML or XML: a server or browser
    /// that guesses the type from the bytes serves it as a page.
    Markup,
    /// Its extension names a program a web server may run (`php`, `asp`, …).
    Program(&'static str),
}

/// Extensions a web server serves as a page or a document that may hold script.
const PAGE_EXTENSIONS: &[&str] =
    &["html", "htm", "xhtml", "xht", "shtml", "shtm", "mht", "mhtml", "xml", "xsl", "xslt", "svgz", "hta"];

/// Extensions a web server (Apache with PHP, IIS, a servlet container) may run as a program.
const PROGRAM_EXTENSIONS: &[&str] = &[
    "php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "phps", "phar", "asp", "aspx", "asa", "ascx",
    "ashx", "asmx", "cshtml", "vbhtml", "jsp", "jspx", "cfm", "cfml", "cgi", "fcgi",
];

/// How the name's extension would be served, when that is as a page or a program: by the
/// lists above, and by its media type as hosts and `patrika deploy` find it (`mime_guess`).
fn served_by_name(extension: &str) -> Option<Served> {
    if let Some(&page) = PAGE_EXTENSIONS.iter().find(|e| **e == extension) {
        return Some(Served::Page(page));
    }
    if let Some(&program) = PROGRAM_EXTENSIONS.iter().find(|e| **e == extension) {
        return Some(Served::Program(program));
    }
    // An SVG is checked as a drawing; any other XML type is a page to a browser, and so is
    // text that is HTML, XML, XSL or MathML. (An Office file's `vnd.openxmlformats…` is a ZIP.)
    let document = |mime: &&str| {
        let (kind, sub) = mime.split_once('/').unwrap_or((mime, ""));
        let xml = sub == "xml" || sub.ends_with("+xml");
        let text_page = kind == "text" && ["html", "xml", "xsl", "mathml"].iter().any(|t| sub.contains(t));
        (xml || text_page) && *mime != "image/svg+xml"
    };
    mime_guess::from_ext(extension).iter_raw().find(document).map(Served::Document)
}

/// Extensions of the picture formats, so a file named like one whose bytes are not is an error.
const PICTURE_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "jpe", "jfif", "pjpeg", "pjp", "png", "apng", "webp", "tif", "tiff", "gif", "heic", "heif", "hif",
    "avif", "jxl", "jp2", "psd", "dng", "cr2", "cr3", "nef", "arw", "orf", "rw2", "raf",
];

/// What `head` (the file's first bytes, at least [`SNIFF_BYTES`] when it has them) says
/// the file `name` is.
pub(crate) fn sniff(head: &[u8], name: &str) -> Sniffed {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if let Some(served) = served_by_name(&extension) {
        return Sniffed::WebPage(served);
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
    if mime_guess::from_ext(&extension).is_empty() && looks_like_markup(head) {
        return Sniffed::WebPage(Served::Markup);
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

/// Whether the bytes start as a browser or server that guesses takes for a page: the
/// HTML and XML openings of the WHATWG rules for a file of unknown type (a tag name
/// ends at a space or `>`), and a few more tags that run or load something.
fn looks_like_markup(head: &[u8]) -> bool {
    let start = markup_start(head);
    let lower: Vec<u8> = start.iter().take(20).map(u8::to_ascii_lowercase).collect();
    let opens = |tag: &str| {
        lower.starts_with(tag.as_bytes())
            && lower.get(tag.len()).is_none_or(|b| matches!(b, b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/'))
    };
    let tags = [
        "<!doctype html",
        "<html",
        "<head",
        "<script",
        "<iframe",
        "<h1",
        "<div",
        "<font",
        "<table",
        "<a",
        "<style",
        "<title",
        "<b",
        "<body",
        "<br",
        "<p",
        "<!--",
        "<meta",
        "<svg",
        "<object",
        "<embed",
        "<img",
    ];
    lower.starts_with(b"<?xml") || tags.iter().any(|tag| opens(tag))
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
        assert_eq!(sniff(b"<p>hi</p>", "page.HTML"), Sniffed::WebPage(Served::Page("html")));
        assert_eq!(sniff(b"<!DOCTYPE html><p>", "README"), Sniffed::WebPage(Served::Markup));
        assert_eq!(sniff(b"this is not a picture", "notes.png"), Sniffed::NotAPicture);
        for (name, served) in [
            ("feed.rss", Served::Document("application/rss+xml")),
            ("x.atom", Served::Document("application/atom+xml")),
            ("formula.mml", Served::Document("text/mathml")),
            ("schema.xsd", Served::Document("text/xml")),
            ("web.config", Served::Document("application/xml")),
            ("route.KML", Served::Document("application/vnd.google-earth.kml+xml")),
            ("index.php", Served::Program("php")),
            ("Default.aspx", Served::Program("aspx")),
        ] {
            assert_eq!(sniff(b"<x/>", name), Sniffed::WebPage(served), "{name}");
        }
        for name in ["report.docx", "sheet.xlsx", "slides.pptx", "old.sxw", "data.json", "notes.txt", "app.js"] {
            assert_eq!(sniff(b"<html><script>", name), Sniffed::Other, "{name}");
        }
        // A name that says no type: the bytes decide, as a server or browser that guesses would.
        for head in [&b"<?xml version=\"1.0\"?><x/>"[..], b"\n <P>hi", b"<!-- x -->", b"<a href=x>", b"<b>", b"<title>"]
        {
            assert_eq!(sniff(head, "notes.unknownext"), Sniffed::WebPage(Served::Markup), "{head:?}");
            assert_eq!(sniff(head, "LICENSE"), Sniffed::WebPage(Served::Markup), "{head:?}");
        }
        for head in [&b"<abbr>"[..], b"plain text <p>", b"a,b,c\n1,2,3"] {
            assert_eq!(sniff(head, "table.unknownext"), Sniffed::Other, "{head:?}");
        }
        assert_eq!(sniff(b"%PDF-1.4", "doc.pdf"), Sniffed::Other);
        assert_eq!(sniff(b"GIF89a", "a.gif"), Sniffed::Animation(Animation::Gif));
        let mut vp8x = b"RIFF\0\0\0\0WEBPVP8X\x0A\0\0\0".to_vec();
        vp8x.extend([0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(sniff(&vp8x, "a.webp"), Sniffed::Animation(Animation::Webp));
    }
}
