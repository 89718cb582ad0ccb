//! Reads the built output folder for a deploy: every file with its size and content
//! hashes. Refuses a folder Patrika did not write. Reads files; writes none.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::publish::MARKER;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocalFile {
    /// Its path in the output, `/`-separated: the object key below the target's prefix.
    pub key: String,
    pub path: PathBuf,
    pub size: u64,
    /// SHA-256 of its bytes, hex: kept in the object's metadata and the deploy manifest.
    pub sha256: String,
    /// MD5 of its bytes, hex: what S3 reports as the ETag of a plain single-part upload.
    pub md5: String,
}

/// Every file of the output folder, sorted by key; the marker file is not published.
pub(crate) fn read_output(dir: &Path) -> Result<Vec<LocalFile>, String> {
    if !dir.is_dir() {
        return Err(format!("there is no built site at {}: run `patrika build` first", dir.display()));
    }
    if !dir.join(MARKER).is_file() {
        return Err(format!(
            "refusing to deploy {}: it has no {MARKER}, so Patrika did not build it; run `patrika build` first",
            dir.display()
        ));
    }
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
        if !entry.file_type().is_file() {
            // Patrika writes regular files only: anything else was put there by hand.
            return Err(format!("refusing to deploy {}: {rel} is not a regular file", dir.display()));
        }
        if rel != MARKER {
            found.push((rel, path.to_path_buf()));
        }
    }
    found
        .into_par_iter()
        .map(|(key, path)| {
            let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let md5 = <md5::Md5 as md5::Digest>::digest(&bytes);
            Ok(LocalFile {
                key,
                size: bytes.len() as u64,
                sha256: crate::text::sha256_hex(&bytes),
                md5: md5.iter().map(|b| format!("{b:02x}")).collect(),
                path,
            })
        })
        .collect()
}
