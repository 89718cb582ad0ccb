//! The media stages: before planning, lists every bundle's files and reads each
//! image's header (pages need sizes for `width`/`height`); after rendering,
//! makes the variants — in parallel, cached on disk by content and settings —
//! and hands every bundle file to the writer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::media::cache::VariantCache;
use crate::media::inspect::{Problem, animation_cleaned, inspect, read_whole};
use crate::media::{AssetKind, ImageSettings};
use crate::pipeline::memo::Memo;
use crate::plan::bundles::{Asset, Placed, Variant, bundle_folders, stem_of};
use crate::plan::site::Site;
use crate::read::assets;
use crate::read::document::SourceDoc;
use crate::render::theme::FileSource;
use crate::render::{Content, OutputTree};

/// What inspecting a bundle file gave, remembered by its size, modification time and
/// where its bytes are.
pub(crate) type Described = Memo<Result<AssetKind, Vec<Problem>>>;

/// The folder below the site root where processed images are kept between builds.
pub(crate) const CACHE_DIR: &str = ".patrika";

/// Lists the files of every bundle and finds out what each is from its bytes: a still
/// picture (its header read), an animation, a drawing, another file, or something that
/// may not be published (an error saying why, at the file).
pub(crate) fn describe_stage(
    root: &Path,
    docs: &[Arc<SourceDoc>],
    memos: &mut HashMap<PathBuf, Described>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Asset> {
    let listed = assets::list(root, &bundle_folders(docs));
    diags.extend(listed.problems);
    let described: Vec<Described> = listed
        .files
        .par_iter()
        .map(|file| {
            let inputs = (file.len, file.modified, &file.real);
            if file.modified.is_some()
                && let Some(done) = memos.get(&file.path).and_then(|m| m.get(&inputs))
            {
                return Memo::new(&inputs, done.clone());
            }
            Memo::new(&inputs, inspect(&file.real, file.len, &file.name))
        })
        .collect();
    memos.clear();
    let mut assets = Vec::with_capacity(listed.files.len() + listed.refused.len());
    for (file, memo) in listed.files.into_iter().zip(described) {
        let kind = match &memo.value {
            Ok(kind) => *kind,
            Err(problems) => {
                diags.extend(problems.iter().map(|p| Diagnostic::error(&file.path, p.line, p.col, p.message.clone())));
                AssetKind::Refused
            }
        };
        memos.insert(file.path.clone(), memo);
        assets.push(Asset { file, kind });
    }
    assets.extend(listed.refused.into_iter().map(|file| Asset { file, kind: AssetKind::Refused }));
    assets.sort_by(|a, b| a.file.content_path.cmp(&b.file.content_path));
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

/// Adds every placed bundle file to the output: files as they are, animations without
/// their metadata, still pictures as their variants, made in parallel and taken from the
/// disk cache when already made. With `defer`, an image not in the disk cache is left out
/// and listed as pending, so that pages are served at once and the picture follows.
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
            let file = &asset.file;
            let inputs = (file.len, file.modified, &file.real, placed, &settings.widths, settings.quality);
            if file.modified.is_some()
                && let Some(Some(done)) = memos.get(&file.path).and_then(|m| m.get(&inputs))
            {
                return Ok(Memo::new(&inputs, Some((done.0.clone(), false))));
            }
            let published = match (placed, asset.kind) {
                (Placed::Refused, _) => Some((Vec::new(), false)),
                (Placed::File { path }, AssetKind::Animation(animation)) => {
                    let cleaned = animation_cleaned(&file.real, file.len, animation, &file.name)
                        .map_err(|e| Diagnostic::error(&file.path, 1, 1, e))?;
                    Some((vec![(path.clone(), Content::Bytes(Arc::from(cleaned)))], false))
                }
                (Placed::File { path }, _) => {
                    Some((vec![(path.clone(), Content::Copy(FileSource::Disk(file.real.clone())))], false))
                }
                (Placed::Image { webp, fallback }, _) => variants(asset, (webp, fallback), &settings, &cache, defer)?,
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
                count.images += usize::from(matches!(asset.kind, AssetKind::Image(_)));
            }
            Err(d) => diags.push(d),
        }
    }
    count
}

/// The variants of one image, from the cache or made now (`true`: it was encoded);
/// `None` when `defer` is set and the cache does not have them. The picture's share of
/// the decoding budget is held from before its file is read until its variants are made.
fn variants(
    asset: &Asset,
    (webp, fallback): (&[Variant], &Variant),
    settings: &ImageSettings,
    cache: &VariantCache,
    defer: bool,
) -> Result<Option<Published>, Diagnostic> {
    let path = &asset.file.path;
    let name = &asset.file.name;
    let cost = match asset.kind {
        AssetKind::Image(info) => info.cost,
        AssetKind::Animation(_) | AssetKind::File | AssetKind::Refused => asset.file.len,
    };
    let (bytes, _held) =
        read_whole(&asset.file.real, asset.file.len, cost, name).map_err(|e| Diagnostic::error(path, 1, 1, e))?;
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

/// Makes and caches the variants of images left pending by a deferred build (paths below
/// `root`), each read again under the site's rule and within the decoding budget.
/// Errors are not reported here: the next build encodes the image itself and reports them.
pub(crate) fn encode_pending(root: &Path, widths: &[u32], quality: u8, pending: &[(PathBuf, String)]) {
    let settings = ImageSettings { widths: widths.to_vec(), quality };
    let cache = VariantCache::new(root.join(CACHE_DIR).join("images"));
    let boundary = crate::read::disk::Boundary::site(root);
    pending.par_iter().for_each(|(path, stem)| {
        let Ok(real) = boundary.resolve(&root.join(path)) else { return };
        let Ok(len) = std::fs::metadata(&real).map(|m| m.len()) else { return };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Ok(AssetKind::Image(info)) = inspect(&real, len, &name) else { return };
        let Ok((bytes, _held)) = read_whole(&real, len, info.cost, &name) else { return };
        let _ = cache.get_or_process(&bytes, stem, &settings);
    });
}
