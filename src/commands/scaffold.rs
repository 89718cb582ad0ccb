//! What `new` and `translate` do before they write a file: read the scaffold back
//! as the build will read it, and plan the site with it, so that a scaffold that
//! would not parse, or whose page would clash with another, is refused before
//! anything is written; then write it, never over an existing file.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::commands::{Failure, stopped};
use crate::diagnostic::Diagnostic;
use crate::plan::site::Site;
use crate::read::config::Config;
use crate::read::content::{self, CONTENT_DIR, ReadCache, SourceFile};
use crate::read::document::{self, SourceDoc};

/// The scaffold `text` of the file `rel` (relative to the site root, under `content/`)
/// as the build reads it; an error (naming every problem) if it would not read back.
pub(crate) fn read_back(rel: &str, text: &str, config: &Config) -> Result<SourceDoc, Failure> {
    let content_path = rel.strip_prefix(CONTENT_DIR).map_or(rel, |p| p.trim_start_matches('/'));
    let file = SourceFile {
        path: PathBuf::from(rel),
        content_path: content_path.to_string(),
        hash: crate::text::hash_of(text),
        text: Arc::new(text.to_string()),
    };
    document::parse(&file, config).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(Diagnostic::to_string).collect();
        stopped(format!("the scaffold of {rel} would not read back, so it was not written:\n{}", lines.join("\n")))
    })
}

/// Refuses `doc` when the site planned with it has a problem it did not have before:
/// a URL another page already takes (by its file name or its `slug`), a name Patrika
/// generates, a reserved section. Problems the site already had are not this file's.
pub(crate) fn refuse_clashes(root: &Path, config: &Config, doc: SourceDoc) -> Result<(), Failure> {
    let (files, _) = content::read_all(root, &mut ReadCache::default());
    let mut docs = Vec::with_capacity(files.len() + 1);
    let mut unreadable = Vec::new();
    for file in files.iter().filter(|f| f.path != doc.path) {
        match document::parse(file, config) {
            Ok(parsed) => docs.push(Arc::new(parsed)),
            Err(_) => unreadable.push(file.content_path.clone()),
        }
    }
    let problems = |docs: Vec<Arc<SourceDoc>>| -> Vec<(PathBuf, String)> {
        let (_, found) = Site::plan(config.clone(), docs, true, &unreadable, (Vec::new(), Vec::new()));
        found.into_iter().filter(Diagnostic::is_error).map(|d| (d.path, d.message)).collect()
    };
    let before = problems(docs.clone());
    let rel = doc.path.display().to_string();
    docs.push(Arc::new(doc));
    let new: Vec<String> = problems(docs)
        .into_iter()
        .filter(|p| !before.contains(p))
        .map(
            |(path, message)| {
                if path.display().to_string() == rel { message } else { format!("{}: {message}", path.display()) }
            },
        )
        .collect();
    match new.as_slice() {
        [] => Ok(()),
        _ => Err(stopped(format!("{rel} would clash with the site: {}", new.join("; ")))),
    }
}

/// Writes a new file (creating its folders); an existing file is never replaced.
pub(crate) fn write_new(root: &Path, rel: &str, text: &str) -> Result<(), Failure> {
    let file = root.join(rel);
    let written = std::fs::create_dir_all(file.parent().unwrap_or(root))
        .and_then(|()| std::fs::OpenOptions::new().write(true).create_new(true).open(&file))
        .and_then(|mut f| f.write_all(text.as_bytes()));
    written.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => stopped(format!("{rel} already exists; not overwriting it")),
        _ => stopped(format!("cannot write {rel}: {e}")),
    })
}
