//! Draws the site's favicons: a square PNG of a logo (an SVG through resvg, a raster
//! picture through the image decoder), and the SVG monogram of a site without a logo.
//! Pure, in memory.

use std::io::Cursor;

use image::{ImageEncoder, Rgba, RgbaImage};

/// What a favicon is drawn from.
pub(crate) enum IconSource<'a> {
    /// An SVG drawing, checked already ([`crate::media::svg::check_svg`]).
    Svg(&'a [u8]),
    /// A JPEG, PNG, WebP or TIFF picture.
    Raster(&'a [u8]),
}

/// How a favicon is laid out in its square.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IconLayout {
    /// The side in pixels.
    pub size: u32,
    /// Room left on every side, in pixels (a home-screen icon gets rounded corners).
    pub padding: u32,
    /// Filled behind the logo; `None` keeps transparency (iOS shows transparent as black).
    pub background: Option<[u8; 3]>,
}

/// An SVG's size in CSS pixels, as a browser would lay it out (its `width`/`height`, else
/// its `viewBox`), rounded, at least 1.
pub(crate) fn svg_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let tree = parse_svg(bytes)?;
    let size = tree.size();
    Ok((size.width().round().max(1.0) as u32, size.height().round().max(1.0) as u32))
}

fn parse_svg(bytes: &[u8]) -> Result<resvg::usvg::Tree, String> {
    resvg::usvg::Tree::from_data(bytes, &resvg::usvg::Options::default())
        .map_err(|e| format!("cannot draw the SVG: {e}"))
}

/// A square PNG of the logo, scaled to fit inside the padding and centred.
pub(crate) fn icon_png(source: &IconSource, layout: IconLayout) -> Result<Vec<u8>, String> {
    let inner = layout.size.saturating_sub(2 * layout.padding).max(1);
    let mut canvas = RgbaImage::from_pixel(layout.size, layout.size, background(layout.background));
    let drawn = match source {
        IconSource::Svg(bytes) => svg_pixels(bytes, inner)?,
        IconSource::Raster(bytes) => {
            let picture = crate::media::process::decoded_rgba(bytes, "logo").map_err(|e| e.to_string())?;
            let (w, h) = fitted(picture.width(), picture.height(), inner);
            image::imageops::resize(&picture, w, h, image::imageops::FilterType::Lanczos3)
        }
    };
    let x = i64::from((layout.size - drawn.width()) / 2);
    let y = i64::from((layout.size - drawn.height()) / 2);
    image::imageops::overlay(&mut canvas, &drawn, x, y);
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(Cursor::new(&mut out))
        .write_image(canvas.as_raw(), layout.size, layout.size, image::ExtendedColorType::Rgba8)
        .map_err(|e| format!("cannot write the icon: {e}"))?;
    Ok(out)
}

fn background(colour: Option<[u8; 3]>) -> Rgba<u8> {
    match colour {
        Some([r, g, b]) => Rgba([r, g, b, 255]),
        None => Rgba([0, 0, 0, 0]),
    }
}

/// A `w`×`h` picture scaled to fit in a `side` square, keeping its shape.
fn fitted(w: u32, h: u32, side: u32) -> (u32, u32) {
    let (w, h) = (u64::from(w.max(1)), u64::from(h.max(1)));
    let side64 = u64::from(side);
    if w >= h {
        (side, ((h * side64 + w / 2) / w).max(1) as u32)
    } else {
        (((w * side64 + h / 2) / h).max(1) as u32, side)
    }
}

/// The SVG drawn to fit in a `side` square, as straight (not premultiplied) RGBA.
fn svg_pixels(bytes: &[u8], side: u32) -> Result<RgbaImage, String> {
    let tree = parse_svg(bytes)?;
    let size = tree.size();
    let (w, h) = fitted(size.width().ceil() as u32, size.height().ceil() as u32, side);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or("the SVG has no area")?;
    let scale = (w as f32 / size.width()).min(h as f32 / size.height());
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    let mut pixels = RgbaImage::new(w, h);
    for (out, p) in pixels.pixels_mut().zip(pixmap.pixels()) {
        let c = p.demultiply();
        *out = Rgba([c.red(), c.green(), c.blue(), c.alpha()]);
    }
    Ok(pixels)
}

/// The colours of the monogram: the default theme's accent with white.
const MONOGRAM_BACKGROUND: &str = "#8c1d18";
const MONOGRAM_LETTER: &str = "#ffffff";

/// An SVG favicon showing `letter` (the site title's first) on a rounded square. The
/// letter is text in the reader's own fonts: a favicon cannot load the theme's.
pub(crate) fn monogram_svg(letter: &str) -> String {
    let letter = letter.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\">\
         <rect width=\"64\" height=\"64\" rx=\"12\" fill=\"{MONOGRAM_BACKGROUND}\"/>\
         <text x=\"32\" y=\"33\" dominant-baseline=\"central\" text-anchor=\"middle\" \
         font-family=\"system-ui, 'Noto Sans Devanagari', 'Noto Sans', sans-serif\" font-size=\"40\" \
         font-weight=\"700\" fill=\"{MONOGRAM_LETTER}\">{letter}</text></svg>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDE: &[u8] = br##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><rect width="200" height="50" fill="#00f"/></svg>"##;

    fn decoded(png: &[u8]) -> RgbaImage {
        image::load_from_memory(png).unwrap().into_rgba8()
    }

    #[test]
    fn an_svg_logo_is_drawn_centred_in_its_square() {
        assert_eq!(svg_size(WIDE).unwrap(), (200, 50));
        let layout = IconLayout { size: 32, padding: 0, background: None };
        let icon = decoded(&icon_png(&IconSource::Svg(WIDE), layout).unwrap());
        assert_eq!(icon.dimensions(), (32, 32));
        // 200×50 fits as 32×8, in the middle rows; above and below stay transparent.
        assert_eq!(icon.get_pixel(16, 16).0, [0, 0, 255, 255]);
        assert_eq!(icon.get_pixel(16, 2).0[3], 0);
        let home = IconLayout { size: 180, padding: 18, background: Some([255, 255, 255]) };
        let apple = decoded(&icon_png(&IconSource::Svg(WIDE), home).unwrap());
        assert_eq!(apple.get_pixel(2, 2).0, [255, 255, 255, 255], "no transparency on a home screen");
        assert_eq!(apple.get_pixel(90, 90).0, [0, 0, 255, 255]);
    }

    #[test]
    fn a_raster_logo_is_fitted_the_same_way() {
        let mut png = Vec::new();
        let tall = RgbaImage::from_pixel(10, 40, Rgba([200, 0, 0, 255]));
        image::codecs::png::PngEncoder::new(Cursor::new(&mut png))
            .write_image(tall.as_raw(), 10, 40, image::ExtendedColorType::Rgba8)
            .unwrap();
        let icon = decoded(
            &icon_png(&IconSource::Raster(&png), IconLayout { size: 32, padding: 0, background: None }).unwrap(),
        );
        assert_eq!(icon.get_pixel(16, 16).0, [200, 0, 0, 255]);
        assert_eq!(icon.get_pixel(1, 16).0[3], 0, "a tall logo leaves the sides empty");
        assert!(
            icon_png(&IconSource::Raster(b"not a picture"), IconLayout { size: 32, padding: 0, background: None })
                .is_err()
        );
    }

    #[test]
    fn the_monogram_escapes_its_letter() {
        let svg = monogram_svg("<");
        assert!(svg.contains(">&lt;</text>"), "{svg}");
        assert!(roxmltree::Document::parse(&svg).is_ok());
    }
}
