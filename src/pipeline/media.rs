//! The media stages: before planning, lists every bundle's files and reads each
//! image's header (pages need sizes for `width`/`height`); after rendering,
//! makes the variants — in parallel, cached on disk by content and settings —
//! and hands every bundle file to the writer.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::media::ImageSettings;
use crate::media::cache::VariantCache;
use crate::media::describe::{ImageInfo, describe};
use crate::media::{MediaKind, kind_of};
use crate::pipeline::memo::Memo;
use crate::plan::bundles::{Asset, Placed, Variant, bundle_folders, stem_of};
use crate::plan::site::Site;
use crate::read::assets;
use crate::read::document::SourceDoc;
use crate::render::theme::FileSource;
use crate::render::{Content, OutputTree};

/// What reading an image's header gave, remembered by the file's size and modification time.
pub(crate) type Described = Memo<Result<Option<ImageInfo>, String>>;

/// The folder below the site root where processed images are kept between builds.
pub(crate) const CACHE_DIR: &str = ".patrika";

/// Enough of a file for any header Patrika reads (a JPEG's EXIF block is at most 64 KiB).
const HEADER_BYTES: u64 = 512 * 1024;

/// Reads the start of a file; the whole file when the header was not within it.
fn header_of(path: &Path, name: &str) -> Result<ImageInfo, String> {
    let read = |limit: u64| -> Result<Vec<u8>, String> {
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read `{name}`: {e}"))?;
        let mut bytes = Vec::new();
        file.take(limit).read_to_end(&mut bytes).map_err(|e| format!("cannot read `{name}`: {e}"))?;
        Ok(bytes)
    };
    match describe(&read(HEADER_BYTES)?, name) {
        Ok(info) => Ok(info),
        Err(_) => describe(&read(u64::MAX)?, name),
    }
}

/// Lists the files of every bundle and reads the header of each raster image.
pub(crate) fn describe_stage(
    root: &Path,
    docs: &[Arc<SourceDoc>],
    memos: &mut HashMap<PathBuf, Described>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Asset> {
    let (files, found) = assets::list(root, &bundle_folders(docs));
    diags.extend(found);
    let described: Vec<Described> = files
        .par_iter()
        .map(|file| {
            let inputs = (file.len, file.modified);
            if file.modified.is_some()
                && let Some(done) = memos.get(&file.path).and_then(|m| m.get(&inputs))
            {
                return Memo::new(&inputs, done.clone());
            }
            let info = if kind_of(&file.name) == Some(MediaKind::Raster) {
                header_of(&root.join(&file.path), &file.name).map(Some)
            } else {
                Ok(None)
            };
            Memo::new(&inputs, info)
        })
        .collect();
    memos.clear();
    let mut assets = Vec::with_capacity(files.len());
    for (file, memo) in files.into_iter().zip(described) {
        match &memo.value {
            Ok(image) => assets.push(Asset { image: *image, file: file.clone() }),
            Err(message) => diags.push(Diagnostic::error(&file.path, 1, 1, message.clone())),
        }
        memos.insert(file.path, memo);
    }
    assets
}

/// How many images a build published, and how many of them it had to encode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ImageCount {
    pub images: usize,
    pub encoded: usize,
    /// Images left for later (serve): not in the cache yet, their variants not published.
    /// Each with the name stem its variants are cached under.
    pub pending: Vec<(PathBuf, String)>,
}

/// The output files made from one bundle file, and whether an image had to be encoded.
type Published = (Vec<(String, Content)>, bool);

/// What the last builds made of each bundle file, by its size, modification time and the
/// settings: watch mode then neither reads nor hashes an unchanged picture again.
pub(crate) type Made = Memo<Option<Published>>;

/// Adds every placed bundle file to the output: files as they are, images as their
/// variants, made in parallel and taken from the disk cache when already made.
/// With `defer`, an image not in the disk cache is left out and listed as pending,
/// so that pages are served at once and the picture follows when it is ready.
pub(crate) fn publish_stage(
    site: &Site,
    files: &mut OutputTree,
    memos: &mut HashMap<PathBuf, Made>,
    defer: bool,
    diags: &mut Vec<Diagnostic>,
) -> ImageCount {
    let root = &site.config.root;
    let settings = ImageSettings { widths: site.config.image_widths.clone(), quality: site.config.image_quality };
    let cache = VariantCache::new(root.join(CACHE_DIR).join("images"));
    let made: Vec<Result<Made, Diagnostic>> = site
        .assets
        .par_iter()
        .map(|(_, (asset, placed))| {
            let inputs = (asset.file.len, asset.file.modified, placed, &settings.widths, settings.quality);
            if asset.file.modified.is_some()
                && let Some(Some(done)) = memos.get(&asset.file.path).and_then(|m| m.get(&inputs))
            {
                return Ok(Memo::new(&inputs, Some((done.0.clone(), false))));
            }
            let published = match placed {
                Placed::File { path } => {
                    let source = FileSource::Disk(root.join(&asset.file.path));
                    Some((vec![(path.clone(), Content::Copy(source))], false))
                }
                Placed::Image { webp, fallback } => variants(root, asset, (webp, fallback), &settings, &cache, defer)?,
            };
            Ok(Memo::new(&inputs, published))
        })
        .collect();
    memos.clear();
    let mut count = ImageCount::default();
    for (result, (_, (asset, _))) in made.into_iter().zip(&site.assets) {
        match result {
            Ok(memo) => {
                match &memo.value {
                    Some((outputs, encoded)) => {
                        count.encoded += usize::from(*encoded);
                        files.extend(outputs.iter().cloned());
                        memos.insert(asset.file.path.clone(), memo);
                    }
                    None => count.pending.push((asset.file.path.clone(), stem_of(&asset.file.name).to_string())),
                }
                count.images += usize::from(asset.image.is_some());
            }
            Err(d) => diags.push(d),
        }
    }
    count
}

/// The variants of one image, from the cache or made now (`true`: it was encoded);
/// `None` when `defer` is set and the cache does not have them.
fn variants(
    root: &Path,
    asset: &Asset,
    (webp, fallback): (&[Variant], &Variant),
    settings: &ImageSettings,
    cache: &VariantCache,
    defer: bool,
) -> Result<Option<Published>, Diagnostic> {
    let path = &asset.file.path;
    let bytes =
        std::fs::read(root.join(path)).map_err(|e| Diagnostic::error(path, 1, 1, format!("cannot read: {e}")))?;
    let name = &asset.file.name;
    let stem = stem_of(name);
    let (made, from_cache) = match cache.get(&bytes, stem, settings) {
        Some(hit) => (hit, true),
        None if defer => return Ok(None),
        None => cache
            .get_or_process(&bytes, stem, settings)
            .map_err(|e| Diagnostic::error(path, 1, 1, e.named(name).to_string()))?,
    };
    let mut outputs = Vec::with_capacity(webp.len() + 1);
    let planned = webp.iter().chain([fallback]);
    let produced = made.webp.iter().chain([&made.fallback]);
    for (want, got) in planned.zip(produced) {
        if (want.width, want.height, want.mime) != (got.width, got.height, got.format.mime()) {
            // The planner and the encoder disagree: a bug, but the page must not point at a missing file.
            let message = format!(
                "internal error: planned a {}×{} {} variant but made {}×{} {}",
                want.width,
                want.height,
                want.mime,
                got.width,
                got.height,
                got.format.mime()
            );
            return Err(Diagnostic::error(path, 1, 1, message));
        }
        outputs.push((want.path.clone(), Content::Bytes(Arc::clone(&got.bytes))));
    }
    Ok(Some((outputs, !from_cache)))
}

/// Makes and caches the variants of images left pending by a deferred build.
/// Errors are not reported here: the next build encodes the image itself and reports them.
pub(crate) fn encode_pending(root: &Path, widths: &[u32], quality: u8, pending: &[(PathBuf, String)]) {
    let settings = ImageSettings { widths: widths.to_vec(), quality };
    let cache = VariantCache::new(root.join(CACHE_DIR).join("images"));
    pending.par_iter().for_each(|(path, stem)| {
        let Ok(bytes) = std::fs::read(root.join(path)) else { return };
        let _ = cache.get_or_process(&bytes, stem, &settings);
    });
}
