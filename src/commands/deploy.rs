//! `patrika deploy`: uploads the last built output to `[deploy] target`, printing the
//! plan, the progress (a bar on a terminal, one line per file otherwise) and the outcome.

use std::path::Path;
use std::time::Instant;

use indicatif::{HumanBytes, ProgressBar, ProgressStyle};

use crate::commands::{CommandResult, Exit, Failure, Streams, plural, print_diagnostics, stopped};
use crate::deploy::plan::{Plan, Reason};
use crate::deploy::run::{Outcome, Step, phase_name};
use crate::deploy::store::Store;
use crate::deploy::{self, Planned, local};
use crate::pipeline::{self, BuildOptions};
use crate::publish::MARKER;

/// What the command line asked of a deploy.
#[derive(Debug, Clone, Copy)]
pub struct DeployRequest {
    pub dry_run: bool,
    /// `--max-deletes`, when given: the deletions confirmed.
    pub max_deletes: Option<usize>,
    /// Draw a progress bar (stderr is a terminal) instead of a line per file.
    pub progress_bar: bool,
}

/// Deploys the built site of `root`.
pub(crate) fn run(root: &Path, request: DeployRequest, io: &mut Streams) -> CommandResult {
    let config = pipeline::load_config(root, &BuildOptions::default()).map_err(Failure::Site)?;
    print_diagnostics(&config.warnings, io.err);
    // A deploy asked of a site that has nowhere to go, or nothing Patrika built, is bad
    // usage (exit 2): nothing in the site is wrong.
    let Some(target) = &config.deploy else {
        return Err(Failure::Usage(
            "config.toml has no deploy target: add `[deploy]` with `target = \"s3://bucket/prefix?region=…\"` (see README, Hosting)"
                .into(),
        ));
    };
    let started = Instant::now();
    let mut laps = Vec::new();
    let files =
        local::read_output(&config.output_dir).map_err(|why| match config.output_dir.join(MARKER).is_file() {
            true => stopped(why),
            false => Failure::Usage(why),
        })?;
    laps.push(("read and hash the output", started.elapsed()));
    let store = Store::connect(target).map_err(stopped)?;
    let runtime = deploy::runtime().map_err(stopped)?;
    let planned = runtime.block_on(deploy::make_plan(&store, files)).map_err(stopped)?;
    laps.push(("list, read the manifest, ask about objects", started.elapsed() - laps[0].1));
    print_plan(&store, &planned, io);
    let plan = planned.plan;
    let refusal = plan.deletion_refusal(request.max_deletes);
    if request.dry_run {
        let refused = refusal.map(|why| too_many_deletes(&store, &plan, &why, &config.output_dir));
        print_dry_run(&plan, refused.as_deref(), io);
        return Ok(Exit::Success);
    }
    if let Some(why) = refusal {
        return Err(stopped(too_many_deletes(&store, &plan, &why, &config.output_dir)));
    }
    let unchanged = plan.unchanged.len();
    let outcome = if request.progress_bar {
        let bar = progress_bar(&plan);
        let outcome = runtime.block_on(deploy::run::execute(&store, plan, &mut |step| show_on_bar(&bar, step)));
        bar.finish_and_clear();
        outcome
    } else {
        runtime.block_on(deploy::run::execute(&store, plan, &mut |step| print_step(io, step)))
    };
    laps.push(("upload, delete, write the manifest", started.elapsed() - laps[0].1 - laps[1].1));
    if std::env::var_os("PATRIKA_TIMINGS").is_some() {
        for (stage, took) in laps {
            let _ = writeln!(io.err, "timing: {stage}: {} ms", took.as_millis());
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    Ok(report(&store, &outcome, unchanged, seconds, io))
}

fn print_plan(store: &Store, planned: &Planned, io: &mut Streams) {
    let plan = &planned.plan;
    let _ = writeln!(
        io.out,
        "{}: {} to upload ({}), {} to delete, {} unchanged; {} objects there, {} checked one by one",
        store.shown(),
        plural(plan.uploads.len(), "file"),
        HumanBytes(plan.upload_bytes()),
        plural(plan.deletes.len(), "object"),
        plan.unchanged.len(),
        planned.remote_objects,
        planned.asked,
    );
    if !plan.foreign.is_empty() {
        let some: Vec<&str> = plan.foreign.iter().take(5).map(String::as_str).collect();
        let _ = writeln!(
            io.out,
            "{} there that Patrika did not write {} left alone (such as {})",
            plural(plan.foreign.len(), "object"),
            if plan.foreign.len() == 1 { "is" } else { "are" },
            some.join(", ")
        );
    }
}

/// The plan, file by file; `refused` says why a deploy would change nothing.
fn print_dry_run(plan: &Plan, refused: Option<&str>, io: &mut Streams) {
    let mut phase = None;
    for upload in &plan.uploads {
        if phase != Some(upload.phase) {
            phase = Some(upload.phase);
            let _ = writeln!(io.out, "{}:", phase_name(upload.phase));
        }
        let reason = match upload.reason {
            Reason::New => "new",
            Reason::Changed => "changed",
        };
        let _ = writeln!(io.out, "  upload {reason:7} {} ({})", upload.file.key, HumanBytes(upload.file.size));
    }
    for key in &plan.deletes {
        let _ = writeln!(io.out, "  delete {key}");
    }
    if let Some(refused) = refused {
        let _ = writeln!(io.out, "A deploy would do none of this: {refused}");
    }
    let _ = writeln!(io.out, "Dry run: nothing was uploaded or deleted.");
}

/// Why a deploy deletes nothing: `why` says which limit, and how to confirm the number.
fn too_many_deletes(store: &Store, plan: &Plan, why: &str, output: &Path) -> String {
    let some: Vec<&str> = plan.deletes.iter().take(5).map(String::as_str).collect();
    format!(
        "refusing to delete {} from {}, {why}: they are not in the build at {} \
         (such as {}). Nothing was uploaded or deleted. If the build and the target are right, run \
         `patrika deploy --max-deletes {}`",
        plural(plan.deletes.len(), "object"),
        store.shown(),
        output.display(),
        some.join(", "),
        plan.deletes.len()
    )
}

fn progress_bar(plan: &Plan) -> ProgressBar {
    let bar = ProgressBar::new(plan.upload_bytes());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {eta} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

fn show_on_bar(bar: &ProgressBar, step: Step) {
    match step {
        Step::Uploaded { key, bytes } => {
            bar.inc(bytes);
            bar.set_message(key.to_string());
        }
        Step::Deleted { key } => bar.set_message(format!("deleted {key}")),
        Step::Failed { key, error } => bar.println(format!("failed: {key}: {error}")),
    }
}

fn print_step(io: &mut Streams, step: Step) {
    let _ = match step {
        Step::Uploaded { key, bytes } => writeln!(io.out, "uploaded {key} ({})", HumanBytes(bytes)),
        Step::Deleted { key } => writeln!(io.out, "deleted {key}"),
        Step::Failed { key, error } => writeln!(io.err, "failed: {key}: {error}"),
    };
}

/// The closing lines: what was done, and after a failure, what was not and what to do.
fn report(store: &Store, outcome: &Outcome, unchanged: usize, seconds: f64, io: &mut Streams) -> Exit {
    let done = format!(
        "uploaded {} ({}), deleted {}, {unchanged} unchanged",
        plural(outcome.uploaded, "file"),
        HumanBytes(outcome.uploaded_bytes),
        plural(outcome.deleted, "object"),
    );
    if outcome.complete() {
        let _ = writeln!(io.out, "Deployed to {}: {done} in {seconds:.1} s", store.shown());
        if let Some(error) = &outcome.manifest_error {
            let _ = writeln!(io.err, "warning: {error}; the next deploy checks each object instead");
        }
        return Exit::Success;
    }
    let _ = writeln!(io.err, "error: the deploy to {} did not finish: {done}", store.shown());
    for (key, error) in &outcome.failed {
        let _ = writeln!(io.err, "  failed: {key}: {error}");
    }
    for key in &outcome.not_started {
        let _ = writeln!(io.err, "  not started: {key}");
    }
    let _ = writeln!(
        io.err,
        "The files that went up are listed above as uploaded. Entry points (home pages, feeds, \
         sitemaps, search entries) go up only after every asset and page did, and deletions come \
         only after every upload. Run `patrika deploy` again: it uploads only what is still missing."
    );
    Exit::SiteErrors
}
