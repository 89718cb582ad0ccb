//! What Patrika writes into `content/` (`new`, `translate` and the desk): a scaffold is read
//! back as the build will read it and planned with the site, so that one that would not
//! parse, or whose page would clash with another, is refused before anything is written,
//! then written never over an existing file; the desk's edits replace a file in one step
//! (a temporary file beside it, renamed over it). Errors are sentences for the caller to show.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::plan::publishing::Publishing;
use crate::plan::site::Site;
use crate::read::config::Config;
use crate::read::content::{self, CONTENT_DIR, ReadCache, SourceFile};
use crate::read::disk::Boundary;
use crate::read::document::{self, SourceDoc};

/// The scaffold `text` of the file `rel` (relative to the site root, under `content/`)
/// as the build reads it; an error (naming every problem) if it would not read back.
pub(crate) fn read_back(rel: &str, text: &str, config: &Config) -> Result<SourceDoc, String> {
    let content_path = rel.strip_prefix(CONTENT_DIR).map_or(rel, |p| p.trim_start_matches('/'));
    let file = SourceFile {
        path: PathBuf::from(rel),
        content_path: content_path.to_string(),
        hash: crate::text::hash_of(text),
        text: Arc::new(text.to_string()),
    };
    document::parse(&file, config).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(Diagnostic::to_string).collect();
        format!("the scaffold of {rel} would not read back, so it was not written:\n{}", lines.join("\n"))
    })
}

/// Refuses `doc` when the site planned with it has a problem it did not have before:
/// a URL another page already takes (by its file name or its `slug`), a name Patrika
/// generates, a reserved section. Problems the site already had are not this file's.
pub(crate) fn refuse_clashes(root: &Path, config: &Config, doc: SourceDoc) -> Result<(), String> {
    let (files, _) = content::read_all(root, &mut ReadCache::default());
    let mut docs = Vec::with_capacity(files.len() + 1);
    let mut unreadable = Vec::new();
    for file in files.iter().filter(|f| f.path != doc.path) {
        match document::parse(file, config) {
            Ok(parsed) => docs.push(Arc::new(parsed)),
            Err(_) => unreadable.push(file.content_path.clone()),
        }
    }
    // Every file takes its place, drafts and pages under embargo too.
    let everything = Publishing { drafts: true, scheduled: true, now: chrono::Utc::now().fixed_offset() };
    let problems = |docs: Vec<Arc<SourceDoc>>| -> Vec<(PathBuf, String)> {
        let (_, found) = Site::plan(config.clone(), docs, everything, &unreadable, (Vec::new(), Vec::new()));
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
        _ => Err(format!("{rel} would clash with the site: {}", new.join("; "))),
    }
}

/// Why a new file was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotWritten {
    /// A file is there already (it is never replaced).
    Exists(String),
    /// The folder or file could not be made.
    Failed(String),
}

impl std::fmt::Display for NotWritten {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotWritten::Exists(m) | NotWritten::Failed(m) => f.write_str(m),
        }
    }
}

/// Writes a new file (creating its folders); an existing file is never replaced, and
/// nothing is written through a folder link that leads outside the site (the build
/// would refuse to read it there anyway).
pub(crate) fn write_new(root: &Path, rel: &str, text: &str) -> Result<(), NotWritten> {
    let file = root.join(rel);
    let boundary = Boundary::site(root);
    let existing = file.ancestors().skip(1).find(|folder| std::fs::symlink_metadata(folder).is_ok());
    if let Some(folder) = existing
        && let Err(refusal) = boundary.resolve(folder)
    {
        let finding = boundary.finding(folder, &refusal);
        return Err(NotWritten::Failed(format!("cannot write {rel}: {} {}", finding.path.display(), finding.message)));
    }
    let written = std::fs::create_dir_all(file.parent().unwrap_or(root))
        .and_then(|()| std::fs::OpenOptions::new().write(true).create_new(true).open(&file))
        .and_then(|mut f| f.write_all(text.as_bytes()));
    written.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => NotWritten::Exists(format!("{rel} already exists; not overwriting it")),
        _ => NotWritten::Failed(format!("cannot write {rel}: {e}")),
    })
}

/// Why the desk refuses a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not a language file inside `content/` (a bad request).
    Path(String),
    /// The file is not there (and has to be).
    Missing(String),
    /// The file is there (and must not be).
    Exists(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Path(m) | Refused::Missing(m) | Refused::Exists(m) => f.write_str(m),
        }
    }
}

/// A content file the desk may read and write: the path as asked for, and where it really is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContentFile {
    /// Relative to the site root, `/`-separated: `content/briefings/x.en.md`.
    pub rel: String,
    /// The file on disk (links inside the site resolved); for a file still to be made, its
    /// resolved folder and its name.
    pub real: PathBuf,
}

/// The content file `path` (relative to the site root) names, or why the desk refuses it:
/// a path must be relative, below `content/`, without `.`, `..`, backslashes or hidden and
/// leftover names, the name of a language file (`x.en.md`, `index.hi.md`), and lead (after
/// symbolic links) to a file inside `content/`. `exists` says whether the file must be
/// there already (an edit) or must not (a new translation).
pub(crate) fn content_file(root: &Path, config: &Config, path: &str, exists: bool) -> Result<ContentFile, Refused> {
    let parts: Vec<&str> = path.split('/').collect();
    if path.contains(['\\', '\0']) || path.starts_with('/') || parts.iter().any(|p| matches!(*p, "" | "." | "..")) {
        return Err(Refused::Path(format!("`{path}` is not a plain relative path below `{CONTENT_DIR}/`")));
    }
    if parts.first() != Some(&CONTENT_DIR) || parts.len() < 2 {
        return Err(Refused::Path(format!("`{path}` is not below `{CONTENT_DIR}/`")));
    }
    if parts.iter().any(|p| crate::read::disk::is_ignored_name(p)) {
        return Err(Refused::Path(format!("`{path}` is a hidden or leftover file, which Patrika never reads")));
    }
    let content_path = parts[1..].join("/");
    crate::read::identity::FileInfo::parse(&content_path, config)
        .map_err(|why| Refused::Path(format!("`{path}` is not a language file of the site: {why}")))?;
    let inside = root
        .join(CONTENT_DIR)
        .canonicalize()
        .map_err(|e| Refused::Missing(format!("cannot open `{CONTENT_DIR}/`: {e}")))?;
    let asked = root.join(path);
    let real = match (exists, std::fs::symlink_metadata(&asked)) {
        (true, Ok(_)) => asked.canonicalize().map_err(|e| Refused::Missing(format!("cannot open `{path}`: {e}")))?,
        (true, Err(_)) => return Err(Refused::Missing(format!("`{path}` does not exist"))),
        (false, Ok(_)) => return Err(Refused::Exists(format!("`{path}` already exists; not overwriting it"))),
        (false, Err(_)) => {
            let folder = asked.parent().unwrap_or(root);
            let folder = folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf());
            folder.join(parts[parts.len() - 1])
        }
    };
    if !real.starts_with(&inside) || real == inside {
        return Err(Refused::Path(format!(
            "`{path}` leads outside `{CONTENT_DIR}/` (a symbolic link); the desk reads and writes only inside it"
        )));
    }
    if exists && !real.is_file() {
        return Err(Refused::Path(format!("`{path}` is not a regular file")));
    }
    Ok(ContentFile { rel: path.to_string(), real })
}

/// The hash the desk gives a file's exact bytes: what a save names as the version it
/// started from, so that a file changed since is never overwritten.
pub(crate) fn file_hash(bytes: &[u8]) -> String {
    format!("sha256:{}", crate::text::sha256_hex(bytes))
}

/// Replaces a file's text in one step: the text goes to a temporary file in the same folder
/// (a name the build and the watcher ignore), which is then renamed over the file, so a
/// reader sees the old text or the new, never half of one.
pub(crate) fn replace(file: &ContentFile, text: &str) -> Result<(), String> {
    let folder = file.real.parent().ok_or_else(|| format!("`{}` has no folder", file.rel))?;
    let name = file.real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let nonce = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let temp = folder.join(format!(".{name}.{}-{nonce}.patrika.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut f| {
            // The file keeps its permissions; only its text changes.
            if let Ok(meta) = std::fs::metadata(&file.real) {
                f.set_permissions(meta.permissions())?;
            }
            f.write_all(text.as_bytes())?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, &file.real));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write `{}`: {e}", file.rel)
    })
}
