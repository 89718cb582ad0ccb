//! `patrika serve` and `patrika build --watch`: build, then rebuild on every change.
//! The server runs on background threads; the rebuild loop stays on the
//! command's own thread, so its one line per rebuild goes to the given streams.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use crate::commands::{CommandResult, Exit, Failure, Streams, print_diagnostics, stopped};
use crate::desk::service::DeskService;
use crate::pipeline::BuildOptions;
use crate::publish::{sync, write_site};
use crate::read::config::BaseUrl;
use crate::serve::host::Listening;
use crate::serve::live::{LiveSite, RebuildReport};
use crate::serve::server::{ServerState, bind, router};
use crate::serve::watch::{Change, SiteWatcher, only_css};

/// One line about a rebuild: what changed, pages re-rendered, milliseconds.
pub(crate) fn rebuild_line(changes: &[Change], report: &RebuildReport) -> String {
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
        let images = match report.images_pending {
            0 => String::new(),
            1 => "; 1 image is being made and follows shortly".to_string(),
            n => format!("; {n} images are being made and follow shortly"),
        };
        let index = if report.search_pending { "; the search index follows shortly" } else { "" };
        format!("Rebuilt ({what}): {pages} re-rendered in {ms} ms{images}{index}{stages}")
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

/// Like [`next_changes`], but gives up when the server has stopped (its message says why).
fn next_changes_while_serving(watcher: &SiteWatcher, server: &Receiver<String>) -> Result<Vec<Change>, String> {
    loop {
        if let Ok(why) = server.try_recv() {
            return Err(why);
        }
        match watcher.changes.recv_timeout(Duration::from_millis(250)) {
            Ok(mut changes) => {
                while let Ok(more) = watcher.changes.try_recv() {
                    changes.extend(more);
                }
                changes.sort();
                changes.dedup();
                return Ok(changes);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Err("the file watcher stopped".into()),
        }
    }
}

/// Lists every address served on a non-loopback interface, and warns that the preview,
/// drafts and the desk can be reached there by anyone on those networks.
fn print_exposed(root: &Path, interface: &str, port: u16, addresses: &[IpAddr], desk: &str, io: &mut Streams) {
    let _ = writeln!(io.out, "Serving {} (Ctrl-C to stop) on every address below, port {port}:", root.display());
    for ip in addresses {
        let _ = writeln!(io.out, "  http://{}/", SocketAddr::new(*ip, port));
    }
    let _ = writeln!(io.out, "translation desk at {desk}");
    let _ = writeln!(
        io.err,
        "warning: --interface {interface} puts the preview on the network: anyone who can reach the addresses above \
         sees your drafts, unpublished pages and the translation desk (its editing stays on this machine); \
         leave out --interface (127.0.0.1) to keep it on this machine"
    );
}

/// Serves the site under `root` with live reload until interrupted.
pub(crate) fn run(
    root: &Path,
    interface: &str,
    port: u16,
    drafts: bool,
    open: bool,
    io: &mut Streams,
) -> CommandResult {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| stopped(format!("cannot start the server runtime: {e}")))?;
    let listener = runtime.block_on(bind(interface, port)).map_err(Failure::Usage)?;
    let addr = listener.local_addr().map_err(stopped)?;
    let listening = Listening::new(addr);
    // Links in pages use an address the browser can reach, even when listening on all interfaces.
    let host = match addr.ip() {
        _ if interface.eq_ignore_ascii_case("localhost") => "localhost".to_string(),
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    let base_url = BaseUrl::parse(&url).map_err(Failure::Usage)?;
    let options = BuildOptions { drafts, base_url: Some(base_url), output_dir: None, fingerprint_assets: false };
    let (mut live, report) = LiveSite::new(root, options.clone());
    print_diagnostics(&report.diagnostics, io.err);
    let _ = writeln!(io.out, "{}", rebuild_line(&[], &report));
    let exposed = listening.is_exposed().then(|| listening.addresses());
    let desk = DeskService::new(root);
    desk.update(live.desk_input(&report.diagnostics));
    let state = ServerState::new(Arc::clone(&live.files), Some(Arc::clone(&desk)), listening);
    if !report.ok {
        state.fail(problems_text(&report));
    }
    let output_dir = live.output_dir.clone().unwrap_or_else(|| root.join("public"));
    let mut watcher =
        SiteWatcher::start(root, &output_dir).map_err(|e| stopped(format!("cannot watch {}: {e}", root.display())))?;
    live.make_images_in_background(watcher.sender());
    live.index_in_background(watcher.sender());
    let (server_stopped, server_stop_reason) = std::sync::mpsc::channel();
    let app = router(Arc::clone(&state));
    runtime.spawn(async move {
        let why = match crate::serve::server::serve(listener, app).await {
            Ok(()) => "the server stopped".to_string(),
            Err(e) => format!("the server stopped: {e}"),
        };
        let _ = server_stopped.send(why);
    });
    let desk_url = format!("{url}{}", crate::desk::DESK_PATH.trim_start_matches('/'));
    match &exposed {
        None => {
            let _ = writeln!(
                io.out,
                "Serving {} at {url} (Ctrl-C to stop); translation desk at {desk_url}",
                root.display()
            );
        }
        Some(addresses) => print_exposed(root, interface, addr.port(), addresses, &desk_url, io),
    }
    let _ = io.out.flush();
    if open && let Err(e) = ::open::that(&url) {
        let _ = writeln!(io.err, "warning: cannot open a browser: {e}");
    }
    loop {
        let changes = next_changes_while_serving(&watcher, &server_stop_reason).map_err(stopped)?;
        watcher.refresh();
        let report = live.rebuild(&changes);
        print_diagnostics(&report.diagnostics, io.err);
        let _ = writeln!(io.out, "{}", rebuild_line(&changes, &report));
        let _ = io.out.flush();
        desk.update(live.desk_input(&report.diagnostics));
        if report.ok {
            state.publish(Arc::clone(&live.files), only_css(&changes));
        } else {
            state.fail(problems_text(&report));
        }
    }
}

/// Builds into the output folder, then keeps it up to date until interrupted.
pub(crate) fn watch(root: &Path, options: &BuildOptions, io: &mut Streams) -> CommandResult {
    let (mut live, report) = LiveSite::new(root, options.clone());
    print_diagnostics(&report.diagnostics, io.err);
    let _ = writeln!(io.out, "{}", rebuild_line(&[], &report));
    // The same refusals as `build`, from the config as this run reads it.
    let config = crate::pipeline::load_config(root, options)?;
    crate::commands::check_output(&config)?;
    let output_dir = live.output_dir.clone().unwrap_or(config.output_dir);
    let mut written = std::collections::HashMap::new();
    if report.ok {
        let tree = live.files.to_map().into_iter().map(|(k, v)| (k, crate::render::Content::Bytes(v))).collect();
        write_site(&output_dir, &tree).map_err(|e| stopped(format!("{e:#}")))?;
        written = live.files.to_map();
    }
    let mut watcher =
        SiteWatcher::start(root, &output_dir).map_err(|e| stopped(format!("cannot watch {}: {e}", root.display())))?;
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
    Ok(Exit::Success)
}
