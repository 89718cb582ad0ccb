//! What a build publishes: which documents it leaves out (drafts, pages under embargo, and
//! the translations of either, which never go out before their original), and when it runs.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use crate::diagnostic::Diagnostic;
use crate::read::document::SourceDoc;

/// What a build publishes besides the pages that are due and not drafts, and when it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Publishing {
    /// Drafts too (`--drafts`).
    pub drafts: bool,
    /// Pages whose `publish_at` is still ahead too, marked as scheduled (`serve`, `check`).
    pub scheduled: bool,
    /// The build's time: what `publish_at` and the news sitemap's 48 hours are measured from.
    pub now: DateTime<FixedOffset>,
}

/// Which documents a build leaves out, by index, and what it says of those it leaves out
/// for another's sake.
pub(crate) struct LeftOut {
    pub flags: Vec<bool>,
    pub warnings: Vec<Diagnostic>,
}

impl Publishing {
    /// Whether a page is under embargo at this build's time.
    pub(crate) fn is_held(&self, doc: &SourceDoc) -> bool {
        doc.front.publish_at.as_ref().is_some_and(|at| at.instant > self.now)
    }

    /// Whether a document stays out of this build by itself: a draft unless drafts are
    /// built, a page under embargo unless scheduled pages are.
    pub(crate) fn leaves_out(&self, doc: &SourceDoc) -> bool {
        (doc.front.draft && !self.drafts) || (!self.scheduled && self.is_held(doc))
    }

    /// Which of `docs` stay out of this build: those [`Publishing::leaves_out`] by
    /// themselves, and every translation of one of them (a translation of a story under
    /// embargo would tell it first). A translation kept back for a draft is a warning at
    /// it; one kept back for an embargo has its own finding (`embargo`).
    pub(crate) fn left_out(&self, docs: &[Arc<SourceDoc>]) -> LeftOut {
        let mut flags: Vec<bool> = docs.iter().map(|d| self.leaves_out(d)).collect();
        let mut warnings = Vec::new();
        if !flags.contains(&true) {
            return LeftOut { flags, warnings };
        }
        // Each document by its set and language, found once (the first file of a pair wins,
        // as pairing reports the second).
        let keys: Vec<String> = docs.iter().map(|d| d.set_key()).collect();
        let mut member: HashMap<(&str, &str), usize> = HashMap::with_capacity(docs.len());
        for (i, doc) in docs.iter().enumerate() {
            member.entry((keys[i].as_str(), doc.lang.as_str())).or_insert(i);
        }
        // A translation may be translated from a translation: repeat until nothing changes.
        let mut changed = true;
        while changed {
            changed = false;
            for (i, doc) in docs.iter().enumerate() {
                let Some(from) = doc.front.translation.as_ref().map(|t| t.from.as_str()) else { continue };
                let Some(&original) = member.get(&(keys[i].as_str(), from)) else { continue };
                if flags[i] || !flags[original] {
                    continue;
                }
                flags[i] = true;
                changed = true;
                let original = &docs[original];
                if original.front.draft && !self.drafts {
                    let at = doc.front.at.from.or(doc.front.at.translation).unwrap_or(doc.front.at.front);
                    let message = format!(
                        "not published: its original {} is a draft, and a translation goes out with its original",
                        original.path.display()
                    );
                    warnings.push(doc.warning_at(at, message));
                }
            }
        }
        LeftOut { flags, warnings }
    }
}
