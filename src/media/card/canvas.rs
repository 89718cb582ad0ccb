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

    /// Blends `colour` at `alpha` (0–255) over a rectangle, clipped to the canvas. Glyphs
    /// arrive a pixel at a time, so this works on the raw rows rather than pixel by pixel.
    pub(super) fn blend(&mut self, (x, y): (i32, i32), (w, h): (u32, u32), colour: Rgb, alpha: u8) {
        if alpha == 0 {
            return;
        }
        let (cw, ch) = (self.pixels.width() as i32, self.pixels.height() as i32);
        let (x0, y0) = (x.clamp(0, cw), y.clamp(0, ch));
        let (x1, y1) = (x.saturating_add_unsigned(w).clamp(x0, cw), y.saturating_add_unsigned(h).clamp(y0, ch));
        let stride = cw as usize * 3;
        let raw: &mut [u8] = &mut self.pixels;
        for y in y0 as usize..y1 as usize {
            let row = &mut raw[y * stride + x0 as usize * 3..y * stride + x1 as usize * 3];
            for pixel in row.chunks_exact_mut(3) {
                mix(pixel, colour, alpha);
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

    /// The canvas as an RGB PNG, at zlib's level 3: on the cards of a 200-briefing corpus a
    /// tenth of the time of the best compression for files a tenth larger (BENCHMARKS.md,
    /// "Share cards"); the fastest level made them half as large again.
    pub(super) fn png(self) -> Result<Vec<u8>, String> {
        // A card's PNG is some 30–60 KB: one allocation for most.
        let mut out = Vec::with_capacity(64 * 1024);
        let (width, height) = self.pixels.dimensions();
        PngEncoder::new_with_quality(&mut out, CompressionType::Level(3), PngFilter::Adaptive)
            .write_image(self.pixels.as_raw(), width, height, image::ExtendedColorType::Rgb8)
            .map_err(|e| format!("cannot encode the card: {e}"))?;
        Ok(out)
    }
}

/// `colour` at `alpha` over one RGB pixel.
fn mix(pixel: &mut [u8], colour: Rgb, alpha: u8) {
    let a = u32::from(alpha);
    for (dst, src) in pixel.iter_mut().zip(colour.0) {
        *dst = ((u32::from(src) * a + u32::from(*dst) * (255 - a) + 127) / 255) as u8;
    }
}
