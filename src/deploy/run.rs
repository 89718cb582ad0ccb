//! Carries out a deploy plan: uploads phase by phase (in parallel within a phase, never
//! starting a phase before the one before it is complete), then deletions, then the
//! manifest. Reports each step as it happens; stops at the first phase that fails.

use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;

use crate::deploy::headers::Phase;
use crate::deploy::plan::{Manifest, Plan, Upload, plain_etag, recorded};
use crate::deploy::store::Store;

/// Uploads in flight at once: enough to hide the latency of each request.
const PARALLEL_UPLOADS: usize = 32;

/// One step of a deploy, as it happens.
#[derive(Debug)]
pub(crate) enum Step<'a> {
    Uploaded { key: &'a str, bytes: u64 },
    Deleted { key: &'a str },
    Failed { key: &'a str, error: &'a str },
}

/// How a deploy went.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub uploaded: usize,
    pub uploaded_bytes: u64,
    pub deleted: usize,
    /// Files and objects whose upload or deletion failed, with why.
    pub failed: Vec<(String, String)>,
    /// Uploads and deletions not started because an earlier step failed.
    pub not_started: Vec<String>,
    /// Why the manifest could not be written, if it could not (the site itself is complete).
    pub manifest_error: Option<String>,
}

impl Outcome {
    /// Whether everything the plan asked for was done.
    pub(crate) fn complete(&self) -> bool {
        self.failed.is_empty() && self.not_started.is_empty()
    }
}

/// Runs the plan against the store, calling `report` after every step.
pub(crate) async fn execute(store: &Store, plan: Plan, report: &mut dyn FnMut(Step)) -> Outcome {
    let mut outcome = Outcome::default();
    let mut manifest = Manifest { files: plan.unchanged };
    let mut phases: Vec<Vec<Upload>> = Vec::new();
    for upload in plan.uploads {
        match phases.last_mut() {
            Some(phase) if phase[0].phase == upload.phase => phase.push(upload),
            _ => phases.push(vec![upload]),
        }
    }
    let mut phases = phases.into_iter();
    for phase in phases.by_ref() {
        upload_phase(store, phase, &mut manifest, &mut outcome, report).await;
        if !outcome.complete() {
            break;
        }
    }
    if !outcome.complete() {
        outcome.not_started.extend(phases.flatten().map(|u| u.file.key));
        outcome.not_started.extend(plan.deletes.iter().map(|k| format!("{k} (deletion)")));
        return outcome;
    }
    for (key, result) in store.delete(&plan.deletes).await {
        match result {
            Ok(()) => {
                outcome.deleted += 1;
                report(Step::Deleted { key: &key });
            }
            Err(error) => {
                report(Step::Failed { key: &key, error: &error });
                outcome.failed.push((key, error));
            }
        }
    }
    if outcome.complete() {
        outcome.manifest_error = store.put_manifest(&manifest).await.err();
    }
    outcome
}

/// Uploads one phase with bounded parallelism; after a failure no new upload starts, and
/// the ones not started are recorded as such.
async fn upload_phase(
    store: &Store,
    phase: Vec<Upload>,
    manifest: &mut Manifest,
    outcome: &mut Outcome,
    report: &mut dyn FnMut(Step),
) {
    let mut waiting = phase.into_iter();
    let mut running = FuturesUnordered::new();
    loop {
        while running.len() < PARALLEL_UPLOADS && outcome.failed.is_empty() {
            let Some(upload) = waiting.next() else { break };
            running.push(async move {
                let result = store.put(&upload).await;
                (upload, result)
            });
        }
        let Some((upload, result)) = running.next().await else { break };
        match result {
            Ok(etag) => {
                outcome.uploaded += 1;
                outcome.uploaded_bytes += upload.file.size;
                report(Step::Uploaded { key: &upload.file.key, bytes: upload.file.size });
                if let Some(etag) = etag {
                    let entry = recorded(&upload.file, &upload.headers, plain_etag(&etag).to_string());
                    manifest.files.insert(upload.file.key, entry);
                }
            }
            Err(error) => {
                report(Step::Failed { key: &upload.file.key, error: &error });
                outcome.failed.push((upload.file.key, error));
            }
        }
    }
    outcome.not_started.extend(waiting.map(|u| u.file.key));
}

/// The phase of the first upload, for messages ("assets", "pages", "entry points").
pub(crate) fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Assets => "assets",
        Phase::Pages => "pages",
        Phase::EntryPoints => "entry points",
    }
}
