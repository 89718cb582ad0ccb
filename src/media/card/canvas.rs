//! The card's pixels: an opaque RGB canvas that glyph coverage is blended into, the
//! picture scaled to cover its box, and the PNG encoding. Pure.

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{DynamicImage, ImageEncoder, RgbImage};

use crate::media::card::style::{HEIGHT, Layout, PICTURE_WIDTH, Rgb, WIDTH};

/// An opaque canvas.
pub(super) struct Canvas {
    pixels: RgbImage,
}

impl Canvas {
    pub(super) fn new(width: u32, height: u32, background: Rgb) -> Canvas {
        Canvas { pixels: RgbImage::from_pixel(width, height, image::Rgb(background.0)) }
    }

    /// Blends `colour` at `alpha` (0–255) over a rectangle, clipped to the canvas.
    pub(super) fn blend(&mut self, (x, y): (i32, i32), (w, h): (u32, u32), colour: Rgb, alpha: u8) {
        if alpha == 0 {
            return;
        }
        let (cw, ch) = (self.pixels.width() as i32, self.pixels.height() as i32);
        let (x0, y0) = (x.max(0), y.max(0));
        let (x1, y1) = ((x + w as i32).min(cw), (y + h as i32).min(ch));
        let a = u32::from(alpha);
        for py in y0..y1 {
            for px in x0..x1 {
                let pixel = self.pixels.get_pixel_mut(px as u32, py as u32);
                for (dst, src) in pixel.0.iter_mut().zip(colour.0) {
                    *dst = ((u32::from(src) * a + u32::from(*dst) * (255 - a) + 127) / 255) as u8;
                }
            }
        }
    }

    /// Puts the picture in its box for `layout` (scaled to cover it, centred, cropped); `None`
    /// when the bytes do not decode. Under `picture-background` the lower part is darkened so
    /// that white text reads on any photo.
    pub(super) fn picture(&mut self, bytes: &[u8], layout: Layout, rtl: bool) -> Option<()> {
        let (left, width) = match layout {
            Layout::PictureRight if rtl => (0, PICTURE_WIDTH),
            Layout::PictureRight => (WIDTH - PICTURE_WIDTH, PICTURE_WIDTH),
            Layout::PictureBackground => (0, WIDTH),
            Layout::TextOnly => return None,
        };
        let source = DynamicImage::ImageRgb8(image::load_from_memory(bytes).ok()?.into_rgb8());
        let mut scaled = DynamicImage::new_rgb8(width, HEIGHT);
        let options = ResizeOptions::new()
            .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
            .fit_into_destination(Some((0.5, 0.5)));
        Resizer::new().resize(&source, &mut scaled, &options).ok()?;
        image::imageops::replace(&mut self.pixels, &scaled.into_rgb8(), i64::from(left), 0);
        if layout == Layout::PictureBackground {
            // From clear at a fifth of the height to 80 % black at the bottom.
            let start = HEIGHT / 5;
            for y in start..HEIGHT {
                let alpha = (y - start) * 205 / (HEIGHT - start);
                self.blend((0, y as i32), (WIDTH, 1), Rgb([0, 0, 0]), alpha as u8);
            }
        }
        Some(())
    }

    /// The canvas as an RGB PNG.
    pub(super) fn png(self) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let (width, height) = self.pixels.dimensions();
        PngEncoder::new_with_quality(&mut out, CompressionType::Best, PngFilter::Adaptive)
            .write_image(self.pixels.as_raw(), width, height, image::ExtendedColorType::Rgb8)
            .map_err(|e| format!("cannot encode the card: {e}"))?;
        Ok(out)
    }
}
