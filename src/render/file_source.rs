//! Where a file of the output comes from: bytes compiled into the binary (the built-in
//! theme) or a file on disk, read only when it is published.

use std::path::PathBuf;

/// Where a theme file comes from.
#[derive(Debug, Clone)]
pub(crate) enum FileSource {
    Builtin(&'static [u8]),
    Disk(PathBuf),
}

impl FileSource {
    /// Reads the bytes of the file.
    pub(crate) fn bytes(&self) -> std::io::Result<Vec<u8>> {
        match self {
            FileSource::Builtin(b) => Ok(b.to_vec()),
            FileSource::Disk(p) => std::fs::read(p),
        }
    }
}
