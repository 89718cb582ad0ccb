//! Where rendered output goes: the files a build makes besides pages, and the
//! [`PageSink`] that takes pages as they are rendered (disk, memory or nowhere).

use std::sync::Arc;

use crate::render::theme::FileSource;

/// What goes into one output file.
#[derive(Debug, Clone)]
pub(crate) enum Content {
    Bytes(Arc<[u8]>),
    Copy(FileSource),
}

/// The whole output apart from pages: path below the output folder → content.
pub(crate) type OutputTree = Vec<(String, Content)>;

/// Where rendered pages go: the build streams them to disk, serve keeps them in memory.
pub(crate) trait PageSink: Sync {
    /// Takes a freshly rendered page; returning the bytes keeps them for the next rebuild.
    fn fresh(&self, path: &str, bytes: Vec<u8>) -> Result<Option<Arc<[u8]>>, String>;
    /// Takes a page the last build rendered with the same key.
    fn cached(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), String>;
}

/// A sink that keeps nothing (for `check`, which renders only to find errors).
pub(crate) struct Discard;

impl PageSink for Discard {
    fn fresh(&self, _: &str, _: Vec<u8>) -> Result<Option<Arc<[u8]>>, String> {
        Ok(None)
    }
    fn cached(&self, _: &str, _: &Arc<[u8]>) -> Result<(), String> {
        Ok(())
    }
}
