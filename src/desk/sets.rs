//! The state of every language of every set, as `status --format json` prints it and the
//! desk's API answers it. Pure.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::Rule;
use crate::plan::site::Site;
use crate::plan::translation::LangState;

/// One row of the report: a set and the state of each configured language.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct SetStatus {
    pub key: String,
    pub languages: BTreeMap<String, LangState>,
    /// QA rules a file of the set silences (`[check] allow`), with the reason given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<Allowed>,
    /// Languages of the set under embargo, with the moment each goes out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scheduled: Vec<Scheduled>,
}

/// A page under embargo: its language and when it goes out (RFC 3339).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Scheduled {
    pub lang: String,
    pub publish_at: String,
}

/// QA rules silenced for one language of a set.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Allowed {
    pub lang: String,
    pub rules: Vec<Rule>,
    pub reason: String,
}

/// The state of every set, most urgent first (stale, then missing), then by key.
pub(crate) fn statuses(site: &Site) -> Vec<SetStatus> {
    let mut rows: Vec<(LangState, SetStatus)> = site
        .sets
        .iter()
        .map(|set| {
            let languages: BTreeMap<String, LangState> =
                site.config.languages.iter().map(|l| (l.code.to_string(), set.state(&l.code, &site.docs))).collect();
            let worst = languages.values().copied().min().unwrap_or(LangState::Original);
            let allowed = set
                .members
                .iter()
                .map(|(lang, &d)| (lang, &site.docs[d].front))
                .filter(|(_, front)| !front.check_allow.is_empty())
                .map(|(lang, front)| Allowed {
                    lang: lang.to_string(),
                    rules: front.check_allow.clone(),
                    reason: front.check_reason.clone(),
                })
                .collect();
            let scheduled = set
                .members
                .iter()
                .filter(|(_, d)| site.publishing.is_held(&site.docs[**d]))
                .filter_map(|(lang, &d)| {
                    let at = site.docs[d].front.publish_at.as_ref()?;
                    Some(Scheduled { lang: lang.to_string(), publish_at: at.rfc3339() })
                })
                .collect();
            (worst, SetStatus { key: set.key.clone(), languages, allowed, scheduled })
        })
        .collect();
    rows.sort_by(|(wa, a), (wb, b)| wa.cmp(wb).then_with(|| a.key.cmp(&b.key)));
    rows.into_iter().map(|(_, row)| row).collect()
}
