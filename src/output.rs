//! The one writer: puts a finished site on disk. Writes into a fresh staging
//! folder and swaps it in only when every file is written, so a failed build
//! never destroys the previous good output.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;

use crate::theme::FileSource;

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum Content {
    Bytes(std::sync::Arc<[u8]>),
    Copy(FileSource),
}

/// The whole output: path below the output folder → content.
pub type OutputTree = Vec<(String, Content)>;

fn sibling(dir: &Path, tag: &str) -> PathBuf {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    dir.with_file_name(format!(".{name}.patrika-{tag}"))
}

/// Writes `files` as the new content of `output_dir`, replacing the old one at the end.
pub fn write_site(output_dir: &Path, files: &OutputTree) -> Result<()> {
    let staging = sibling(output_dir, "new");
    let old = sibling(output_dir, "old");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).with_context(|| format!("cannot clear {}", staging.display()))?;
    }
    if let Some(parent) = output_dir.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::create_dir_all(&staging).with_context(|| format!("cannot create {}", staging.display()))?;
    let written: Result<()> = files.par_iter().try_for_each(|(rel, content)| write_one(&staging, rel, content));
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| format!("cannot clear {}", old.display()))?;
    }
    if output_dir.exists() {
        std::fs::rename(output_dir, &old)
            .with_context(|| format!("cannot move the previous {} aside", output_dir.display()))?;
    }
    if let Err(e) = std::fs::rename(&staging, output_dir) {
        // Put the previous site back so that the reader still has one.
        let _ = std::fs::rename(&old, output_dir);
        return Err(e).with_context(|| format!("cannot move the new site into {}", output_dir.display()));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| format!("cannot remove {}", old.display()))?;
    }
    Ok(())
}

fn write_one(staging: &Path, rel: &str, content: &Content) -> Result<()> {
    if rel.starts_with('/') || rel.split('/').any(|part| part == "..") {
        bail!("refusing to write outside the output folder: {rel}");
    }
    let dest = staging.join(rel);
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    match content {
        Content::Bytes(bytes) => std::fs::write(&dest, bytes),
        Content::Copy(FileSource::Disk(src)) => std::fs::copy(src, &dest).map(|_| ()),
        Content::Copy(FileSource::Builtin(bytes)) => std::fs::write(&dest, bytes),
    }
    .with_context(|| format!("cannot write {}", dest.display()))
}

/// Brings an existing output folder from `old` to `new` (watch mode): writes only
/// files whose bytes changed and removes files the site no longer has.
pub fn sync(output_dir: &Path, old: &HashMap<String, Arc<[u8]>>, new: &HashMap<String, Arc<[u8]>>) -> Result<usize> {
    let changed: Vec<(&String, &Arc<[u8]>)> =
        new.iter().filter(|(path, bytes)| old.get(*path).is_none_or(|o| o[..] != bytes[..])).collect();
    changed.par_iter().try_for_each(|(rel, bytes)| write_one(output_dir, rel, &Content::Bytes(Arc::clone(bytes))))?;
    for gone in old.keys().filter(|k| !new.contains_key(*k)) {
        if gone.split('/').any(|p| p == "..") {
            continue;
        }
        let path = output_dir.join(gone);
        if path.is_file() {
            std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(changed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_previous_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &vec![("a/index.html".into(), Content::Bytes(b"one".as_slice().into()))]).unwrap();
        write_site(&out, &vec![("b.txt".into(), Content::Bytes(b"two".as_slice().into()))]).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_paths_that_climb_out() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let err = write_site(&out, &vec![("../evil".into(), Content::Bytes(Vec::new().into()))]).unwrap_err();
        assert!(err.to_string().contains("outside the output folder"));
        assert!(!dir.path().join("evil").exists());
    }
}
