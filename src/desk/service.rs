//! The desk as `serve` keeps it: the site its build last read, the desk's view of it
//! (made again after each rebuild, on a thread of its own, so requests find it ready),
//! QA findings and git diffs remembered between requests, the translation memory, and
//! what the desk's API does — read, check, save, scaffold, record as done — as typed
//! answers for the server to send. Writes go one at a time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::editor::{self, Finding};
use super::files::{self, ContentFile, Refused};
use super::memory::{Memory, Suggestion};
use super::translate::{Refusal, done_text, new_translation};
use super::view::{DeskSite, Input, Links, Planner, shown};
use crate::diagnostic::Diagnostic;
use crate::history::SourceDiff;
use crate::qa::QaMemo;
use crate::read::document::SourceDoc;
use crate::read::glossary::{self, Term};
use crate::text::hash_of;

/// Why a request of the API cannot be done, as the server answers it.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// A path that is not a language file under `content/`, or a request that makes no sense: 400.
    BadRequest(String),
    /// The file is not there: 404.
    NotFound(String),
    /// The file changed since the version the request started from: 409, with the file now.
    Conflict { hash: String, text: String },
    /// What the request would make is there already: 409.
    Exists(String),
    /// The site cannot be read at all: 503, with why.
    Unavailable(Vec<Diagnostic>),
    /// Writing failed: 500.
    Failed(String),
}

impl From<Refused> for ApiError {
    fn from(refused: Refused) -> ApiError {
        match refused {
            Refused::Path(m) => ApiError::BadRequest(m),
            Refused::Missing(m) => ApiError::NotFound(m),
            Refused::Exists(m) => ApiError::Exists(m),
        }
    }
}

/// A file as the API hands it out.
#[derive(Debug, serde::Serialize)]
pub(crate) struct FileText {
    pub path: String,
    pub text: String,
    pub hash: String,
}

/// The site as last read, by the number of the build that read it.
#[derive(Default)]
struct Latest {
    generation: u64,
    input: Option<Result<Arc<Input>, Vec<Diagnostic>>>,
}

/// The desk's view, and the build it was made from.
#[derive(Default)]
struct View {
    generation: u64,
    site: Option<Result<Arc<DeskSite>, Vec<Diagnostic>>>,
    planner: Planner,
}

/// The desk of one `serve`.
pub(crate) struct DeskService {
    root: PathBuf,
    latest: Mutex<Latest>,
    view: Mutex<View>,
    /// QA findings per translation, and stale diffs per source version, kept between requests.
    pub(crate) qa: Mutex<QaMemo>,
    diffs: Mutex<HashMap<u64, Result<SourceDiff, String>>>,
    /// The memory, and the build it was last brought up to date with.
    memory: Mutex<(u64, Memory)>,
    writes: Mutex<()>,
    refreshing: AtomicBool,
}

impl DeskService {
    /// The desk of the site at `root`, before its first build.
    pub(crate) fn new(root: &Path) -> Arc<DeskService> {
        Arc::new(DeskService {
            root: root.to_path_buf(),
            latest: Mutex::default(),
            view: Mutex::default(),
            qa: Mutex::default(),
            diffs: Mutex::default(),
            memory: Mutex::default(),
            writes: Mutex::new(()),
            refreshing: AtomicBool::new(false),
        })
    }

    /// Takes in what a build read; the view and the memory are made again from it at once,
    /// on another thread (one at a time: a later build's input is taken up when it ends).
    pub(crate) fn update(self: &Arc<Self>, input: Result<Input, Vec<Diagnostic>>) {
        {
            let mut latest = lock(&self.latest);
            latest.generation += 1;
            latest.input = Some(input.map(Arc::new));
        }
        if self.refreshing.swap(true, Ordering::SeqCst) {
            return;
        }
        let desk = Arc::clone(self);
        std::thread::spawn(move || {
            loop {
                let generation = lock(&desk.latest).generation;
                if let Ok(site) = desk.site() {
                    desk.refresh_memory(&site, generation);
                }
                desk.refreshing.store(false, Ordering::SeqCst);
                // A build that came in meanwhile, and found this thread still running, is taken up now.
                if lock(&desk.latest).generation == generation || desk.refreshing.swap(true, Ordering::SeqCst) {
                    break;
                }
            }
        });
    }

    /// The desk's view of the last build (made now if that build has not been taken in yet).
    pub(crate) fn site(&self) -> Result<Arc<DeskSite>, Vec<Diagnostic>> {
        let (generation, input) = {
            let latest = lock(&self.latest);
            (latest.generation, latest.input.clone())
        };
        let mut view = lock(&self.view);
        if view.generation != generation || view.site.is_none() {
            let made = match input {
                Some(Ok(input)) => {
                    let site = view.planner.plan(&input);
                    let links = Links::Preview { drafts: input.drafts };
                    Ok(Arc::new(DeskSite::new(site, links, input.diagnostics.clone())))
                }
                Some(Err(problems)) => Err(problems),
                None => Err(Vec::new()),
            };
            view.site = Some(made);
            view.generation = generation;
        }
        view.site.clone().unwrap_or_else(|| Err(Vec::new()))
    }

    fn refresh_memory(&self, site: &DeskSite, generation: u64) {
        let mut memory = lock(&self.memory);
        if memory.0 != generation || memory.1.len() == 0 {
            memory.1.refresh(site);
            memory.0 = generation;
        }
    }

    /// The site's glossary (none when it cannot be read: the build reports why).
    pub(crate) fn glossary(site: &DeskSite) -> Vec<Term> {
        glossary::load(site.config()).unwrap_or_default()
    }

    /// What changed in `source` since the version whose hash is `recorded` (from git),
    /// remembered per version of the source.
    pub(crate) fn diff(&self, source: &SourceDoc, recorded: &str) -> Result<SourceDiff, String> {
        let key = hash_of((&source.path, source.text_hash, recorded));
        if let Some(found) = lock(&self.diffs).get(&key) {
            return found.clone();
        }
        let current = (source.front.title.as_str(), source.front.summary.as_deref().unwrap_or(""), source.body());
        let found = crate::history::diff_since_translation(&self.root, &source.path, recorded, current)
            .map_err(|e| e.to_string());
        let mut diffs = lock(&self.diffs);
        if diffs.len() > 4096 {
            diffs.clear();
        }
        diffs.insert(key, found.clone());
        found
    }

    fn readable(&self) -> Result<Arc<DeskSite>, ApiError> {
        self.site().map_err(ApiError::Unavailable)
    }

    /// `GET api/file`: the file's text and hash.
    pub(crate) fn file(&self, path: &str) -> Result<FileText, ApiError> {
        let site = self.readable()?;
        let file = files::content_file(&self.root, site.config(), path, true)?;
        let (text, hash) = read(&file)?;
        Ok(FileText { path: file.rel, text, hash })
    }

    /// `PUT api/file`: writes `text` if the file is still the version `base_hash` names.
    pub(crate) fn save(&self, path: &str, text: &str, base_hash: &str) -> Result<(String, Vec<Finding>), ApiError> {
        let site = self.readable()?;
        let file = files::content_file(&self.root, site.config(), path, true)?;
        let _one_at_a_time = lock(&self.writes);
        let (now, hash) = read(&file)?;
        if hash != base_hash {
            return Err(ApiError::Conflict { hash, text: now });
        }
        if now != text {
            files::replace(&file, text).map_err(ApiError::Failed)?;
        }
        Ok((files::file_hash(text.as_bytes()), self.findings_of(&site, path, text)))
    }

    /// `POST api/check`: the findings `text` would have as the file at `path`, without writing.
    pub(crate) fn check(&self, path: &str, text: &str) -> Result<Vec<Finding>, ApiError> {
        let site = self.readable()?;
        files::content_file(&self.root, site.config(), path, true)?;
        Ok(self.findings_of(&site, path, text))
    }

    fn findings_of(&self, site: &DeskSite, path: &str, text: &str) -> Vec<Finding> {
        match editor::parse(site, path, text) {
            Ok(doc) => {
                let source = editor::source_of(site, &doc).map(|s| &**s);
                editor::findings(&doc, source, &Self::glossary(site), site)
            }
            Err(problems) => editor::problems(problems),
        }
    }

    /// `POST api/translate`: writes the scaffold of the `to` translation of the file at `path`.
    pub(crate) fn translate(&self, path: &str, to: &str) -> Result<FileText, ApiError> {
        let site = self.readable()?;
        let config = site.config();
        files::content_file(&self.root, config, path, true)?;
        let source =
            site.doc(path).ok_or_else(|| ApiError::BadRequest(format!("`{path}` is not a page of the site")))?;
        let made = new_translation(config, &site.site.docs, source, to, None).map_err(|refusal| match refusal {
            Refusal::Language(m) | Refusal::Source(m) => ApiError::BadRequest(m),
            Refusal::Exists(m) => ApiError::Exists(m),
        })?;
        let target = files::content_file(&self.root, config, &made.rel, false)?;
        let _one_at_a_time = lock(&self.writes);
        let doc = files::read_back(&made.rel, &made.text, config).map_err(ApiError::BadRequest)?;
        files::refuse_clashes(&self.root, config, doc).map_err(ApiError::Exists)?;
        files::write_new(&self.root, &target.rel, &made.text).map_err(|refusal| match refusal {
            files::NotWritten::Exists(m) => ApiError::Exists(m),
            files::NotWritten::Failed(m) => ApiError::Failed(m),
        })?;
        let hash = files::file_hash(made.text.as_bytes());
        Ok(FileText { path: made.rel, text: made.text, hash })
    }

    /// `POST api/done`: records in the translation at `path` the source's version as it is
    /// on disk now; answers the file's new hash and the source's.
    pub(crate) fn done(&self, path: &str) -> Result<(String, String), ApiError> {
        let site = self.readable()?;
        let file = files::content_file(&self.root, site.config(), path, true)?;
        let _one_at_a_time = lock(&self.writes);
        let (raw, _) = read(&file)?;
        let doc = editor::parse(&site, path, &raw).map_err(|p| ApiError::BadRequest(first_problem(&p, path)))?;
        if doc.front.translation.is_none() {
            return Err(ApiError::BadRequest(format!("`{path}` is an original, not a translation")));
        }
        let source = editor::source_of(&site, &doc)
            .ok_or_else(|| ApiError::BadRequest(format!("the original of `{path}` is missing or has errors")))?;
        // The source as it is on disk now, not as the last build read it.
        let source_path = shown(&source.path);
        let source_file = files::content_file(&self.root, site.config(), &source_path, true)?;
        let (source_text, _) = read(&source_file)?;
        let source = editor::parse(&site, &source_path, &source_text)
            .map_err(|p| ApiError::BadRequest(first_problem(&p, &source_path)))?;
        let (text, source_hash) = done_text(&raw, &source).map_err(ApiError::BadRequest)?;
        files::replace(&file, &text).map_err(ApiError::Failed)?;
        Ok((files::file_hash(text.as_bytes()), source_hash))
    }

    /// `POST api/suggest`: translation memory for `text`, a block of the source of the
    /// translation at `path`.
    pub(crate) fn suggest(&self, path: &str, text: &str) -> Result<Vec<Suggestion>, ApiError> {
        let site = self.readable()?;
        let file = files::content_file(&self.root, site.config(), path, true)?;
        let (raw, _) = read(&file)?;
        let doc = editor::parse(&site, path, &raw).map_err(|p| ApiError::BadRequest(first_problem(&p, path)))?;
        let from = doc.front.translation.as_ref().map(|m| m.from.clone()).ok_or_else(|| {
            ApiError::BadRequest(format!("`{path}` is an original: suggestions are for translations"))
        })?;
        let generation = lock(&self.latest).generation;
        self.refresh_memory(&site, generation);
        let memory = lock(&self.memory);
        Ok(memory.1.suggest(&from, &doc.lang, text, &doc.path, 5))
    }
}

/// A file's text (it must be UTF-8) and the hash of its bytes.
fn read(file: &ContentFile) -> Result<(String, String), ApiError> {
    let bytes =
        std::fs::read(&file.real).map_err(|e| ApiError::NotFound(format!("cannot read `{}`: {e}", file.rel)))?;
    let hash = files::file_hash(&bytes);
    let text =
        String::from_utf8(bytes).map_err(|_| ApiError::BadRequest(format!("`{}` is not UTF-8 text", file.rel)))?;
    Ok((text, hash))
}

fn first_problem(problems: &[Diagnostic], path: &str) -> String {
    problems.first().map_or_else(|| format!("`{path}` cannot be read"), ToString::to_string)
}

/// A lock, taken even if a thread panicked holding it (the data stays usable: every
/// writer leaves it whole).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
