//! Lists the files that belong to bundles — everything in a bundle's folder but
//! its Markdown — by name, size and modification time. Reads no file's bytes:
//! the media stage does that for the files a page shows.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::diagnostic::Diagnostic;
use crate::read::content::{CONTENT_DIR, is_markdown_name, walk};

/// One file of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct AssetFile {
    /// Relative to `content/`, `/`-separated: `briefings/x/map.jpg`.
    pub content_path: String,
    /// The bundle's folder relative to `content/`: `briefings/x`.
    pub bundle: String,
    /// Relative to the bundle's folder: `map.jpg`, `img/chart.png`.
    pub name: String,
    /// Relative to the site root: `content/briefings/x/map.jpg`.
    pub path: PathBuf,
    pub len: u64,
    pub modified: Option<SystemTime>,
}

/// Lists the non-Markdown files of each bundle folder (relative to `content/`), sorted.
/// Symlinked folders are not followed; editor and hidden files are skipped.
pub(crate) fn list(root: &Path, bundles: &[String]) -> (Vec<AssetFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for bundle in bundles {
        let dir = root.join(CONTENT_DIR).join(bundle);
        for entry in walk(&dir) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e.path().map_or_else(|| dir.clone(), Path::to_path_buf);
                    let at = at.strip_prefix(root).map(Path::to_path_buf).unwrap_or(at);
                    diags.push(Diagnostic::error(at, 1, 1, format!("cannot read: {e}")));
                    continue;
                }
            };
            let file_name = entry.file_name().to_string_lossy();
            if entry.depth() == 0 || entry.file_type().is_dir() || is_markdown_name(&file_name) {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&dir) else { continue };
            let name = crate::text::normalise(&rel.to_string_lossy().replace('\\', "/"));
            let path = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
            let meta = std::fs::metadata(entry.path()).ok().filter(|m| m.is_file());
            let Some(meta) = meta else {
                // A dangling link or a pipe cannot be published; say so rather than leave a hole in the page.
                diags.push(Diagnostic::error(path, 1, 1, "belongs to a bundle but is not a regular file"));
                continue;
            };
            files.push(AssetFile {
                content_path: format!("{bundle}/{name}"),
                bundle: bundle.clone(),
                name,
                path,
                len: meta.len(),
                modified: meta.modified().ok(),
            });
        }
    }
    (files, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_files_are_listed_without_markdown_or_editor_files() {
        let dir = tempfile::tempdir().unwrap();
        let bundle = dir.path().join("content/briefings/x");
        std::fs::create_dir_all(bundle.join("img")).unwrap();
        for name in ["index.hi.md", "index.en.md", "map.jpg", ".map.jpg.swp", "img/chart.png", "notes.pdf~"] {
            std::fs::write(bundle.join(name), b"x").unwrap();
        }
        let (files, diags) = list(dir.path(), &["briefings/x".to_string()]);
        assert!(diags.is_empty(), "{diags:?}");
        let names: Vec<(&str, &str)> = files.iter().map(|f| (f.content_path.as_str(), f.name.as_str())).collect();
        assert_eq!(names, [("briefings/x/img/chart.png", "img/chart.png"), ("briefings/x/map.jpg", "map.jpg")]);
        assert_eq!(files[1].path, Path::new("content/briefings/x/map.jpg"));
    }
}
