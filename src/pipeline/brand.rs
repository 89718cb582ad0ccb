//! The brand stages: before planning, finds the logo of `[site] logo` and the authors'
//! photos of `authors.toml` and reads what each is (under the site's rule for files, the
//! SVG checked, a picture's header read); after rendering, makes what is published of
//! them under `brand/`: the logo, the favicons, the photos' variants.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::media::brand::{IconLayout, IconSource, icon_png, monogram_svg, svg_size};
use crate::media::cache::VariantCache;
use crate::media::inspect::{inspect, read_whole};
use crate::media::sniff::{Sniffed, sniff};
use crate::media::{AssetKind, ImageSettings};
use crate::pipeline::media::CACHE_DIR;
use crate::plan::brand::{
    APPLE_TOUCH_PX, Brand, BrandFile, BrandKind, BrandRole, ICON_PX, PlacedLogo, monogram_letter,
};
use crate::plan::bundles::Variant;
use crate::plan::site::Site;
use crate::read::config::Config;
use crate::read::disk::Boundary;
use crate::read::site::NamedFile;
use crate::render::{Content, OutputTree};

/// Finds and reads every brand file the config names; each one that cannot be used is an
/// error at the place that names it (or, for what is wrong inside an SVG, in the SVG).
pub(crate) fn describe_brand(config: &Config, diags: &mut Vec<Diagnostic>) -> Vec<BrandFile> {
    let mut named: Vec<(BrandRole, &NamedFile)> = Vec::new();
    if let Some(logo) = &config.site.logo {
        named.push((BrandRole::Logo, logo));
    }
    for (key, author) in &config.authors {
        if let Some(photo) = &author.photo {
            named.push((BrandRole::Photo(key.clone()), photo));
        }
    }
    let boundary = Boundary::site(&config.root);
    let mut files = Vec::new();
    for (role, file) in named {
        match describe_one(&config.root, &boundary, &role, file) {
            Ok(found) => files.push(found),
            Err(mut found) => diags.append(&mut found),
        }
    }
    files
}

fn describe_one(
    root: &Path,
    boundary: &Boundary,
    role: &BrandRole,
    file: &NamedFile,
) -> Result<BrandFile, Vec<Diagnostic>> {
    let what = match role {
        BrandRole::Logo => "`site.logo`".to_string(),
        BrandRole::Photo(key) => format!("the photo of `{key}`"),
    };
    let at = |message: String| vec![Diagnostic::error_pos(file.named_in, file.at, message)];
    let path = root.join(&file.rel);
    let real = match boundary.resolve(&path) {
        Ok(real) => real,
        Err(crate::read::disk::Refusal::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(at(format!("{what} names `{}`, which does not exist", file.rel)));
        }
        Err(refusal) => {
            let finding = boundary.finding(&path, &refusal);
            return Err(at(format!("{what} `{}` {}", file.rel, finding.message)));
        }
    };
    let meta = std::fs::metadata(&real).map_err(|e| at(format!("{what} `{}` cannot be read: {e}", file.rel)))?;
    if !meta.is_file() {
        return Err(at(format!("{what} names `{}`, which is not a file", file.rel)));
    }
    let name = real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let kind = match inspect(&real, meta.len(), &name) {
        Ok(AssetKind::Image(info)) => BrandKind::Raster(info),
        Ok(AssetKind::File) if *role == BrandRole::Logo && is_svg(&real, &name) => {
            let (bytes, _held) = read_whole(&real, meta.len(), meta.len(), &name).map_err(at)?;
            let (width, height) = svg_size(&bytes).map_err(|e| at(format!("{what} `{}`: {e}", file.rel)))?;
            BrandKind::Svg { width, height }
        }
        Ok(_) => {
            let wanted = match role {
                BrandRole::Logo => "an SVG drawing or a JPEG, PNG or WebP picture",
                BrandRole::Photo(_) => "a JPEG, PNG or WebP picture",
            };
            return Err(at(format!("{what} `{}` must be {wanted}", file.rel)));
        }
        Err(problems) => {
            let shown = file.rel.clone();
            return Err(problems.into_iter().map(|p| Diagnostic::error(&shown, p.line, p.col, p.message)).collect());
        }
    };
    let modified = meta.modified().ok();
    Ok(BrandFile { role: role.clone(), named: file.clone(), real, len: meta.len(), modified, kind })
}

fn is_svg(real: &Path, name: &str) -> bool {
    let head = std::fs::read(real).map(|b| b[..b.len().min(4096)].to_vec()).unwrap_or_default();
    sniff(&head, name) == Sniffed::Svg
}

/// Adds the brand files to the output: the logo, the favicons (or the monogram), the photos.
pub(crate) fn publish_brand(site: &Site, files: &mut OutputTree, diags: &mut Vec<Diagnostic>) {
    let brand = &site.brand;
    let cache = VariantCache::new(site.config.root.join(CACHE_DIR).join("images"));
    let cache = (&cache, site.config.image_quality);
    // A picture logo cannot be an SVG icon: the monogram stays the SVG one beside its PNGs.
    if !matches!(brand.logo, Some((_, PlacedLogo::Svg { .. }))) {
        let title = &site.config.language(&site.config.default_language).title;
        let svg = monogram_svg(&monogram_letter(title));
        files.push((brand.icons.svg.clone(), Content::Bytes(Arc::from(svg.into_bytes()))));
    }
    if let Some((file, placed)) = &brand.logo
        && let Err(d) = publish_logo(file, placed, brand, cache, files)
    {
        diags.push(d);
    }
    for (key, (file, webp, fallback)) in &brand.photos {
        match read(file).and_then(|bytes| variants(file, &bytes, key, (webp, fallback), cache)) {
            Ok(made) => files.extend(made),
            Err(d) => diags.push(d),
        }
    }
}

fn read(file: &BrandFile) -> Result<Vec<u8>, Diagnostic> {
    let name = &file.named.rel;
    let cost = match file.kind {
        BrandKind::Raster(info) => info.cost,
        BrandKind::Svg { .. } => file.len,
    };
    read_whole(&file.real, file.len, cost, name).map(|(bytes, _held)| bytes).map_err(|e| error_at(file, e))
}

fn error_at(file: &BrandFile, message: String) -> Diagnostic {
    Diagnostic::error_pos(file.named.named_in, file.named.at, format!("`{}`: {message}", file.named.rel))
}

fn publish_logo(
    file: &BrandFile,
    placed: &PlacedLogo,
    brand: &Brand,
    cache: (&VariantCache, u8),
    files: &mut OutputTree,
) -> Result<(), Diagnostic> {
    let bytes = read(file)?;
    let source = match placed {
        PlacedLogo::Svg { path, .. } => {
            files.push((path.clone(), Content::Bytes(Arc::from(bytes.clone()))));
            IconSource::Svg(&bytes)
        }
        PlacedLogo::Raster { webp, fallback } => {
            files.extend(variants(file, &bytes, "logo", (webp, fallback), cache)?);
            IconSource::Raster(&bytes)
        }
    };
    let icons = [
        (&brand.icons.png, IconLayout { size: ICON_PX, padding: 0, background: None }),
        (&brand.icons.apple_touch, IconLayout { size: APPLE_TOUCH_PX, padding: 18, background: Some([255; 3]) }),
    ];
    for (path, layout) in icons {
        let Some(path) = path else { continue };
        let png = icon_png(&source, layout).map_err(|e| error_at(file, e))?;
        files.push((path.clone(), Content::Bytes(Arc::from(png))));
    }
    Ok(())
}

/// A picture's planned variants, made (or taken from the image cache) under `stem`.
fn variants(
    file: &BrandFile,
    bytes: &[u8],
    stem: &str,
    (webp, fallback): (&[Variant], &Variant),
    (cache, quality): (&VariantCache, u8),
) -> Result<Vec<(String, Content)>, Diagnostic> {
    let widths: Vec<u32> = webp.iter().map(|v| v.width).collect();
    let settings = ImageSettings { widths, quality };
    let (made, _) = cache.get_or_process(bytes, stem, &settings).map_err(|e| error_at(file, e.to_string()))?;
    let planned = webp.iter().chain([fallback]);
    let produced = made.webp.iter().chain([&made.fallback]);
    let mut out = Vec::new();
    for (want, got) in planned.zip(produced) {
        if (want.width, want.height, want.mime) != (got.width, got.height, got.format.mime()) {
            let message = format!(
                "internal error: planned a {}×{} variant but made {}×{}",
                want.width, want.height, got.width, got.height
            );
            return Err(error_at(file, message));
        }
        out.push((want.path.clone(), Content::Bytes(Arc::clone(&got.bytes))));
    }
    Ok(out)
}
