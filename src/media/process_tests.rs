//! Tests of the whole image stage through `process`: sizing rules, orientation,
//! metadata stripping, alpha, odd pixel formats and hostile input.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ExtendedColorType, ImageEncoder, ImageFormat};

use super::testing::{exif_block, noise_photo_jpeg, with_exif};
use super::*;

fn settings(widths: &[u32]) -> ImageSettings {
    ImageSettings { widths: widths.to_vec(), quality: 80 }
}

fn decode(v: &Variant) -> DynamicImage {
    let format = match v.format {
        VariantFormat::Webp => ImageFormat::WebP,
        VariantFormat::Jpeg => ImageFormat::Jpeg,
        VariantFormat::Png => ImageFormat::Png,
    };
    let img = image::load_from_memory_with_format(&v.bytes, format).unwrap();
    assert_eq!((img.width(), img.height()), (v.width, v.height), "{}", v.file_name);
    img
}

fn encode_png(pixels: &[u8], w: u32, h: u32, color: ExtendedColorType) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out).write_image(pixels, w, h, color).unwrap();
    out
}

#[test]
fn widths_are_capped_deduplicated_and_ascending() {
    let w = [480, 960, 1600];
    assert_eq!(variant_widths(3000, &w), [480, 960, 1600]);
    assert_eq!(variant_widths(1600, &w), [480, 960, 1600]);
    assert_eq!(variant_widths(1000, &w), [480, 960, 1000]);
    assert_eq!(variant_widths(300, &w), [300]);
    assert_eq!(variant_widths(500, &[]), [500]);
    assert_eq!(variant_widths(2000, &[960, 0, 480, 960]), [480, 960]);
    assert_eq!(scaled_height(3000, 2000, 480), 320);
    assert_eq!(scaled_height(1000, 333, 480), 160);
    assert_eq!(scaled_height(3000, 1, 480), 1);
}

#[test]
fn photo_gets_every_width_and_a_1200_jpeg_fallback() {
    let photo = noise_photo_jpeg(1800, 1200, 7);
    let out = process(&photo, "trip", &settings(&[480, 960, 1600])).unwrap();
    assert_eq!((out.width, out.height), (1800, 1200));
    let sizes: Vec<_> = out.webp.iter().map(|v| (v.width, v.height)).collect();
    assert_eq!(sizes, [(480, 320), (960, 640), (1600, 1067)]);
    let names: Vec<_> = out.webp.iter().map(|v| v.file_name.as_str()).collect();
    assert_eq!(names, ["trip-480.webp", "trip-960.webp", "trip-1600.webp"]);
    assert!(out.webp.iter().all(|v| v.format == VariantFormat::Webp));
    assert_eq!(out.fallback.format, VariantFormat::Jpeg);
    assert_eq!(out.fallback.file_name, "trip-1200.jpg");
    assert_eq!((out.fallback.width, out.fallback.height), (1200, 800));
    for v in out.webp.iter().chain([&out.fallback]) {
        decode(v);
    }
    assert!(out.webp[0].bytes.len() < out.webp[2].bytes.len());
}

#[test]
fn small_source_gets_one_variant_at_its_own_width() {
    let photo = noise_photo_jpeg(300, 170, 8);
    let out = process(&photo, "s", &settings(&[480, 960])).unwrap();
    assert_eq!(out.webp.len(), 1);
    assert_eq!((out.webp[0].width, out.webp[0].height), (300, 170));
    assert_eq!(out.fallback.file_name, "s-300.jpg");
}

#[test]
fn metadata_is_stripped_and_orientation_applied() {
    let source = with_exif(&noise_photo_jpeg(600, 400, 9), &exif_block(6));
    let exif = exif::Reader::new().read_from_container(&mut Cursor::new(&source)).unwrap();
    assert!(exif.get_field(exif::Tag::BodySerialNumber, exif::In::PRIMARY).is_some());
    assert!(exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).is_some());

    let out = process(&source, "secret", &settings(&[200, 480])).unwrap();
    assert_eq!((out.width, out.height), (400, 600), "orientation 6 swaps the sides");
    assert_eq!((out.fallback.width, out.fallback.height), (400, 600));
    assert_eq!((out.webp[0].width, out.webp[0].height), (200, 300));
    for v in out.webp.iter().chain([&out.fallback]) {
        let found = exif::Reader::new().read_from_container(&mut Cursor::new(&v.bytes[..]));
        assert!(found.is_err(), "{} still has EXIF", v.file_name);
        for needle in [&b"SN-4242-SECRET"[..], b"Exif", b"PatrikaCam", b"Model X9", b"XMP"] {
            let leak = v.bytes.windows(needle.len()).any(|w| w == needle);
            assert!(!leak, "{} contains {:?}", v.file_name, String::from_utf8_lossy(needle));
        }
    }
}

#[test]
fn all_eight_orientations_are_applied() {
    const RED: [u8; 3] = [220, 20, 20];
    const GREEN: [u8; 3] = [20, 200, 20];
    const BLUE: [u8; 3] = [20, 20, 220];
    const WHITE: [u8; 3] = [240, 240, 240];
    let (w, h) = (96u32, 64u32);
    let mut pixels = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let c = match (x < w / 2, y < h / 2) {
                (true, true) => RED,
                (false, true) => GREEN,
                (true, false) => BLUE,
                (false, false) => WHITE,
            };
            pixels.extend(c);
        }
    }
    let mut plain = Vec::new();
    JpegEncoder::new_with_quality(&mut plain, 95).write_image(&pixels, w, h, ExtendedColorType::Rgb8).unwrap();
    // Expected corners as displayed: top-left, top-right, bottom-left, bottom-right.
    let expected = [
        (1, [RED, GREEN, BLUE, WHITE]),
        (2, [GREEN, RED, WHITE, BLUE]),
        (3, [WHITE, BLUE, GREEN, RED]),
        (4, [BLUE, WHITE, RED, GREEN]),
        (5, [RED, BLUE, GREEN, WHITE]),
        (6, [BLUE, RED, WHITE, GREEN]),
        (7, [WHITE, GREEN, BLUE, RED]),
        (8, [GREEN, WHITE, RED, BLUE]),
    ];
    for (orientation, corners) in expected {
        let source = with_exif(&plain, &exif_block(orientation));
        let out = process(&source, "o", &settings(&[1000])).unwrap();
        let rotated = orientation >= 5;
        assert_eq!((out.width, out.height), if rotated { (h, w) } else { (w, h) });
        for v in [&out.webp[0], &out.fallback] {
            let img = decode(v).into_rgb8();
            let (iw, ih) = (img.width() - 1, img.height() - 1);
            let points = [(4, 4), (iw - 4, 4), (4, ih - 4), (iw - 4, ih - 4)];
            for ((x, y), want) in points.into_iter().zip(corners) {
                let got = img.get_pixel(x, y).0;
                let close = got.iter().zip(want).all(|(a, b)| a.abs_diff(b) < 50);
                assert!(close, "orientation {orientation}, {}: ({x},{y}) is {got:?}, want {want:?}", v.file_name);
            }
        }
    }
}

/// 40×30 RGBA with a transparent left half.
fn alpha_pixels() -> Vec<u8> {
    (0..30).flat_map(|_| (0..40u8).flat_map(|x| [200, 100, x * 5, if x < 20 { 0 } else { 255 }])).collect()
}

#[test]
fn png_with_alpha_keeps_it_in_webp_and_png_fallback() {
    let png = encode_png(&alpha_pixels(), 40, 30, ExtendedColorType::Rgba8);
    let out = process(&png, "logo", &settings(&[480])).unwrap();
    assert_eq!(out.fallback.format, VariantFormat::Png);
    assert_eq!(out.fallback.file_name, "logo-40.png");
    for v in [&out.webp[0], &out.fallback] {
        let img = decode(v);
        assert!(img.color().has_alpha(), "{}", v.file_name);
        let rgba = img.into_rgba8();
        assert!(rgba.get_pixel(2, 15).0[3] < 10 && rgba.get_pixel(37, 15).0[3] > 245);
    }
}

#[test]
fn webp_source_falls_back_to_jpeg_if_opaque_and_png_if_not() {
    let opaque = webp::Encoder::from_rgb(&[90u8; 64 * 48 * 3], 64, 48).encode_lossless().to_vec();
    let out = process(&opaque, "w", &settings(&[32])).unwrap();
    assert_eq!(out.fallback.format, VariantFormat::Jpeg);
    assert_eq!(out.fallback.file_name, "w-64.jpg");
    decode(&out.fallback);

    let clear = webp::Encoder::from_rgba(&alpha_pixels(), 40, 30).encode(80.0).to_vec();
    let out = process(&clear, "w", &settings(&[32])).unwrap();
    assert_eq!(out.fallback.format, VariantFormat::Png);
    assert!(decode(&out.webp[0]).color().has_alpha());
}

#[test]
fn sixteen_bit_grey_and_palette_like_pngs_work() {
    let grey8 = encode_png(&[128u8; 50 * 20], 50, 20, ExtendedColorType::L8);
    let grey16 = encode_png(&[0x12u8; 50 * 20 * 2], 50, 20, ExtendedColorType::L16);
    let grey_alpha = encode_png(&[60u8, 128].repeat(50 * 20), 50, 20, ExtendedColorType::La8);
    let rgba16 = encode_png(&[0xF0u8; 50 * 20 * 8], 50, 20, ExtendedColorType::Rgba16);
    for (name, png) in [("g8", grey8), ("g16", grey16), ("ga", grey_alpha), ("rgba16", rgba16)] {
        let out = process(&png, name, &settings(&[25, 100])).unwrap();
        assert_eq!(out.webp.len(), 2, "{name}");
        assert_eq!((out.webp[0].width, out.webp[0].height), (25, 10));
        decode(&out.webp[0]);
        decode(&out.fallback);
    }
}

#[test]
fn too_tall_for_webp_keeps_the_fallback() {
    let png = encode_png(&vec![200u8; 60 * 17_000], 60, 17_000, ExtendedColorType::L8);
    let out = process(&png, "tall", &settings(&[480])).unwrap();
    assert!(out.webp.is_empty());
    assert_eq!((out.fallback.width, out.fallback.height), (60, 17_000));
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in kind.iter().chain(data) {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    out.extend(kind);
    out.extend(data);
    out.extend((!crc).to_be_bytes());
    out
}

fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &ihdr));
    png.extend(png_chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

/// Rewrites the size in the first SOF0 segment.
fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = noise_photo_jpeg(16, 16, 1);
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

#[test]
fn oversized_headers_are_refused_before_decoding() {
    for (bytes, w, h) in [
        (png_claiming(100_000, 100_000), 100_000, 100_000),
        (png_claiming(20_000, 20_000), 20_000, 20_000),
        (png_claiming(40_000, 10), 40_000, 10),
        (jpeg_claiming(40_000, 40_000), 40_000, 40_000),
    ] {
        let err = process(&bytes, "bomb", &settings(&[480])).unwrap_err();
        assert!(matches!(err, ImageError::TooLarge { width, height, .. } if (width, height) == (w, h)), "{err}");
        let msg = err.to_string();
        assert!(msg.contains(&format!("is {w}×{h} pixels; ")), "{msg}");
        assert!(msg.contains("the limit is 30000 pixels a side") || msg.contains("one picture may use"), "{msg}");
    }
}

#[test]
fn broken_input_is_a_readable_error() {
    let photo = noise_photo_jpeg(200, 150, 11);
    let random: Vec<u8> = (0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let cases: [(&[u8], &str); 5] = [
        (&photo[..photo.len() / 2], "cannot decode `x` as a JPEG image: "),
        (&photo[..300], "cannot decode `x` as a JPEG image: "),
        (&random, "`x` is not a JPEG, PNG, WebP or TIFF picture"),
        (b"", "`x` is an empty file"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "`x` is a GIF file"),
    ];
    for (bytes, want) in cases {
        let err = process(bytes, "x", &settings(&[100])).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with(want), "{msg}");
        assert!(!msg.ends_with(": "), "{msg}");
    }
}

#[test]
fn every_truncation_and_bit_flip_is_handled_without_panic() {
    let jpeg = noise_photo_jpeg(40, 30, 12);
    let png = encode_png(&alpha_pixels(), 40, 30, ExtendedColorType::Rgba8);
    let webp = webp::Encoder::from_rgba(&alpha_pixels(), 40, 30).encode(70.0).to_vec();
    for source in [jpeg, png, webp] {
        assert!(process(&source, "f", &settings(&[20])).is_ok());
        for cut in (0..source.len()).step_by(7) {
            let result = process(&source[..cut], "f", &settings(&[20]));
            if cut < source.len() * 9 / 10 {
                assert!(result.is_err(), "cut at {cut} of {} accepted", source.len());
            }
        }
        for i in (0..source.len()).step_by(3) {
            let mut flipped = source.clone();
            flipped[i] ^= 0x5A;
            let _ = process(&flipped, "f", &settings(&[20]));
        }
    }
}

/// The resident set's high-water mark, after resetting it to the current size.
#[cfg(target_os = "linux")]
fn peak_rss_during(run: impl FnOnce()) -> u64 {
    let field = |name: &str| {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with(name)).unwrap().to_string();
        line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
    };
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = field("VmRSS:");
    run();
    field("VmHWM:").saturating_sub(before)
}

/// Calibration of `budget::decoding_cost`: the measured peak of processing large
/// pictures stays under the estimate. Release mode, alone:
/// `cargo test --release --lib -- --ignored --nocapture decoding_cost_covers`.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "measures memory: run alone, in release mode"]
fn decoding_cost_covers_the_measured_peak() {
    let photo = noise_photo_jpeg(6000, 4000, 3);
    let turned = with_exif(&photo, &exif_block(6));
    let rgba16: Vec<u8> = (0..4000u32 * 3000 * 8).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let png16 = encode_png(&rgba16, 4000, 3000, ExtendedColorType::Rgba16);
    drop(rgba16);
    let rgb: Vec<u8> = image::load_from_memory(&photo).unwrap().into_rgb8().into_raw();
    let webp = webp::Encoder::from_rgb(&rgb, 6000, 4000).encode(80.0).to_vec();
    drop(rgb);
    for (name, bytes) in
        [("24 MP JPEG", &photo), ("24 MP JPEG turned", &turned), ("12 MP RGBA16 PNG", &png16), ("24 MP WebP", &webp)]
    {
        let info = describe::describe(bytes, bytes.len() as u64, super::sniff::sniff(bytes, "").still(), name).unwrap();
        let peak = peak_rss_during(|| {
            process(bytes, "x", &ImageSettings::default()).unwrap();
        });
        println!("{name}: estimate {} MiB, measured peak {} MiB", info.cost >> 20, peak >> 20);
        assert!(peak <= info.cost, "{name}: {peak} over {}", info.cost);
    }
}
