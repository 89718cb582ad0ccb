//! Index parts kept on disk between builds, under `.patrika/search/`: one file per part,
//! named by the part and the [key](key_of) of the records it was made from, so a second `build`
//! (or the first rebuild of `serve`) indexes only the parts whose pages changed.
//!
//! A file is the part's files one after another, each as the length of its path (u32,
//! little-endian), the path, the length of its bytes (u64) and the bytes. Trouble with
//! the cache never fails a build: an unreadable entry is made again, an unwritable
//! folder is skipped.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::search::{Bundle, Record};

/// The key a part made from `records` is kept under: the same in every process and on
/// every machine (the build's own hashes are seeded per process), and new with each
/// release of Patrika, whose Pagefind may write other files.
pub(crate) fn key_of(records: &[Record]) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION"));
    for record in records {
        let topics = record.topics.iter().map(String::as_str);
        let fields = [&record.url, &record.lang, &record.content, &record.title, &record.date, &record.day];
        for field in fields.into_iter().map(String::as_str).chain(topics) {
            hasher.update((field.len() as u64).to_le_bytes());
            hasher.update(field);
        }
        // Where one record's topics end and the next record begins.
        hasher.update(u64::MAX.to_le_bytes());
    }
    let digest = hasher.finalize();
    u64::from_le_bytes(digest[..8].try_into().unwrap_or_default())
}

fn entry(dir: &Path, part: &str, key: u64) -> PathBuf {
    dir.join(format!("{part}-{key:016x}.index"))
}

/// The part made from records with this key, if it was kept.
pub(crate) fn load(dir: &Path, part: &str, key: u64) -> Option<Bundle> {
    let bytes = fs::read(entry(dir, part, key)).ok()?;
    let mut bundle = Bundle::new();
    let mut rest = bytes.as_slice();
    while !rest.is_empty() {
        let (path_len, tail) = rest.split_first_chunk::<4>()?;
        let (path, tail) = tail.split_at_checked(u32::from_le_bytes(*path_len) as usize)?;
        let (len, tail) = tail.split_first_chunk::<8>()?;
        let (content, tail) = tail.split_at_checked(usize::try_from(u64::from_le_bytes(*len)).ok()?)?;
        bundle.push((String::from_utf8(path.to_vec()).ok()?, Arc::from(content)));
        rest = tail;
    }
    Some(bundle)
}

/// Keeps `bundle` as the part made from records with this key, in place of any earlier one.
pub(crate) fn save(dir: &Path, part: &str, key: u64, bundle: &Bundle) {
    // Best effort by design: a read-only site checkout still builds.
    let _ = try_save(dir, part, key, bundle);
}

fn try_save(dir: &Path, part: &str, key: u64, bundle: &Bundle) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut bytes = Vec::with_capacity(bundle.iter().map(|(p, b)| p.len() + b.len() + 12).sum());
    for (path, content) in bundle {
        let path_len = u32::try_from(path.len()).map_err(io::Error::other)?;
        bytes.extend_from_slice(&path_len.to_le_bytes());
        bytes.extend_from_slice(path.as_bytes());
        bytes.extend_from_slice(&(content.len() as u64).to_le_bytes());
        bytes.extend_from_slice(content);
    }
    let target = entry(dir, part, key);
    let temp = dir.join(format!(".tmp-{part}-{key:016x}-{}", std::process::id()));
    fs::write(&temp, &bytes)?;
    fs::rename(&temp, &target)?;
    // The part's earlier versions are of no further use.
    let earlier = format!("{part}-");
    for old in fs::read_dir(dir)?.flatten() {
        let name = old.file_name();
        let name = name.to_string_lossy();
        let is_version = name.strip_prefix(&earlier).is_some_and(|rest| rest.len() == 16 + ".index".len());
        if is_version && old.path() != target {
            let _ = fs::remove_file(old.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle() -> Bundle {
        vec![
            ("pagefind/hi-2024-01/pagefind-entry.json".to_string(), Arc::from(&b"{}"[..])),
            ("pagefind/hi-2024-01/index/hi_1.pf_index".to_string(), Arc::from(&[0u8, 1, 2, 255][..])),
            ("pagefind/hi-2024-01/empty".to_string(), Arc::from(&b""[..])),
        ]
    }

    #[test]
    fn a_saved_part_loads_by_its_key_and_replaces_its_earlier_version() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), "hi-2024-01", 1, &bundle());
        assert_eq!(load(dir.path(), "hi-2024-01", 1), Some(bundle()));
        assert_eq!(load(dir.path(), "hi-2024-01", 2), None);
        save(dir.path(), "hi-2024-01", 2, &bundle()[..1].to_vec());
        save(dir.path(), "hi-2024-02", 3, &bundle());
        assert_eq!(load(dir.path(), "hi-2024-01", 1), None, "the earlier version is removed");
        assert_eq!(load(dir.path(), "hi-2024-01", 2).map(|b| b.len()), Some(1));
        assert!(load(dir.path(), "hi-2024-02", 3).is_some(), "another part is left alone");
    }

    #[test]
    fn a_damaged_entry_is_not_a_part() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), "en-undated", 7, &bundle());
        let path = entry(dir.path(), "en-undated", 7);
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert_eq!(load(dir.path(), "en-undated", 7), None);
    }
}
