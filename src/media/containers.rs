//! Reads and rewrites the containers around pictures — PNG chunks, WebP (RIFF)
//! chunks, GIF blocks, the EXIF block — without decoding a pixel. The decoders
//! only ever see the chunks they need, so no colour profile, text chunk or EXIF
//! block is unpacked, and animations are published without their metadata.
//! Pure; never panics on any input.

/// The PNG signature.
pub(crate) const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// One PNG chunk: its type and its data, within the bytes given.
struct PngChunk<'a> {
    kind: [u8; 4],
    data: &'a [u8],
    /// The whole chunk: length, type, data and CRC.
    whole: &'a [u8],
}

/// The chunks of a PNG in order, up to and including `IEND`; stops at the first chunk
/// the bytes do not hold whole (`Err` says so, with what was read before it).
fn png_chunks(bytes: &[u8]) -> (Vec<PngChunk<'_>>, Result<(), String>) {
    let mut chunks = Vec::new();
    let Some(mut rest) = bytes.strip_prefix(PNG_SIGNATURE) else {
        return (chunks, Err("it does not start with the PNG signature".into()));
    };
    while !rest.is_empty() {
        let Some((len, kind)) = rest.get(..8).map(|h| (be32(&h[..4]) as usize, [h[4], h[5], h[6], h[7]])) else {
            return (chunks, Err("the file ends inside a chunk header (truncated?)".into()));
        };
        let Some(whole) = len.checked_add(12).and_then(|end| rest.get(..end)) else {
            let name = String::from_utf8_lossy(&kind).into_owned();
            return (chunks, Err(format!("the file ends inside its {name} chunk (truncated?)")));
        };
        chunks.push(PngChunk { kind, data: &whole[8..8 + len], whole });
        rest = &rest[whole.len()..];
        if &kind == b"IEND" {
            break;
        }
    }
    (chunks, Ok(()))
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Whether a PNG is an animation (`acTL` before the image data); `None` when `head`
/// ends before the image data starts, so more of the file is needed to tell.
pub(crate) fn png_is_animated(head: &[u8]) -> Option<bool> {
    let (chunks, _) = png_chunks(head);
    for chunk in &chunks {
        match &chunk.kind {
            b"acTL" => return Some(true),
            b"IDAT" | b"IEND" => return Some(false),
            _ => {}
        }
    }
    None
}

/// A still PNG with only what its pixels need (`IHDR`, `PLTE`, `tRNS`, `IDAT`, `IEND`):
/// what the decoder sees, so that no compressed profile or text chunk is ever unpacked
/// whatever it claims to hold. A file cut short keeps what it has; the decoder says so.
pub(crate) fn png_pixels_only(bytes: &[u8]) -> Vec<u8> {
    keep_png_chunks(bytes, &[*b"IHDR", *b"PLTE", *b"tRNS", *b"IDAT", *b"IEND"])
}

fn keep_png_chunks(bytes: &[u8], keep: &[[u8; 4]]) -> Vec<u8> {
    let (chunks, _) = png_chunks(bytes);
    let mut out = PNG_SIGNATURE.to_vec();
    for chunk in chunks.iter().filter(|c| keep.contains(&c.kind)) {
        out.extend_from_slice(chunk.whole);
    }
    out
}

/// An animated PNG with only its frames and how to show them: every text chunk, EXIF
/// block, colour profile, time stamp and private chunk is left out, and nothing after
/// `IEND` is kept. The frames' bytes are copied as they are, so the animation is intact.
pub(crate) fn apng_cleaned(bytes: &[u8]) -> Result<(Vec<u8>, (u32, u32)), String> {
    let (chunks, complete) = png_chunks(bytes);
    complete?;
    let header = chunks.first().filter(|c| &c.kind == b"IHDR" && c.data.len() == 13);
    let Some(header) = header else { return Err("it has no valid IHDR chunk first".into()) };
    if chunks.last().is_none_or(|c| &c.kind != b"IEND") {
        return Err("it has no IEND chunk (truncated?)".into());
    }
    let size = (be32(&header.data[..4]), be32(&header.data[4..8]));
    let keep = [
        *b"IHDR", *b"PLTE", *b"tRNS", *b"gAMA", *b"cHRM", *b"sRGB", *b"sBIT", *b"acTL", *b"fcTL", *b"IDAT", *b"fdAT",
        *b"IEND",
    ];
    Ok((keep_png_chunks(bytes, &keep), size))
}

/// One RIFF chunk of a WebP file.
struct RiffChunk<'a> {
    kind: [u8; 4],
    data: &'a [u8],
}

/// The chunks of a RIFF payload (after `RIFF`, size and `WEBP`, or inside an `ANMF`).
fn riff_chunks(mut rest: &[u8]) -> Result<Vec<RiffChunk<'_>>, String> {
    let mut chunks = Vec::new();
    while !rest.is_empty() {
        let Some(header) = rest.get(..8) else { return Err("the file ends inside a chunk header (truncated?)".into()) };
        let kind = [header[0], header[1], header[2], header[3]];
        let len = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        let Some(data) = rest.get(8..8usize.saturating_add(len)).filter(|d| d.len() == len) else {
            let name = String::from_utf8_lossy(&kind).into_owned();
            return Err(format!("the file ends inside its {name} chunk (truncated?)"));
        };
        chunks.push(RiffChunk { kind, data });
        // Chunks are padded to an even length.
        rest = rest.get(8 + len + (len & 1)..).unwrap_or_default();
    }
    Ok(chunks)
}

/// The chunks of a WebP file, after its RIFF header.
fn webp_body(bytes: &[u8]) -> Result<&[u8], String> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return Err("it does not start with a RIFF WEBP header".into());
    }
    let declared = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    // What the header declares, not what follows it: nothing appended is ever published.
    Ok(&bytes[12..bytes.len().min(8usize.saturating_add(declared)).max(12)])
}

/// Whether a WebP file is an animation, from its first bytes (the `VP8X` flags).
pub(crate) fn webp_is_animated(head: &[u8]) -> bool {
    const ANIMATION: u8 = 0x02;
    head.len() > 20 && &head[12..16] == b"VP8X" && head[20] & ANIMATION != 0
}

/// An animated WebP with only its frames: `ICCP`, `EXIF`, `XMP ` and unknown chunks are
/// left out (inside frames too) and the `VP8X` flags say so; the frames' bytes are as they were.
pub(crate) fn webp_animation_cleaned(bytes: &[u8]) -> Result<(Vec<u8>, (u32, u32)), String> {
    const METADATA_FLAGS: u8 = 0x20 | 0x08 | 0x04; // ICC profile, EXIF, XMP
    let chunks = riff_chunks(webp_body(bytes)?)?;
    let header = chunks.first().filter(|c| &c.kind == b"VP8X" && c.data.len() >= 10);
    let Some(header) = header else { return Err("it has no valid VP8X chunk first".into()) };
    let d = header.data;
    let size = (u32::from_le_bytes([d[4], d[5], d[6], 0]) + 1, u32::from_le_bytes([d[7], d[8], d[9], 0]) + 1);
    let mut body = Vec::with_capacity(bytes.len());
    let mut flags_and_size = header.data[..10].to_vec();
    flags_and_size[0] &= !METADATA_FLAGS;
    push_riff(&mut body, b"VP8X", &flags_and_size);
    for chunk in &chunks[1..] {
        match &chunk.kind {
            b"ANIM" => push_riff(&mut body, b"ANIM", chunk.data),
            b"ANMF" => {
                let Some((frame_header, frame)) = chunk.data.split_at_checked(16) else {
                    return Err("an ANMF frame is shorter than its header".into());
                };
                let mut cleaned = frame_header.to_vec();
                for part in riff_chunks(frame)? {
                    if matches!(&part.kind, b"ALPH" | b"VP8 " | b"VP8L") {
                        push_riff(&mut cleaned, &part.kind, part.data);
                    }
                }
                push_riff(&mut body, b"ANMF", &cleaned);
            }
            _ => {}
        }
    }
    if !chunks.iter().any(|c| &c.kind == b"ANMF") {
        return Err("it says it is an animation but holds no frame".into());
    }
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&u32::try_from(body.len() + 4).map_err(|_| "it is too large")?.to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&body);
    Ok((out, size))
}

fn push_riff(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(kind);
    out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
}

/// A GIF with only its pictures and how to show them: comments, plain-text blocks and
/// every application block but the loop count (`NETSCAPE2.0`, `ANIMEXTS1.0`) — where XMP
/// and colour profiles hide — are left out, and nothing after the trailer is kept.
pub(crate) fn gif_cleaned(bytes: &[u8]) -> Result<(Vec<u8>, (u32, u32)), String> {
    let cut = || "the file ends before its trailer (truncated?)".to_string();
    if bytes.len() < 13 || !(bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")) {
        return Err("it does not start with a GIF header".into());
    }
    let size =
        (u32::from(u16::from_le_bytes([bytes[6], bytes[7]])), u32::from(u16::from_le_bytes([bytes[8], bytes[9]])));
    let mut at = 13 + colour_table_len(bytes[10]);
    let mut out = bytes.get(..at).ok_or_else(cut)?.to_vec();
    let mut frames = 0usize;
    loop {
        match *bytes.get(at).ok_or_else(cut)? {
            0x3B => {
                out.push(0x3B);
                break;
            }
            0x2C => {
                let descriptor = bytes.get(at..at + 10).ok_or_else(cut)?;
                let data = at + 10 + colour_table_len(descriptor[9]);
                // The LZW minimum code size, then the data's sub-blocks.
                let end = sub_blocks_end(bytes, data + 1).ok_or_else(cut)?;
                out.extend_from_slice(&bytes[at..end]);
                at = end;
                frames += 1;
            }
            0x21 => {
                let label = *bytes.get(at + 1).ok_or_else(cut)?;
                let end = sub_blocks_end(bytes, at + 2).ok_or_else(cut)?;
                let loop_count = label == 0xFF
                    && matches!(bytes.get(at + 2..at + 14), Some(b"\x0BNETSCAPE2.0" | b"\x0BANIMEXTS1.0"));
                // Frame timing and transparency (0xF9) and the loop count are kept.
                if label == 0xF9 || loop_count {
                    out.extend_from_slice(&bytes[at..end]);
                }
                at = end;
            }
            other => return Err(format!("it has an unknown block (0x{other:02X}) where a picture should start")),
        }
    }
    if frames == 0 {
        return Err("it holds no picture".into());
    }
    Ok((out, size))
}

/// The length of the colour table a GIF descriptor's packed byte announces.
fn colour_table_len(packed: u8) -> usize {
    if packed & 0x80 == 0 { 0 } else { 3 << ((packed & 0x07) + 1) }
}

/// Where a chain of GIF sub-blocks starting at `at` ends (after its empty block).
fn sub_blocks_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let len = usize::from(*bytes.get(at)?);
        at += 1;
        if len == 0 {
            return Some(at);
        }
        at += len;
    }
}

/// Metadata a picture may carry, unpacked, before it is refused as a decompression bomb:
/// far above any camera's EXIF, XMP and colour profile together.
pub(crate) const METADATA_LIMIT: u64 = 16 << 20;

/// Checks that a picture's metadata — everything but its pixels and how to show them —
/// comes to at most [`METADATA_LIMIT`] bytes unpacked, without unpacking more than that:
/// a colour profile that claims gigabytes is found after 16 MiB, not after gigabytes.
/// `Err` names the part that crossed the limit (`a colour profile (iCCP chunk)`).
pub(crate) fn metadata_within_limit(bytes: &[u8]) -> Result<(), String> {
    let mut total: u64 = 0;
    let mut add = |size: u64, what: &str| {
        total = total.saturating_add(size);
        if total > METADATA_LIMIT { Err(what.to_string()) } else { Ok(()) }
    };
    if bytes.starts_with(PNG_SIGNATURE) {
        for chunk in png_chunks(bytes).0 {
            let allowance = METADATA_LIMIT + 1;
            let (size, what) = match &chunk.kind {
                b"IHDR" | b"PLTE" | b"tRNS" | b"IDAT" | b"IEND" | b"acTL" | b"fcTL" | b"fdAT" => continue,
                b"iCCP" => {
                    (after_name(chunk.data, 1).map_or(0, |z| unpacked(z, allowance)), "a colour profile (iCCP chunk)")
                }
                b"zTXt" => {
                    (after_name(chunk.data, 1).map_or(0, |z| unpacked(z, allowance)), "compressed text (zTXt chunk)")
                }
                b"iTXt" => (itxt_size(chunk.data, allowance), "text (iTXt chunk)"),
                b"eXIf" => (chunk.data.len() as u64, "an EXIF block (eXIf chunk)"),
                _ => (chunk.data.len() as u64, "metadata chunks"),
            };
            add(size, what)?;
        }
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut at = 2;
        while let Some(&[0xFF, marker, hi, lo]) = bytes.get(at..at + 4) {
            if marker == 0xDA || marker == 0xD9 {
                break;
            }
            let len = usize::from(u16::from_be_bytes([hi, lo]));
            if (0xE0..=0xEF).contains(&marker) || marker == 0xFE {
                add(len as u64, "metadata segments (EXIF, XMP, profiles, comments)")?;
            }
            at += 2 + len;
        }
    } else if bytes.starts_with(b"GIF8") {
        let kept = gif_cleaned(bytes).map_or(bytes.len(), |(cleaned, _)| cleaned.len());
        add((bytes.len() - kept.min(bytes.len())) as u64, "comments and application blocks")?;
    } else if let Ok(body) = webp_body(bytes) {
        for chunk in riff_chunks(body).unwrap_or_default() {
            if !matches!(&chunk.kind, b"VP8 " | b"VP8L" | b"ALPH" | b"VP8X" | b"ANIM" | b"ANMF") {
                add(chunk.data.len() as u64, "metadata chunks (EXIF, XMP, colour profile)")?;
            }
        }
    }
    Ok(())
}

/// The bytes after a chunk's NUL-terminated keyword and `skip` more (the compression method).
fn after_name(data: &[u8], skip: usize) -> Option<&[u8]> {
    let name_end = data.iter().position(|&b| b == 0)?;
    data.get(name_end + 1 + skip..)
}

/// The size of an `iTXt` chunk's text, unpacked when it is compressed.
fn itxt_size(data: &[u8], allowance: u64) -> u64 {
    let Some(rest) = after_name(data, 0) else { return data.len() as u64 };
    let (compressed, rest) = (rest.first() == Some(&1), rest.get(2..).unwrap_or_default());
    // Then a language tag and a translated keyword, each NUL-terminated, then the text.
    let text = after_name(rest, 0).and_then(|r| after_name(r, 0)).unwrap_or_default();
    if compressed { unpacked(text, allowance) } else { text.len() as u64 }
}

/// How many bytes a zlib stream unpacks to, counting no further than `allowance`: the
/// output goes through one small buffer and is never kept.
fn unpacked(zlib: &[u8], allowance: u64) -> u64 {
    let mut inflater = flate2::Decompress::new(true);
    let mut scratch = vec![0u8; 64 * 1024];
    while inflater.total_out() < allowance {
        let consumed = usize::try_from(inflater.total_in()).unwrap_or(usize::MAX).min(zlib.len());
        let before = (inflater.total_in(), inflater.total_out());
        match inflater.decompress(&zlib[consumed..], &mut scratch, flate2::FlushDecompress::None) {
            Ok(flate2::Status::StreamEnd) | Err(_) => break,
            Ok(_) if (inflater.total_in(), inflater.total_out()) == before => break,
            Ok(_) => {}
        }
    }
    inflater.total_out()
}

/// The EXIF block of a JPEG, PNG or WebP file, or the file itself for TIFF (its tags are
/// its first directory); `None` when there is none.
fn exif_block(bytes: &[u8]) -> Option<&[u8]> {
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Some(bytes);
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut at = 2;
        while let Some(&[0xFF, marker, hi, lo]) = bytes.get(at..at + 4) {
            let len = usize::from(u16::from_be_bytes([hi, lo]));
            if marker == 0xDA || marker == 0xD9 {
                return None;
            }
            let segment = bytes.get(at + 4..(at + 2 + len).min(bytes.len())).unwrap_or_default();
            if marker == 0xE1
                && let Some(tiff) = segment.strip_prefix(b"Exif\0\0")
            {
                return Some(tiff);
            }
            at += 2 + len;
        }
        return None;
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return png_chunks(bytes).0.into_iter().find(|c| &c.kind == b"eXIf").map(|c| c.data);
    }
    let body = webp_body(bytes).ok()?;
    let exif = riff_chunks(body).ok()?.into_iter().find(|c| &c.kind == b"EXIF")?.data;
    Some(exif.strip_prefix(b"Exif\0\0").unwrap_or(exif))
}

/// The EXIF orientation (1–8) of a JPEG, PNG, WebP or TIFF file, 1 when there is none or
/// it cannot be read. Reads the one tag in place: nothing of the block is copied or
/// unpacked, however large it is or whatever else it claims.
pub(crate) fn exif_orientation(bytes: &[u8]) -> u16 {
    const ORIENTATION: u16 = 0x0112;
    const SHORT: u16 = 3;
    let Some(tiff) = exif_block(bytes) else { return 1 };
    let little = match tiff.get(..4) {
        Some(b"II*\0") => true,
        Some(b"MM\0*") => false,
        _ => return 1,
    };
    let u16_at = |at: usize| {
        tiff.get(at..at + 2)
            .map(|b| if little { u16::from_le_bytes([b[0], b[1]]) } else { u16::from_be_bytes([b[0], b[1]]) })
    };
    let u32_at = |at: usize| {
        tiff.get(at..at + 4).map(|b| {
            let b = [b[0], b[1], b[2], b[3]];
            if little { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) }
        })
    };
    let Some(ifd) = u32_at(4).map(|o| o as usize) else { return 1 };
    let entries = u16_at(ifd).unwrap_or(0);
    for n in 0..usize::from(entries) {
        let entry = ifd + 2 + 12 * n;
        if u16_at(entry) == Some(ORIENTATION) && u16_at(entry + 2) == Some(SHORT) {
            return u16_at(entry + 8).filter(|o| (1..=8).contains(o)).unwrap_or(1);
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&[0, 0, 0, 0]);
        out
    }

    #[test]
    fn a_png_keeps_only_what_its_pixels_need() {
        let mut png = PNG_SIGNATURE.to_vec();
        for (kind, data) in [
            (b"IHDR", &[0u8; 13][..]),
            (b"iCCP", b"profile\0\0zzz"),
            (b"tEXt", b"Author\0someone"),
            (b"IDAT", b"pixels"),
            (b"eXIf", b"MM\0*"),
            (b"IEND", b""),
        ] {
            png.extend(chunk(kind, data));
        }
        png.extend_from_slice(b"<script>appended</script>");
        let kept = png_pixels_only(&png);
        let text = String::from_utf8_lossy(&kept);
        assert!(text.contains("IHDR") && text.contains("IDAT") && text.contains("IEND"));
        for gone in ["iCCP", "tEXt", "someone", "eXIf", "script"] {
            assert!(!text.contains(gone), "{gone}");
        }
        assert_eq!(png_is_animated(&png), Some(false));
        assert_eq!(png_is_animated(&png[..20]), None);
    }

    #[test]
    fn a_gif_loses_comments_and_application_blocks_but_keeps_its_frames_and_loop() {
        let mut gif = b"GIF89a\x02\x00\x01\x00\x80\x00\x00".to_vec();
        gif.extend_from_slice(&[0, 0, 0, 255, 255, 255]); // two-colour global table
        gif.extend_from_slice(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00");
        gif.extend_from_slice(b"\x21\xFE\x0Dsecret: 28.6N\x00");
        gif.extend_from_slice(b"\x21\xFF\x0BXMP DataXMP\x05<x:x>\x00");
        gif.extend_from_slice(b"\x21\xF9\x04\x00\x0A\x00\x00\x00");
        gif.extend_from_slice(b"\x2C\x00\x00\x00\x00\x02\x00\x01\x00\x00\x02\x02\x44\x01\x00");
        gif.extend_from_slice(b"\x3Bappended");
        let (cleaned, size) = gif_cleaned(&gif).unwrap();
        assert_eq!(size, (2, 1));
        let text = String::from_utf8_lossy(&cleaned);
        assert!(text.contains("NETSCAPE2.0") && cleaned.ends_with(b"\x00\x3B"), "{text}");
        for gone in ["secret", "XMP", "x:x", "appended"] {
            assert!(!text.contains(gone), "{gone}");
        }
        assert!(gif_cleaned(&gif[..gif.len() - 12]).unwrap_err().contains("truncated"));
    }

    #[test]
    fn metadata_bombs_are_found_without_unpacking_them() {
        use crate::media::testing::{png_with_bomb, zlib_of_zeros};
        assert_eq!(unpacked(&zlib_of_zeros(3 << 20), u64::MAX), 3 << 20);
        for kind in [b"iCCP", b"zTXt", b"iTXt"] {
            let what = metadata_within_limit(&png_with_bomb(kind, 2 << 30)).unwrap_err();
            assert!(what.contains(&String::from_utf8_lossy(kind).into_owned()), "{what}");
            assert_eq!(metadata_within_limit(&png_with_bomb(kind, 1 << 20)), Ok(()));
        }
    }

    #[test]
    fn the_orientation_is_read_in_place_in_both_byte_orders() {
        let ifd = |little: bool, value: u16| {
            let mut tiff = if little { b"II*\0\x08\0\0\0".to_vec() } else { b"MM\0*\0\0\0\x08".to_vec() };
            let u16b = |v: u16| if little { v.to_le_bytes() } else { v.to_be_bytes() };
            tiff.extend(u16b(1));
            tiff.extend(u16b(0x0112));
            tiff.extend(u16b(3));
            tiff.extend(if little { 1u32.to_le_bytes() } else { 1u32.to_be_bytes() });
            tiff.extend(u16b(value));
            tiff.extend([0, 0, 0, 0, 0, 0]);
            tiff
        };
        assert_eq!(exif_orientation(&ifd(true, 6)), 6);
        assert_eq!(exif_orientation(&ifd(false, 8)), 8);
        assert_eq!(exif_orientation(&ifd(true, 9)), 1);
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
        let block = ifd(false, 3);
        jpeg.extend(((block.len() + 8) as u16).to_be_bytes());
        jpeg.extend(b"Exif\0\0");
        jpeg.extend(block);
        assert_eq!(exif_orientation(&jpeg), 3);
        assert_eq!(exif_orientation(b"\xFF\xD8\xFF"), 1);
    }
}
