//! Lists the files that belong to bundles — everything in a bundle's folder but
//! its Markdown — by name, size and modification time. Reads no file's bytes:
//! the media stage does that for the files a page shows.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::diagnostic::Diagnostic;
use crate::read::content::{CONTENT_DIR, is_markdown_name};
use crate::read::disk;

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
    /// Where its bytes are read from: the file itself, or where its link leads (inside the site).
    pub real: PathBuf,
    pub len: u64,
    pub modified: Option<SystemTime>,
}

/// The files of every bundle, and the content paths of those that cannot be read at all.
#[derive(Debug, Default)]
pub(crate) struct Listed {
    pub files: Vec<AssetFile>,
    /// Links the site's rule refuses, pipes and the like (with no `real` path): each has its
    /// own error, so a page's link to one is not reported a second time as missing.
    pub refused: Vec<AssetFile>,
    pub problems: Vec<Diagnostic>,
}

/// Lists the non-Markdown files of each bundle folder (relative to `content/`), sorted.
/// Links are followed inside the site and are errors at the link when they lead outside;
/// editor and hidden files are skipped.
pub(crate) fn list(root: &Path, bundles: &[String]) -> Listed {
    let boundary = disk::Boundary::site(root);
    let mut listed = Listed::default();
    let Listed { files, refused, problems: diags } = &mut listed;
    for bundle in bundles {
        let walked = disk::walk(&root.join(CONTENT_DIR).join(bundle), &boundary);
        diags.extend(walked.problems);
        for entry in walked.entries {
            if entry.shown.file_name().is_some_and(|n| is_markdown_name(&n.to_string_lossy())) {
                continue;
            }
            let name = crate::text::normalise(&entry.rel);
            let mut file = AssetFile {
                content_path: format!("{bundle}/{name}"),
                bundle: bundle.clone(),
                name,
                path: entry.shown,
                real: PathBuf::new(),
                len: 0,
                modified: None,
            };
            match entry.kind {
                disk::EntryKind::File { .. } if let Some(problem) = crate::text::name_problem(&file.name) => {
                    diags.push(Diagnostic::error(&file.path, 1, 1, problem));
                    refused.push(file);
                }
                disk::EntryKind::File { real, len, modified } => {
                    (file.real, file.len, file.modified) = (real, len, modified);
                    files.push(file);
                }
                disk::EntryKind::Folder { .. } => {}
                disk::EntryKind::Refused => refused.push(file),
                disk::EntryKind::NotAFile(what) => {
                    // It cannot be published; say so rather than leave a hole in the page.
                    diags.push(Diagnostic::error(&file.path, 1, 1, format!("belongs to a bundle but is {what}")));
                    refused.push(file);
                }
            }
        }
    }
    listed
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
        let Listed { files, refused, problems } = list(dir.path(), &["briefings/x".to_string()]);
        assert!(problems.is_empty() && refused.is_empty(), "{problems:?}");
        let names: Vec<(&str, &str)> = files.iter().map(|f| (f.content_path.as_str(), f.name.as_str())).collect();
        assert_eq!(names, [("briefings/x/img/chart.png", "img/chart.png"), ("briefings/x/map.jpg", "map.jpg")]);
        assert_eq!(files[1].path, Path::new("content/briefings/x/map.jpg"));
    }
}
