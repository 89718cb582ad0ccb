//! The HTML of a bundle picture in a body: a responsive `<picture>` with WebP variants,
//! lazily loaded except the first picture of a page. Pure.

use crate::plan::bundles::Variant;
use crate::render::body::{RenderedBody, escape};

/// How wide an image in the body is shown: the theme's text column, or the screen when narrower.
pub(crate) const BODY_IMAGE_SIZES: &str = "(min-width: 40rem) 36rem, 100vw";

/// Loads a picture when it nears the screen; `eager_first_picture` takes it off the first one.
const LAZY: &str = " loading=\"lazy\" decoding=\"async\"";

/// A responsive `<picture>`: WebP variants for browsers that take them, the fallback for the rest.
/// `width`/`height` reserve the space before the image loads, so nothing shifts.
pub(crate) fn picture_html(webp: &[Variant], fallback: &Variant, alt: &str, extra: &str) -> String {
    let srcset: Vec<String> = webp.iter().map(|v| format!("{} {}w", escape(&v.path), v.width)).collect();
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{BODY_IMAGE_SIZES}\">\
         <img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\"{extra}{LAZY}></picture>",
        srcset.join(", "),
        escape(&fallback.path),
        fallback.width,
        fallback.height,
        escape(alt),
    )
}

/// The first picture of a page is likely on screen at once: loading it lazily would only delay it.
/// Done on the finished body, so Markdown images and shortcode figures count in reading order;
/// block starts after the cut move with the text.
pub(crate) fn eager_first_picture(body: &mut RenderedBody) {
    let html = &mut body.html;
    let Some(start) = html.find("<picture>") else { return };
    let end = html[start..].find("</picture>").map_or(html.len(), |e| start + e);
    let Some(at) = html[start..end].find(LAZY).map(|at| start + at) else { return };
    html.replace_range(at..at + LAZY.len(), "");
    for (block_start, _) in &mut body.blocks {
        if *block_start > at {
            *block_start -= LAZY.len();
        }
    }
}
