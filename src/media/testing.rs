//! Synthetic test images for the image stage: photo-like JPEGs made from
//! gradients and noise, so tests need no binary fixtures in the repository.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder};

/// A `width`×`height` JPEG (quality 90) that compresses like a real photo:
/// smooth gradients and soft blobs carry most of the area, and per-pixel
/// noise stands in for sensor grain so encoders cannot cheat on flat colour.
/// The same `seed` always gives the same bytes.
#[doc(hidden)]
// Its callers are tests, so a plain build would warn that it is unused.
pub fn noise_photo_jpeg(width: u32, height: u32, seed: u64) -> Vec<u8> {
    let (w, h) = (width.max(1), height.max(1));
    let mut rng = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let blobs: Vec<(f32, f32, f32, [f32; 3])> = (0..6)
        .map(|_| {
            let cx = rng.unit() * w as f32;
            let cy = rng.unit() * h as f32;
            let r = (0.1 + 0.3 * rng.unit()) * w.max(h) as f32;
            (cx, cy, r, [rng.unit(), rng.unit(), rng.unit()])
        })
        .collect();
    let tint = [rng.unit(), rng.unit(), rng.unit()];
    // Detail at two scales, so downscaled variants keep texture to encode
    // the way foliage or fabric would, instead of collapsing to flat gradients.
    let fine = ValueNoise::new(w, h, 6, &mut rng);
    let coarse = ValueNoise::new(w, h, 40, &mut rng);
    let mut pixels = Vec::with_capacity(w as usize * h as usize * 3);
    for y in 0..h {
        let fy = y as f32 / h as f32;
        for x in 0..w {
            let fx = x as f32 / w as f32;
            let mut rgb =
                [60.0 + 120.0 * fx * tint[0], 70.0 + 110.0 * fy * tint[1], 90.0 + 80.0 * (1.0 - fx) * tint[2]];
            for (cx, cy, r, colour) in &blobs {
                let d2 = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)) / (r * r);
                let weight = 70.0 / (1.0 + 4.0 * d2);
                for (c, k) in rgb.iter_mut().zip(colour) {
                    *c += weight * (k - 0.5);
                }
            }
            let texture = 40.0 * fine.at(x, y) + 50.0 * coarse.at(x, y);
            let grain = (rng.unit() - 0.5) * 16.0;
            let shade = [1.0, 0.8, 0.6];
            let out = rgb.iter().zip(shade).map(|(c, k)| (c + k * texture + grain).clamp(0.0, 255.0) as u8);
            pixels.extend(out);
        }
    }
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(&pixels, w, h, ExtendedColorType::Rgb8)
        .expect("encoding an in-memory RGB buffer of the right size cannot fail");
    out
}

/// Random values on a grid of `cell`-pixel squares, blended bilinearly, in -0.5..0.5.
struct ValueNoise {
    cell: u32,
    columns: usize,
    grid: Vec<f32>,
}

impl ValueNoise {
    fn new(width: u32, height: u32, cell: u32, rng: &mut XorShift) -> Self {
        let columns = (width / cell + 2) as usize;
        let rows = (height / cell + 2) as usize;
        let grid = (0..columns * rows).map(|_| rng.unit() - 0.5).collect();
        ValueNoise { cell, columns, grid }
    }

    fn at(&self, x: u32, y: u32) -> f32 {
        let (cx, cy) = ((x / self.cell) as usize, (y / self.cell) as usize);
        let fx = (x % self.cell) as f32 / self.cell as f32;
        let fy = (y % self.cell) as f32 / self.cell as f32;
        let g = |dx: usize, dy: usize| self.grid[(cy + dy) * self.columns + cx + dx];
        let top = g(0, 0) + (g(1, 0) - g(0, 0)) * fx;
        let bottom = g(0, 1) + (g(1, 1) - g(0, 1)) * fx;
        top + (bottom - top) * fy
    }
}

/// Small, fast and deterministic; test images need no cryptographic randomness.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// A TIFF-structured EXIF block with everything a privacy leak is made of.
pub fn exif_block(orientation: u16) -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let ascii = |s: &str| Value::Ascii(vec![s.as_bytes().to_vec()]);
    let dms = |d, m, s100| {
        Value::Rational(vec![
            Rational { num: d, denom: 1 },
            Rational { num: m, denom: 1 },
            Rational { num: s100, denom: 100 },
        ])
    };
    let fields = [
        (Tag::Orientation, Value::Short(vec![orientation])),
        (Tag::Make, ascii("PatrikaCam")),
        (Tag::Model, ascii("Model X9")),
        (Tag::BodySerialNumber, ascii("SN-4242-SECRET")),
        (Tag::GPSLatitudeRef, ascii("N")),
        (Tag::GPSLatitude, dms(28, 36, 5012)),
        (Tag::GPSLongitudeRef, ascii("E")),
        (Tag::GPSLongitude, dms(77, 12, 3456)),
    ]
    .map(|(tag, value)| Field { tag, ifd_num: In::PRIMARY, value });
    let mut writer = exif::experimental::Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).expect("an in-memory EXIF block");
    tiff.into_inner()
}

/// Inserts an APP1 "Exif" segment right after SOI, where cameras put it.
pub fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let len = u16::try_from(2 + 6 + tiff.len()).unwrap_or(u16::MAX);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(len.to_be_bytes());
    out.extend(b"Exif\0\0");
    out.extend(tiff);
    out.extend(&jpeg[2..]);
    out
}

/// A photo-like JPEG carrying a camera's EXIF block: orientation 1, GPS position,
/// make, model and body serial — what must never reach a published site.
pub fn photo_with_metadata_jpeg(width: u32, height: u32, seed: u64) -> Vec<u8> {
    with_exif(&noise_photo_jpeg(width, height, seed), &exif_block(1))
}

/// One PNG chunk: length, type, data and its CRC.
pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    let mut out = u32::try_from(data.len()).unwrap_or(u32::MAX).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
    out
}

/// A zlib stream that unpacks to `unpacked` zero bytes (rounded up to whole MiB), about
/// a thousand times smaller: one compressed MiB of zeros repeated, then an empty final block.
pub fn zlib_of_zeros(unpacked: u64) -> Vec<u8> {
    const MIB: u64 = 1 << 20;
    let mut deflate = flate2::Compress::new(flate2::Compression::best(), false);
    let mut block = Vec::with_capacity(4096);
    deflate.compress_vec(&vec![0u8; MIB as usize], &mut block, flate2::FlushCompress::Sync).expect("in memory");
    let repeats = unpacked.div_ceil(MIB);
    let mut out = vec![0x78, 0xDA];
    for _ in 0..repeats {
        out.extend_from_slice(&block);
    }
    // A final fixed-Huffman block holding only its end code.
    out.extend_from_slice(&[0x03, 0x00]);
    // Adler-32 of n zeros: a stays 1, b adds 1 per byte.
    let b = (repeats * MIB) % 65_521;
    out.extend_from_slice(&((b << 16) as u32 | 1).to_be_bytes());
    out
}

/// A 200×100 PNG whose `kind` chunk (`iCCP`, `zTXt` or `iTXt`) holds a zlib stream that
/// unpacks to `unpacked` bytes: the decompression bomb of a colour profile or a text.
pub fn png_with_bomb(kind: &[u8; 4], unpacked: u64) -> Vec<u8> {
    let (width, height) = (200u32, 100u32);
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut rows = Vec::new();
    for y in 0..height {
        rows.push(0); // no filter
        rows.extend((0..width).flat_map(|x| [(x % 256) as u8, (y * 2) as u8, 90]));
    }
    let mut idat = Vec::with_capacity(rows.len());
    flate2::Compress::new(flate2::Compression::default(), true)
        .compress_vec(&rows, &mut idat, flate2::FlushCompress::Finish)
        .expect("in memory");
    let bomb = zlib_of_zeros(unpacked);
    let data = match kind {
        b"iTXt" => [&b"XML:com.adobe.xmp\0\x01\0\0\0"[..], &bomb].concat(),
        b"zTXt" => [&b"Comment\0\0"[..], &bomb].concat(),
        _ => [&b"ICC Profile\0\0"[..], &bomb].concat(),
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &ihdr));
    png.extend(png_chunk(kind, &data));
    png.extend(png_chunk(b"IDAT", &idat));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

/// A photo-like TIFF (uncompressed RGB) whose tags carry a camera's make, model and body
/// serial and a GPS position, as a scanner's or a camera's `.tif` may.
pub fn photo_with_metadata_tiff(width: u32, height: u32, seed: u64) -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let jpeg = noise_photo_jpeg(width, height, seed);
    let pixels = image::load_from_memory(&jpeg).expect("our own JPEG decodes").into_rgb8().into_raw();
    let ascii = |s: &str| Value::Ascii(vec![s.as_bytes().to_vec()]);
    let short = |v: u16| Value::Short(vec![v]);
    let long = |v: u32| Value::Long(vec![v]);
    let degrees = |d| {
        Value::Rational(vec![
            Rational { num: d, denom: 1 },
            Rational { num: 0, denom: 1 },
            Rational { num: 0, denom: 1 },
        ])
    };
    let fields = [
        (Tag::ImageWidth, long(width)),
        (Tag::ImageLength, long(height)),
        (Tag::BitsPerSample, Value::Short(vec![8, 8, 8])),
        (Tag::Compression, short(1)),
        (Tag::PhotometricInterpretation, short(2)),
        (Tag::SamplesPerPixel, short(3)),
        (Tag::RowsPerStrip, long(height)),
        (Tag::PlanarConfiguration, short(1)),
        (Tag::Make, ascii("PatrikaCam")),
        (Tag::Model, ascii("Model X9")),
        (Tag::BodySerialNumber, ascii("SN-4242-SECRET")),
        (Tag::GPSLatitudeRef, ascii("N")),
        (Tag::GPSLatitude, degrees(28)),
        (Tag::GPSLongitudeRef, ascii("E")),
        (Tag::GPSLongitude, degrees(77)),
    ]
    .map(|(tag, value)| Field { tag, ifd_num: In::PRIMARY, value });
    let strips = [&pixels[..]];
    let mut writer = exif::experimental::Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    writer.set_strips(&strips, In::PRIMARY);
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).expect("an in-memory TIFF");
    tiff.into_inner()
}

/// What the image stage makes of `bytes` with the default settings, each variant as
/// (file name, width, height, size in bytes): for `bench/photo.rs`, which times it.
#[doc(hidden)]
pub fn variants(bytes: &[u8]) -> Result<Vec<(String, u32, u32, usize)>, String> {
    let made = super::process(bytes, "photo", &super::ImageSettings::default()).map_err(|e| e.to_string())?;
    let all = made.webp.iter().chain([&made.fallback]);
    Ok(all.map(|v| (v.file_name.clone(), v.width, v.height, v.bytes.len())).collect())
}
