//! `patrika deploy`: puts the last built output onto S3-compatible object storage,
//! uploading only files whose content or headers changed and deleting objects the build
//! no longer has. Reads the output folder; never builds and never writes it.
//!
//! [`local`] reads the output, [`plan`] compares it with the bucket (through [`store`]),
//! [`run`] carries the plan out; [`headers`] says what each file is served as.

pub(crate) mod headers;
pub(crate) mod local;
pub(crate) mod plan;
pub(crate) mod run;
pub(crate) mod store;

use futures_util::StreamExt as _;

use crate::deploy::local::LocalFile;
use crate::deploy::plan::{Head, Plan, Unsettled};
use crate::deploy::store::Store;

/// Requests in flight at once while asking about objects the manifest cannot vouch for.
const PARALLEL_HEADS: usize = 32;

/// The plan of a deploy and what making it cost.
pub(crate) struct Planned {
    pub plan: Plan,
    /// Objects below the prefix before the deploy.
    pub remote_objects: usize,
    /// Objects the store was asked about one by one (those the manifest could not vouch for).
    pub asked: usize,
}

/// Compares the built files with the bucket: one listing, the manifest, and a request for
/// each object the manifest does not vouch for (a built file whose object may have changed,
/// or an object no longer built that may not be Patrika's).
pub(crate) async fn make_plan(store: &Store, local: Vec<LocalFile>) -> Result<Planned, String> {
    let (listing, manifest) = tokio::join!(store.list(), store.manifest());
    let listing = listing?;
    let (plan, unsettled) = plan::first_pass(local, &listing, &manifest);
    let unknown = plan.foreign.clone();
    let asked = unsettled.len() + unknown.len();
    let answers = ask(store, unsettled, |u: &Unsettled| u.file.key.clone()).await?;
    let plan = plan::settle(plan, answers);
    let answers = ask(store, unknown, String::clone).await?;
    Ok(Planned { plan: plan::settle_deletions(plan, answers, &listing), remote_objects: listing.len(), asked })
}

/// What the store says of the object of each item (`key_of` names it), several at once.
async fn ask<T>(store: &Store, items: Vec<T>, key_of: impl Fn(&T) -> String) -> Result<Vec<(T, Head)>, String> {
    let mut heads = futures_util::stream::iter(items)
        .map(|item| {
            let key = key_of(&item);
            async move { (item, store.head(&key).await) }
        })
        .buffer_unordered(PARALLEL_HEADS);
    let mut answers = Vec::new();
    while let Some((item, head)) = heads.next().await {
        answers.push((item, head?));
    }
    Ok(answers)
}

/// A runtime for the deploy's requests (the rest of Patrika needs none).
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the deploy's network runtime: {e}"))
}
