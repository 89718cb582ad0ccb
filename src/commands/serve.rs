//! `patrika serve` and `patrika build --watch`: build, then rebuild on every change.
//! The rebuild loop prints one line per rebuild; it is a report printer, so it
//! writes to the terminal itself.

use std::io::Write;
use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;

use crate::cli::{EXIT_OK, EXIT_SITE_ERRORS, EXIT_USAGE, Streams};
use crate::commands::print_diagnostics;
use crate::live::{LiveSite, RebuildReport};
use crate::output::{sync, write_site};
use crate::pipeline::BuildOptions;
use crate::serve::{ServerState, bind, router};
use crate::watch::{Change, SiteWatcher, only_css};

/// One line about a rebuild: what changed, pages re-rendered, milliseconds.
pub fn rebuild_line(changes: &[Change], report: &RebuildReport) -> String {
    let what = match changes {
        [] => "start".to_string(),
        [one] => one.path.display().to_string(),
        [first, rest @ ..] => format!("{} and {} more", first.path.display(), rest.len()),
    };
    let ms = report.elapsed.as_millis();
    let stages = if std::env::var_os("PATRIKA_TIMINGS").is_some() {
        let parts: Vec<String> = report.timings.iter().map(|(s, d)| format!("{s} {} ms", d.as_millis())).collect();
        format!(" [{}]", parts.join(", "))
    } else {
        String::new()
    };
    if report.ok {
        let pages = if report.rendered == 1 { "1 page".to_string() } else { format!("{} pages", report.rendered) };
        format!("Rebuilt ({what}): {pages} re-rendered in {ms} ms{stages}")
    } else {
        let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
        format!("Rebuild failed ({what}) in {ms} ms: {errors} error(s); the last good site stays up")
    }
}

fn problems_text(report: &RebuildReport) -> String {
    report.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

/// Waits for the next batch of changes and merges any that queued up behind it.
fn next_changes(watcher: &SiteWatcher) -> Option<Vec<Change>> {
    let mut changes = watcher.changes.recv().ok()?;
    while let Ok(more) = watcher.changes.try_recv() {
        changes.extend(more);
    }
    changes.sort();
    changes.dedup();
    Some(changes)
}

/// Serves the site under `root` with live reload until interrupted.
pub fn run(root: &Path, interface: &str, port: u16, drafts: bool, open: bool, io: &mut Streams) -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(io.err, "error: cannot start the server runtime: {e}");
            return EXIT_SITE_ERRORS;
        }
    };
    let listener = match runtime.block_on(bind(interface, port)) {
        Ok(l) => l,
        Err(message) => {
            let _ = writeln!(io.err, "error: {message}");
            return EXIT_USAGE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(io.err, "error: {e}");
            return EXIT_SITE_ERRORS;
        }
    };
    // Links in pages use an address the browser can reach, even when listening on all interfaces.
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    let options = BuildOptions { drafts, base_url: Some(url.clone()), output_dir: None };
    let (mut live, report) = LiveSite::new(root, options);
    print_diagnostics(&report.diagnostics, io.err);
    let _ = writeln!(io.out, "{}", rebuild_line(&[], &report));
    let state = ServerState::new(Arc::clone(&live.files));
    if !report.ok {
        state.fail(problems_text(&report));
    }
    let output_dir = live.output_dir.clone().unwrap_or_else(|| root.join("public"));
    let watcher = match SiteWatcher::start(root, &output_dir) {
        Ok(w) => w,
        Err(e) => {
            let _ = writeln!(io.err, "error: cannot watch {}: {e}", root.display());
            return EXIT_SITE_ERRORS;
        }
    };
    let loop_state = Arc::clone(&state);
    std::thread::spawn(move || {
        let mut watcher = watcher;
        while let Some(changes) = next_changes(&watcher) {
            watcher.refresh();
            let report = live.rebuild(&changes);
            let mut err = std::io::stderr().lock();
            print_diagnostics(&report.diagnostics, &mut err);
            let _ = writeln!(std::io::stdout().lock(), "{}", rebuild_line(&changes, &report));
            if report.ok {
                loop_state.publish(Arc::clone(&live.files), only_css(&changes));
            } else {
                loop_state.fail(problems_text(&report));
            }
        }
    });
    let _ = writeln!(io.out, "Serving {} at {url} (Ctrl-C to stop)", root.display());
    let _ = io.out.flush();
    if open && let Err(e) = ::open::that(&url) {
        let _ = writeln!(io.err, "warning: cannot open a browser: {e}");
    }
    match runtime.block_on(async move { axum::serve(listener, router(state)).await }) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(io.err, "error: the server stopped: {e}");
            EXIT_SITE_ERRORS
        }
    }
}

/// Builds into the output folder, then keeps it up to date until interrupted.
pub fn watch(root: &Path, options: &BuildOptions, io: &mut Streams) -> u8 {
    let (mut live, report) = LiveSite::new(root, options.clone());
    print_diagnostics(&report.diagnostics, io.err);
    let _ = writeln!(io.out, "{}", rebuild_line(&[], &report));
    let output_dir = match &live.output_dir {
        Some(dir) => dir.clone(),
        None => match crate::pipeline::load_config(root, options) {
            Ok(c) => c.output_dir,
            Err(diags) => {
                print_diagnostics(&diags, io.err);
                return EXIT_SITE_ERRORS;
            }
        },
    };
    let mut written = std::collections::HashMap::new();
    if report.ok {
        let tree = live.files.to_map().into_iter().map(|(k, v)| (k, crate::output::Content::Bytes(v))).collect();
        if let Err(e) = write_site(&output_dir, &tree) {
            let _ = writeln!(io.err, "error: {e:#}");
            return EXIT_SITE_ERRORS;
        }
        written = live.files.to_map();
    }
    let mut watcher = match SiteWatcher::start(root, &output_dir) {
        Ok(w) => w,
        Err(e) => {
            let _ = writeln!(io.err, "error: cannot watch {}: {e}", root.display());
            return EXIT_SITE_ERRORS;
        }
    };
    let _ = writeln!(io.out, "Watching {} (Ctrl-C to stop)", root.display());
    let _ = io.out.flush();
    while let Some(changes) = next_changes(&watcher) {
        watcher.refresh();
        let report = live.rebuild(&changes);
        print_diagnostics(&report.diagnostics, io.err);
        if report.ok {
            let now = live.files.to_map();
            if let Err(e) = sync(&output_dir, &written, &now) {
                let _ = writeln!(io.err, "error: {e:#}");
            }
            written = now;
        }
        let _ = writeln!(io.out, "{}", rebuild_line(&changes, &report));
        let _ = io.out.flush();
    }
    EXIT_OK
}
