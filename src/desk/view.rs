//! The site as the desk sees it: every document, drafts included (a draft is a state the
//! desk shows), paired into sets, with the state of every language of every set. `serve`
//! hands the desk what its own build parsed ([`Input`]), so the desk never reads the site
//! again; `status --format html` hands it a site loaded for the purpose.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::plan::publishing::Publishing;
use crate::plan::site::Site;
use crate::plan::translation::LangState;
use crate::read::config::Config;
use crate::read::document::SourceDoc;
use crate::text::hash_of;

/// How the desk links to pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Links {
    /// Root-relative URLs of the preview; drafts have pages only when it publishes them.
    Preview { drafts: bool },
    /// Absolute URLs of the published site (a file kept as a CI artifact); drafts have none.
    Published,
}

/// What a build of `serve` leaves for the desk.
pub(crate) struct Input {
    /// The last plan the build made, and whether it took drafts in.
    pub built: Arc<Site>,
    pub drafts: bool,
    /// Every document the build parsed, drafts included, by path.
    pub docs: Vec<Arc<SourceDoc>>,
    /// Content paths (below `content/`) of files that did not parse.
    pub unreadable: Vec<String>,
    /// What the last build found (its errors and warnings).
    pub diagnostics: Vec<Diagnostic>,
}

/// The site with drafts, and the state of every language of every set.
pub(crate) struct DeskSite {
    pub site: Arc<Site>,
    pub links: Links,
    /// What the build found; QA findings are the desk's own.
    pub diagnostics: Vec<Diagnostic>,
    /// Per set, the state of each configured language, in config order.
    pub states: Vec<Vec<LangState>>,
    /// Documents by path (relative to the site root, `/`-separated) and sets by key.
    by_path: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
}

impl DeskSite {
    /// The desk's view of a site planned with drafts.
    pub(crate) fn new(site: Arc<Site>, links: Links, diagnostics: Vec<Diagnostic>) -> DeskSite {
        let states = site
            .sets
            .par_iter()
            .map(|set| site.config.languages.iter().map(|l| set.state(&l.code, &site.docs)).collect())
            .collect();
        let by_path = site.docs.iter().enumerate().map(|(i, d)| (shown(&d.path), i)).collect();
        let by_key = site.sets.iter().enumerate().map(|(i, s)| (s.key.clone(), i)).collect();
        DeskSite { site, links, diagnostics, states, by_path, by_key }
    }

    /// The config the site was read with.
    pub(crate) fn config(&self) -> &Config {
        &self.site.config
    }

    /// The document at `path` (relative to the site root, `/`-separated), if the site has it.
    pub(crate) fn doc(&self, path: &str) -> Option<&Arc<SourceDoc>> {
        self.by_path.get(path).map(|&d| &self.site.docs[d])
    }

    /// The index of the set with key `key`.
    pub(crate) fn set(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// The file of the set with key `key` in language `lang`.
    pub(crate) fn member(&self, key: &str, lang: &str) -> Option<&Arc<SourceDoc>> {
        let set = &self.site.sets[self.set(key)?];
        set.members.iter().find(|(l, _)| l.as_str() == lang).map(|(_, &d)| &self.site.docs[d])
    }
}

/// A path relative to the site root as the desk names it: `/`-separated.
pub(crate) fn shown(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Plans the desk's site from what the build parsed: the build's own plan when it took
/// drafts in, else a plan of the same documents with drafts, kept while no document moves
/// (then only the documents' text is brought up to date, as the build does).
#[derive(Default)]
pub(crate) struct Planner {
    last: Option<(u64, Arc<Site>)>,
}

impl Planner {
    /// The site with drafts for `input`.
    pub(crate) fn plan(&mut self, input: &Input) -> Arc<Site> {
        if input.drafts {
            return Arc::clone(&input.built);
        }
        let config = input.built.config.clone();
        // The build's own time and embargo choice, with drafts.
        let publishing = Publishing { drafts: true, ..input.built.publishing };
        let key = hash_of((config.source_hash, &input.unreadable, Site::placements(&input.docs)));
        match self.last.take() {
            Some((made_from, mut site)) if made_from == key => {
                Arc::make_mut(&mut site).refresh_docs(config, input.docs.clone(), publishing);
                self.last = Some((key, Arc::clone(&site)));
                site
            }
            _ => {
                // Problems of the plan are the build's to report; it reported them.
                let (site, _) =
                    Site::plan(config, input.docs.clone(), publishing, &input.unreadable, (Vec::new(), Vec::new()));
                let site = Arc::new(site);
                self.last = Some((key, Arc::clone(&site)));
                site
            }
        }
    }
}
