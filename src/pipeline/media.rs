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
use crate::pipeline::cache::Memo;
use crate::plan::bundles::{Asset, Placed, Variant, bundle_folders};
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ImageCount {
    pub images: usize,
    pub encoded: usize,
}

/// The output files made from one bundle file, and whether an image had to be encoded.
type Published = (Vec<(String, Content)>, bool);

/// Adds every placed bundle file to the output: files as they are, images as their
/// variants, made in parallel and taken from the disk cache when already made.
pub(crate) fn publish_stage(site: &Site, files: &mut OutputTree, diags: &mut Vec<Diagnostic>) -> ImageCount {
    let root = &site.config.root;
    let settings = ImageSettings { widths: site.config.image_widths.clone(), quality: site.config.image_quality };
    let cache = VariantCache::new(root.join(CACHE_DIR).join("images"));
    let made: Vec<Result<Published, Diagnostic>> = site
        .assets
        .par_iter()
        .map(|(_, (asset, placed))| match placed {
            Placed::File { path } => {
                Ok((vec![(path.clone(), Content::Copy(FileSource::Disk(root.join(&asset.file.path))))], false))
            }
            Placed::Image { webp, fallback } => variants(root, asset, webp, fallback, &settings, &cache),
        })
        .collect();
    let mut count = ImageCount::default();
    for (result, (_, (asset, _))) in made.into_iter().zip(&site.assets) {
        match result {
            Ok((outputs, encoded)) => {
                if asset.image.is_some() {
                    count.images += 1;
                    count.encoded += usize::from(encoded);
                }
                files.extend(outputs);
            }
            Err(d) => diags.push(d),
        }
    }
    count
}

/// The variants of one image, from the cache or made now; `true` when it was encoded.
fn variants(
    root: &Path,
    asset: &Asset,
    webp: &[Variant],
    fallback: &Variant,
    settings: &ImageSettings,
    cache: &VariantCache,
) -> Result<Published, Diagnostic> {
    let path = &asset.file.path;
    let bytes =
        std::fs::read(root.join(path)).map_err(|e| Diagnostic::error(path, 1, 1, format!("cannot read: {e}")))?;
    let name = &asset.file.name;
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem);
    let (made, from_cache) = cache
        .get_or_process(&bytes, stem, settings)
        .map_err(|e| Diagnostic::error(path, 1, 1, e.named(name).to_string()))?;
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
    Ok((outputs, !from_cache))
}
