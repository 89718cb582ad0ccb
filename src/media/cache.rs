//! The variant cache: keeps each processed image on disk under a hash of
//! everything that shapes its output, so an unchanged image is never decoded
//! or encoded twice across builds.
//!
//! Layout: `{dir}/{key hex}/` holds the variant files and `manifest.txt`:
//!
//! ```text
//! patrika-image-cache 1
//! source 3000 2000
//! webp webp 480 320 15123 photo-480.webp
//! fallback jpg 1200 800 98012 photo-1200.jpg
//! end
//! ```
//!
//! Fields: role, format extension, width, height, byte length, file name. An
//! entry is built in a `.tmp-*` folder and renamed into place, so a killed
//! build leaves either a whole entry or none; anything unreadable is a miss.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use super::{ImageError, ImageSettings, ProcessedImage, Variant, VariantFormat, process};

/// Bump whenever [`process`] would give different bytes for the same input
/// (encoder settings, filter, a dependency upgrade), so stale entries stop matching.
const PIPELINE_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.txt";
const HEADER: &str = "patrika-image-cache 1";

/// Makes temp folder names unique across the threads of one build; the
/// process id separates concurrent builds (e.g. `serve` next to `build`).
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A disk cache of [`ProcessedImage`]s. Holds no state but its folder, so it is
/// `Sync` and shared by reference across rayon workers.
#[derive(Debug, Clone)]
pub(crate) struct VariantCache {
    dir: PathBuf,
}

impl VariantCache {
    /// Touches nothing on disk: the folder is made on the first store, so a
    /// build with no images leaves no trace.
    pub(crate) fn new(dir: PathBuf) -> Self {
        VariantCache { dir }
    }

    /// The processed image if the cache has it; never decodes or encodes.
    pub(crate) fn get(&self, bytes: &[u8], file_stem: &str, settings: &ImageSettings) -> Option<ProcessedImage> {
        read_entry(&self.dir.join(cache_key(bytes, file_stem, settings)), file_stem)
    }

    /// Returns the processed image and whether it came from the cache (no
    /// decoding or encoding happened). Cache trouble never fails the image: an
    /// unreadable entry is reprocessed and an unwritable folder is skipped.
    pub(crate) fn get_or_process(
        &self,
        bytes: &[u8],
        file_stem: &str,
        settings: &ImageSettings,
    ) -> Result<(ProcessedImage, bool), ImageError> {
        let key = cache_key(bytes, file_stem, settings);
        let entry = self.dir.join(&key);
        if let Some(hit) = read_entry(&entry, file_stem) {
            return Ok((hit, true));
        }
        let image = process(bytes, file_stem, settings)?;
        // Best effort by design: a read-only site checkout still builds.
        let _ = self.store(&key, &entry, file_stem, &image);
        Ok((image, false))
    }

    fn store(&self, key: &str, entry: &Path, stem: &str, image: &ProcessedImage) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = self.dir.join(format!(".tmp-{key}-{}-{n}", std::process::id()));
        let result = write_entry(&temp, image).and_then(|()| publish(&temp, entry, stem));
        if result.is_err() {
            let _ = fs::remove_dir_all(&temp);
        }
        result
    }
}

/// Hex SHA-256 of everything that decides the output bytes. Every field is
/// length-prefixed so that no two different inputs can hash the same stream.
fn cache_key(bytes: &[u8], file_stem: &str, settings: &ImageSettings) -> String {
    let mut hasher = Sha256::new();
    hasher.update(PIPELINE_VERSION.to_le_bytes());
    hasher.update((file_stem.len() as u64).to_le_bytes());
    hasher.update(file_stem.as_bytes());
    hasher.update((settings.widths.len() as u64).to_le_bytes());
    for w in &settings.widths {
        hasher.update(w.to_le_bytes());
    }
    hasher.update([settings.quality]);
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn write_entry(temp: &Path, image: &ProcessedImage) -> io::Result<()> {
    fs::create_dir(temp)?;
    let mut manifest = format!("{HEADER}\nsource {} {}\n", image.width, image.height);
    let roles = image.webp.iter().map(|v| ("webp", v)).chain([("fallback", &image.fallback)]);
    for (role, v) in roles {
        fs::write(temp.join(&v.file_name), &v.bytes)?;
        manifest.push_str(&format!(
            "{role} {} {} {} {} {}\n",
            v.format.extension(),
            v.width,
            v.height,
            v.bytes.len(),
            v.file_name
        ));
    }
    manifest.push_str("end\n");
    fs::write(temp.join(MANIFEST), manifest)
}

/// Moves a finished temp folder to its key. If the key is taken, either a
/// parallel worker just stored the same image (keep theirs) or the old entry
/// was broken (replace it).
fn publish(temp: &Path, entry: &Path, stem: &str) -> io::Result<()> {
    let Err(first) = fs::rename(temp, entry) else {
        return Ok(());
    };
    if fs::symlink_metadata(entry).is_err() {
        return Err(first);
    }
    if read_entry(entry, stem).is_some() {
        return fs::remove_dir_all(temp);
    }
    if entry.is_dir() {
        fs::remove_dir_all(entry)?;
    } else {
        fs::remove_file(entry)?;
    }
    fs::rename(temp, entry)
}

/// Reads a file of an entry that Patrika wrote: a regular file below the entry's real
/// folder, never through a link. A link there was not made by Patrika (the cache may come
/// from a checkout), and following it could publish a file from outside the site.
fn read_own(entry: &Path, rel: &str) -> Option<Vec<u8>> {
    let is_link = |p: &Path| fs::symlink_metadata(p).map_or(true, |m| m.file_type().is_symlink());
    let path = entry.join(rel);
    if is_link(entry) || is_link(&path) {
        return None;
    }
    let real = fs::canonicalize(&path).ok()?;
    real.starts_with(fs::canonicalize(entry).ok()?).then(|| fs::read(real).ok()).flatten()
}

/// `None` for anything short of a complete, consistent entry.
fn read_entry(entry: &Path, stem: &str) -> Option<ProcessedImage> {
    let text = String::from_utf8(read_own(entry, MANIFEST)?).ok()?;
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let (width, height) = parse_source(lines.next()?)?;
    let mut webp = Vec::new();
    let mut fallback = None;
    for line in lines.by_ref() {
        if line == "end" {
            break;
        }
        let (role, variant) = parse_variant(line, entry, stem)?;
        match (role, &fallback) {
            ("webp", None) => webp.push(variant),
            ("fallback", None) => fallback = Some(variant),
            _ => return None,
        }
    }
    // Only a manifest that reached its last line was written whole.
    if !text.ends_with("end\n") || lines.next().is_some() {
        return None;
    }
    Some(ProcessedImage { width, height, webp, fallback: fallback? })
}

fn parse_source(line: &str) -> Option<(u32, u32)> {
    let mut parts = line.strip_prefix("source ")?.split(' ');
    let width = parts.next()?.parse().ok()?;
    let height = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((width, height))
}

/// Parses one variant line and loads its file, checking that the name is the
/// one [`process`] would give and the length is the one recorded, which
/// catches files cut short by a crash after the rename.
fn parse_variant<'l>(line: &'l str, entry: &Path, stem: &str) -> Option<(&'l str, Variant)> {
    let mut parts = line.splitn(6, ' ');
    let role = parts.next()?;
    let format = VariantFormat::from_extension(parts.next()?)?;
    let width: u32 = parts.next()?.parse().ok()?;
    let height: u32 = parts.next()?.parse().ok()?;
    let len: usize = parts.next()?.parse().ok()?;
    let file_name = parts.next()?;
    let webp_role = role == "webp";
    if webp_role != (format == VariantFormat::Webp) || file_name != format!("{stem}-{width}.{}", format.extension()) {
        return None;
    }
    let bytes = read_own(entry, file_name)?;
    if bytes.len() != len {
        return None;
    }
    let variant = Variant { width, height, format, file_name: file_name.to_owned(), bytes: Arc::from(bytes) };
    Some((role, variant))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::testing::noise_photo_jpeg;

    /// A fresh folder under the system temp dir, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> Self {
            let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = std::env::temp_dir().join(format!("patrika-media-{tag}-{}-{n}", std::process::id()));
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(&path).unwrap();
            TempDir(path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn settings(widths: &[u32], quality: u8) -> ImageSettings {
        ImageSettings { widths: widths.to_vec(), quality }
    }

    fn only_entry(dir: &Path) -> PathBuf {
        let entries: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(entries.len(), 1, "{entries:?}");
        entries.into_iter().next().unwrap()
    }

    #[test]
    fn second_call_is_a_hit_with_identical_bytes() {
        let tmp = TempDir::new("hit");
        let cache = VariantCache::new(tmp.0.join("images"));
        let photo = noise_photo_jpeg(320, 200, 1);
        let s = settings(&[100, 200], 80);
        let (first, hit1) = cache.get_or_process(&photo, "pic", &s).unwrap();
        let (second, hit2) = cache.get_or_process(&photo, "pic", &s).unwrap();
        assert!(!hit1 && hit2);
        assert_eq!(first, second);
        assert_eq!(first, process(&photo, "pic", &s).unwrap(), "the cache must not alter output");
        let entry = only_entry(&tmp.0.join("images"));
        assert!(entry.join("pic-100.webp").is_file() && entry.join("pic-320.jpg").is_file());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_in_an_entry_is_a_miss_never_read() {
        let tmp = TempDir::new("planted");
        let cache = VariantCache::new(tmp.0.clone());
        let photo = noise_photo_jpeg(100, 80, 9);
        let s = settings(&[64], 75);
        cache.get_or_process(&photo, "p", &s).unwrap();
        // As a checkout could bring it: the variant replaced by a link to a secret of the
        // same length outside the cache.
        let entry = only_entry(&tmp.0);
        let variant = entry.join("p-64.webp");
        let secret = tmp.0.with_extension("secret");
        let secret_bytes = vec![b'S'; fs::metadata(&variant).unwrap().len() as usize];
        fs::write(&secret, &secret_bytes).unwrap();
        fs::remove_file(&variant).unwrap();
        std::os::unix::fs::symlink(&secret, &variant).unwrap();
        assert!(cache.get(&photo, "p", &s).is_none(), "the link is not followed");
        let (made, hit) = cache.get_or_process(&photo, "p", &s).unwrap();
        assert!(!hit);
        assert_ne!(&made.webp[0].bytes[..], &secret_bytes[..]);
        let _ = fs::remove_file(secret);
    }

    #[test]
    fn changed_quality_widths_stem_or_bytes_miss() {
        let tmp = TempDir::new("miss");
        let cache = VariantCache::new(tmp.0.clone());
        let photo = noise_photo_jpeg(320, 200, 2);
        assert!(!cache.get_or_process(&photo, "a", &settings(&[100], 80)).unwrap().1);
        assert!(!cache.get_or_process(&photo, "a", &settings(&[100], 70)).unwrap().1);
        assert!(!cache.get_or_process(&photo, "a", &settings(&[100, 150], 80)).unwrap().1);
        assert!(!cache.get_or_process(&photo, "b", &settings(&[100], 80)).unwrap().1);
        let other = noise_photo_jpeg(320, 200, 3);
        assert!(!cache.get_or_process(&other, "a", &settings(&[100], 80)).unwrap().1);
        assert!(cache.get_or_process(&photo, "a", &settings(&[100], 70)).unwrap().1);
    }

    #[test]
    fn truncated_manifest_or_variant_is_a_miss_and_is_rewritten() {
        let tmp = TempDir::new("corrupt");
        let cache = VariantCache::new(tmp.0.clone());
        let photo = noise_photo_jpeg(300, 300, 4);
        let s = settings(&[64, 128], 75);
        let (good, _) = cache.get_or_process(&photo, "p", &s).unwrap();
        let manifest = only_entry(&tmp.0).join(MANIFEST);
        let text = fs::read_to_string(&manifest).unwrap();
        for cut in [0, 10, text.len() / 2, text.len() - 4, text.len() - 1] {
            fs::write(&manifest, &text[..cut]).unwrap();
            let (again, hit) = cache.get_or_process(&photo, "p", &s).unwrap();
            assert!(!hit, "manifest cut at {cut} must miss");
            assert_eq!(again, good);
            assert!(cache.get_or_process(&photo, "p", &s).unwrap().1, "rewritten after cut {cut}");
        }
        let webp = only_entry(&tmp.0).join("p-64.webp");
        let bytes = fs::read(&webp).unwrap();
        fs::write(&webp, &bytes[..bytes.len() / 2]).unwrap();
        assert!(!cache.get_or_process(&photo, "p", &s).unwrap().1);
        assert!(cache.get_or_process(&photo, "p", &s).unwrap().1);
        assert_eq!(fs::read_dir(&tmp.0).unwrap().count(), 1, "no temp folders left behind");
    }

    #[test]
    fn uncreatable_cache_dir_still_processes() {
        let tmp = TempDir::new("blocked");
        // A regular file where a parent folder should be blocks creation even
        // for root, which read-only permissions would not.
        let blocker = tmp.0.join("not-a-dir");
        fs::write(&blocker, b"x").unwrap();
        let cache = VariantCache::new(blocker.join("images"));
        let photo = noise_photo_jpeg(200, 100, 5);
        let s = settings(&[50], 80);
        for _ in 0..2 {
            let (image, hit) = cache.get_or_process(&photo, "x", &s).unwrap();
            assert!(!hit);
            assert_eq!(image.webp.len(), 1);
        }
    }

    #[test]
    fn errors_are_not_cached_and_pass_through() {
        let tmp = TempDir::new("err");
        let cache = VariantCache::new(tmp.0.clone());
        let err = cache.get_or_process(b"not an image", "bad", &settings(&[100], 80)).unwrap_err();
        assert!(matches!(err, ImageError::UnknownFormat { .. }));
        assert_eq!(fs::read_dir(&tmp.0).unwrap().count(), 0);
    }

    #[test]
    fn parallel_workers_on_one_image_agree() {
        fn shareable<T: Send + Sync>() {}
        shareable::<VariantCache>();
        let tmp = TempDir::new("race");
        let cache = VariantCache::new(tmp.0.clone());
        let photo = noise_photo_jpeg(256, 256, 6);
        let s = settings(&[64, 128], 80);
        let results: Vec<ProcessedImage> = std::thread::scope(|scope| {
            let handles: Vec<_> =
                (0..4).map(|_| scope.spawn(|| cache.get_or_process(&photo, "r", &s).unwrap().0)).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(results.windows(2).all(|w| w[0] == w[1]));
        only_entry(&tmp.0);
        assert!(cache.get_or_process(&photo, "r", &s).unwrap().1);
    }
}
