//! Places bundle files: each is published once, beside the page of its
//! briefing's original, and every language version links to that one copy.
//! Still pictures are published only as their variants (never the original,
//! which may carry a camera's metadata); refused files nowhere. Pure.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::media::describe::{ImageInfo, RasterFormat, fallback_width, scaled_height, variant_widths};
use crate::read::assets::AssetFile;
use crate::read::document::SourceDoc;
use crate::read::identity::DocKind;

/// A bundle file and what the media stage learned of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Asset {
    pub file: AssetFile,
    pub kind: AssetKind,
}

pub(crate) use crate::media::AssetKind;

/// One output file made from a bundle file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Variant {
    /// Below the base path: `hi/briefings/x/map-960.webp`.
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub mime: &'static str,
}

/// A bundle file placed at its URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Placed {
    /// Copied as it is (PDF, SVG, GIF, …) to `path`.
    File { path: String },
    /// A raster image, published as WebP variants plus one fallback in its own format.
    Image { webp: Vec<Variant>, fallback: Variant },
    /// Not published (its own error says why).
    Refused,
}

/// Every bundle's folder (relative to `content/`), sorted, drafts' included.
pub(crate) fn bundle_folders(docs: &[Arc<SourceDoc>]) -> Vec<String> {
    let mut folders: Vec<String> = docs.iter().filter(|d| d.info.bundle).map(|d| d.info.stem_path()).collect();
    folders.sort();
    folders.dedup();
    folders
}

/// Markdown files inside a bundle's folder that are not its index: a bundle holds one briefing.
pub(crate) fn stray_documents(docs: &[Arc<SourceDoc>]) -> Vec<Diagnostic> {
    let folders = bundle_folders(docs);
    let mut diags = Vec::new();
    for doc in docs.iter().filter(|d| !d.info.bundle) {
        let folder = doc.info.folder();
        let inside = folders.iter().find(|b| folder == b.as_str() || folder.starts_with(&format!("{b}/")));
        if let Some(bundle) = inside {
            let what = if doc.info.kind == DocKind::Index { "a section intro" } else { "another page" };
            diags.push(doc.error_at(
                doc.front.at.front,
                format!(
                    "content/{bundle}/ is a bundle (it has an index file), so it holds one briefing and cannot hold \
                     {what}: move this file out of the folder"
                ),
            ));
        }
    }
    diags
}

/// The output files of one asset, placed in `page_dir` (a page path such as `hi/briefings/x/`).
pub(crate) fn place(asset: &Asset, page_dir: &str, widths: &[u32]) -> Placed {
    let name = &asset.file.name;
    let info = match &asset.kind {
        AssetKind::Image(info) => info,
        AssetKind::Animation(_) | AssetKind::File => return Placed::File { path: format!("{page_dir}{name}") },
        AssetKind::Refused => return Placed::Refused,
    };
    let (webp, fallback) = image_variants(info, &format!("{page_dir}{}", stem_of(name)), widths);
    Placed::Image { webp, fallback }
}

/// The WebP variants and the fallback of a picture, named `{prefix}-{width}.{ext}` (the
/// prefix is a path below the base, the picture's file stem last): what the encoder makes.
pub(crate) fn image_variants(info: &ImageInfo, prefix: &str, widths: &[u32]) -> (Vec<Variant>, Variant) {
    let variant = |width: u32, ext: &str, mime: &'static str| Variant {
        path: format!("{prefix}-{width}.{ext}"),
        width,
        height: scaled_height(info, width),
        mime,
    };
    let webp = variant_widths(info.width, widths)
        .into_iter()
        .map(|w| variant(w, "webp", "image/webp"))
        .filter(|v| v.height <= WEBP_MAX_SIDE)
        .collect();
    let (ext, mime) = fallback_format(info);
    (webp, variant(fallback_width(info.width), ext, mime))
}

/// A bundle file's name without its extension (`img/chart.png` → `img/chart`): what its variants are named after.
pub(crate) fn stem_of(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// WebP holds no side over this; a taller variant is left out (the fallback serves).
const WEBP_MAX_SIDE: u32 = 16_383;

/// The fallback keeps the original format; a WebP or TIFF original falls back to PNG if
/// it has transparency (JPEG has none) and to JPEG otherwise.
pub(crate) fn fallback_format(info: &ImageInfo) -> (&'static str, &'static str) {
    match info.format {
        RasterFormat::Jpeg => ("jpg", "image/jpeg"),
        RasterFormat::Png => ("png", "image/png"),
        RasterFormat::Webp | RasterFormat::Tiff if info.has_alpha => ("png", "image/png"),
        RasterFormat::Webp | RasterFormat::Tiff => ("jpg", "image/jpeg"),
    }
}

/// Bundle files by content path, each with where it is published.
pub(crate) type PlacedAssets = BTreeMap<String, (Asset, Placed)>;

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(name: &str, kind: AssetKind) -> Asset {
        let file = AssetFile {
            content_path: format!("b/x/{name}"),
            bundle: "b/x".into(),
            name: name.into(),
            path: format!("content/b/x/{name}").into(),
            real: format!("/site/content/b/x/{name}").into(),
            len: 1,
            modified: None,
        };
        Asset { file, kind }
    }

    #[test]
    fn images_become_webp_variants_and_one_fallback_other_files_stay() {
        let info = ImageInfo {
            width: 2400,
            height: 1600,
            format: RasterFormat::Jpeg,
            has_alpha: false,
            bytes_per_pixel: 3,
            cost: 0,
        };
        let Placed::Image { webp, fallback } =
            place(&asset("map.jpg", AssetKind::Image(info)), "hi/b/x/", &[480, 960, 1600])
        else {
            panic!("an image is placed as variants")
        };
        let paths: Vec<(&str, u32, u32)> = webp.iter().map(|v| (v.path.as_str(), v.width, v.height)).collect();
        assert_eq!(
            paths,
            [
                ("hi/b/x/map-480.webp", 480, 320),
                ("hi/b/x/map-960.webp", 960, 640),
                ("hi/b/x/map-1600.webp", 1600, 1067)
            ]
        );
        assert_eq!(
            (fallback.path.as_str(), fallback.width, fallback.mime),
            ("hi/b/x/map-1200.jpg", 1200, "image/jpeg")
        );
        let pdf = place(&asset("doc.pdf", AssetKind::File), "hi/b/x/", &[480]);
        assert_eq!(pdf, Placed::File { path: "hi/b/x/doc.pdf".into() });
        assert_eq!(place(&asset("env.txt", AssetKind::Refused), "hi/b/x/", &[480]), Placed::Refused);
    }
}
