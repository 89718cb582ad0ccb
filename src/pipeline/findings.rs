//! What the stages before rendering found, by cause: each document's own findings,
//! made by one function for the full build and the patch alike, and the findings
//! about the site as a whole.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::read::config::Config;
use crate::read::document::SourceDoc;

/// The findings of reading, parsing, planning, the theme and Markdown.
#[derive(Clone, Default)]
pub(crate) struct SourceFindings {
    /// Each parsed document's own findings (see [`SourceFindings::document`]), by file;
    /// documents without any are left out.
    documents: HashMap<PathBuf, Vec<Diagnostic>>,
    /// The problems of each page's rendered Markdown, by file; pages without any are left out.
    bodies: HashMap<PathBuf, Vec<Diagnostic>>,
    /// Sections that navigation names by their folder (see `render::unnamed_sections`).
    pub sections: Vec<Diagnostic>,
    /// Everything else: config, files that did not parse, images, the plan, the theme,
    /// section intros, and the bundle and static files of a full build.
    pub site: Vec<Diagnostic>,
}

impl SourceFindings {
    /// Records what a parsed document says of itself: its front matter's warnings and the
    /// topics the config does not name. A document edited since is recorded again.
    pub(crate) fn document(&mut self, doc: &SourceDoc, config: &Config) {
        let mut found = doc.warnings.clone();
        found.extend(unknown_topics(doc, config));
        if found.is_empty() {
            self.documents.remove(&doc.path);
        } else {
            self.documents.insert(doc.path.clone(), found);
        }
    }

    /// Records the problems of a page's rendered Markdown (none: forgets those it had).
    pub(crate) fn body(&mut self, path: &std::path::Path, found: Vec<Diagnostic>) {
        match found.is_empty() {
            true => self.bodies.remove(path),
            false => self.bodies.insert(path.to_path_buf(), found),
        };
    }

    /// Forgets a document that is gone.
    pub(crate) fn forget(&mut self, path: &std::path::Path) {
        self.documents.remove(path);
        self.bodies.remove(path);
    }

    /// Every finding, in no order.
    pub(crate) fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        let bodies = self.bodies.values().flatten();
        self.documents.values().flatten().chain(bodies).chain(&self.sections).chain(&self.site)
    }
}

/// A warning for each topic of `doc` that has no display names in the config.
fn unknown_topics(doc: &SourceDoc, config: &Config) -> Vec<Diagnostic> {
    let known = || config.topics.keys().map(String::as_str);
    let unknown = doc.front.topics.iter().enumerate().filter(|(_, t)| !config.topics.contains_key(*t));
    unknown
        .map(|(n, topic)| {
            let at = doc.front.at.topics.get(n).copied().unwrap_or(doc.front.at.front);
            let hint = did_you_mean(topic, known()).map(|k| format!(" (did you mean `{k}`?)")).unwrap_or_default();
            doc.warning_at(at, format!("topic `{topic}` has no display names in config.toml [topics]{hint}"))
        })
        .collect()
}
