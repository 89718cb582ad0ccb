//! `patrika serve` and `patrika build --watch`: build, then rebuild on every change
//! until SIGINT (Ctrl-C) or SIGTERM. The server runs on background threads; the
//! rebuild loop stays on the command's own thread, so its one line per rebuild goes to
//! the given streams.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use crate::commands::{CommandResult, Exit, Failure, Streams, made, plural, print_diagnostics, stopped};
use crate::desk::service::DeskService;
use crate::pipeline::BuildOptions;
use crate::publish::{sync, write_site};
use crate::read::config::BaseUrl;
use crate::serve::host::Listening;
use crate::serve::live::{LiveSite, RebuildReport};
use crate::serve::server::{ServerState, bind, router};
use crate::serve::watch::{Change, ChangeKind, SiteWatcher, only_css};

/// What a (re)build made and how long it took, in `build`'s words: the first build of
/// `serve` or `build --watch` reads like `build`'s own line, and each rebuild after it
/// adds how many files were rendered again and which change caused it.
pub(crate) fn rebuild_line(changes: &[Change], report: &RebuildReport, output: Option<&Path>) -> String {
    let ms = report.elapsed.as_millis();
    let cause = match changes {
        [] => None,
        [one] if one.kind == ChangeKind::SearchIndex => Some("the new search index was made".to_string()),
        [one] => Some(format!("{} changed", one.path.display())),
        [first, rest @ ..] => Some(format!("{} and {} more changed", first.path.display(), rest.len())),
    };
    let stages = if std::env::var_os("PATRIKA_TIMINGS").is_some() {
        let parts: Vec<String> = report.timings.iter().map(|(s, d)| format!("{s} {} ms", d.as_millis())).collect();
        format!(" [{}]", parts.join(", "))
    } else {
        String::new()
    };
    if !report.ok {
        let errors = plural(report.diagnostics.iter().filter(|d| d.is_error()).count(), "error");
        return match cause {
            None => format!("Build failed with {errors} in {ms} ms; saving a fix builds again"),
            Some(cause) => {
                format!("Rebuild failed with {errors} in {ms} ms after {cause}; the last good site stays up")
            }
        };
    }
    let later = match report.images_pending {
        0 => String::new(),
        1 => "; 1 image is being made and follows shortly".to_string(),
        n => format!("; {n} images are being made and follow shortly"),
    };
    let index = match report.search_pending {
        0 => String::new(),
        1 => "; the search index (1 part) follows shortly".to_string(),
        n => format!("; the search index ({n} parts) follows shortly"),
    };
    let into = output.map_or(String::new(), |dir| format!(" → {}", dir.display()));
    match cause {
        None => {
            let made = made(
                &report.pages_per_language,
                report.files,
                (report.images, report.encoded),
                (report.cards, report.drawn),
            );
            format!("Built {made} in {ms} ms{into}{later}{index}{stages}")
        }
        Some(cause) => {
            let made = made(&report.pages_per_language, report.files, (0, 0), (0, 0));
            let again = report.rendered;
            let encoded = match report.encoded {
                0 => String::new(),
                n => format!(", {} encoded", plural(n, "image")),
            };
            format!(
                "Rebuilt {made} in {ms} ms{into}: {again} rendered again{encoded} after {cause}{later}{index}{stages}"
            )
        }
    }
}

fn problems_text(report: &RebuildReport) -> String {
    report.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

/// Why the rebuild loop of `serve` or `build --watch` ends.
enum Stop {
    /// SIGINT (Ctrl-C) or SIGTERM: how a person (or a script) ends the preview.
    Signal,
    /// The server or the file watcher stopped, and says why.
    Failed(String),
}

/// Sends [`Stop::Signal`] on SIGINT (Ctrl-C) or SIGTERM. The handlers are in place when this
/// returns, so a `serve` started with SIGINT ignored (a background job of a shell script
/// inherits that) still stops on it. A second signal ends the process at once, should the
/// rebuild at hand take long.
fn stop_on_signals(stop: Sender<Stop>) -> Result<(), Failure> {
    let cannot = |e: std::io::Error| stopped(format!("cannot listen for Ctrl-C: {e}"));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(cannot)?;
    let mut signals = listen(&runtime).map_err(cannot)?;
    std::thread::spawn(move || {
        next_signal(&runtime, &mut signals);
        let _ = stop.send(Stop::Signal);
        next_signal(&runtime, &mut signals);
        // Asked twice: the person does not want to wait for the rebuild to finish.
        std::process::exit(130);
    });
    Ok(())
}

#[cfg(unix)]
type Signals = (tokio::signal::unix::Signal, tokio::signal::unix::Signal);
#[cfg(not(unix))]
type Signals = ();

/// Installs the handlers for SIGINT and SIGTERM (on Windows, Ctrl-C's is installed when
/// first waited for).
fn listen(runtime: &tokio::runtime::Runtime) -> std::io::Result<Signals> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let _inside = runtime.enter();
        Ok((signal(SignalKind::interrupt())?, signal(SignalKind::terminate())?))
    }
    #[cfg(not(unix))]
    {
        let _ = runtime;
        Ok(())
    }
}

/// Waits for the next of the signals that stop a preview.
fn next_signal(runtime: &tokio::runtime::Runtime, signals: &mut Signals) {
    #[cfg(unix)]
    runtime.block_on(async {
        let (interrupt, terminate) = signals;
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    });
    #[cfg(not(unix))]
    {
        let _ = signals;
        if runtime.block_on(tokio::signal::ctrl_c()).is_err() {
            // No Ctrl-C to wait for: never report one.
            loop {
                std::thread::park();
            }
        }
    }
}

/// Waits for the next batch of changes and merges any that queued up behind it; gives up
/// when `stop` says the loop ends.
fn next_changes(watcher: &SiteWatcher, stop: &Receiver<Stop>) -> Result<Vec<Change>, Stop> {
    loop {
        if let Ok(why) = stop.try_recv() {
            return Err(why);
        }
        match watcher.changes.recv_timeout(Duration::from_millis(100)) {
            Ok(mut changes) => {
                while let Ok(more) = watcher.changes.try_recv() {
                    changes.extend(more);
                }
                changes.sort();
                changes.dedup();
                return Ok(changes);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Err(Stop::Failed("the file watcher stopped".into())),
        }
    }
}

/// How a loop that was told to stop ends: a signal is the normal end (status 0).
fn ended(why: Stop, io: &mut Streams) -> CommandResult {
    match why {
        Stop::Signal => {
            let _ = writeln!(io.out, "Stopped.");
            Ok(Exit::Success)
        }
        Stop::Failed(why) => Err(stopped(why)),
    }
}

/// The site's folder as a person finds it: absolute, even when it was found as `.`.
fn shown_root(root: &Path) -> String {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf()).display().to_string()
}

/// Lists every address served on a non-loopback interface, and warns that the preview,
/// drafts and the desk can be reached there by anyone on those networks.
fn print_exposed(root: &Path, interface: &str, port: u16, addresses: &[IpAddr], desk: &str, io: &mut Streams) {
    let _ = writeln!(io.out, "Serving {} (Ctrl-C to stop) on every address below, port {port}:", shown_root(root));
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

/// The address pages link to: one a browser can reach, even when listening on all interfaces.
fn page_url(interface: &str, addr: SocketAddr) -> String {
    let host = match addr.ip() {
        _ if interface.eq_ignore_ascii_case("localhost") => "localhost".to_string(),
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    format!("http://{host}:{}/", addr.port())
}

/// Serves the site under `root` with live reload until interrupted (SIGINT or SIGTERM).
pub(crate) fn run(
    root: &Path,
    interface: &str,
    port: u16,
    drafts: bool,
    open: bool,
    io: &mut Streams,
) -> CommandResult {
    let (stop, stop_reason) = std::sync::mpsc::channel();
    stop_on_signals(stop.clone())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| stopped(format!("cannot start the server runtime: {e}")))?;
    let listener = runtime.block_on(bind(interface, port)).map_err(Failure::Usage)?;
    let addr = listener.local_addr().map_err(stopped)?;
    let listening = Listening::new(addr);
    let url = page_url(interface, addr);
    let base_url = BaseUrl::parse(&url).map_err(Failure::Usage)?;
    let options = BuildOptions {
        drafts,
        scheduled: true,
        base_url: Some(base_url),
        output_dir: None,
        fingerprint_assets: false,
        search_edits: true,
    };
    let (mut live, report) = LiveSite::new(root, options.clone());
    print_diagnostics(&report.diagnostics, io.err);
    let _ = writeln!(io.out, "{}", rebuild_line(&[], &report, None));
    let exposed = listening.is_exposed().then(|| listening.addresses());
    let desk = DeskService::new(root);
    desk.update(live.desk_input(&report.diagnostics));
    let state = ServerState::new(Arc::clone(&live.files), Some(Arc::clone(&desk)), listening);
    if !report.ok {
        state.fail(problems_text(&report));
    }
    let output_dir = live.output_dir.clone().unwrap_or_else(|| root.join("public"));
    let watcher =
        SiteWatcher::start(root, &output_dir).map_err(|e| stopped(format!("cannot watch {}: {e}", root.display())))?;
    live.make_images_in_background(watcher.sender());
    live.index_in_background(watcher.sender());
    let app = router(Arc::clone(&state));
    runtime.spawn(async move {
        let why = match crate::serve::server::serve(listener, app).await {
            Ok(()) => "the server stopped".to_string(),
            Err(e) => format!("the server stopped: {e}"),
        };
        let _ = stop.send(Stop::Failed(why));
    });
    let desk_url = format!("{url}{}", crate::desk::DESK_PATH.trim_start_matches('/'));
    match &exposed {
        None => {
            let shown = shown_root(root);
            let _ = writeln!(io.out, "Serving {shown} at {url} (Ctrl-C to stop); translation desk at {desk_url}");
        }
        Some(addresses) => print_exposed(root, interface, addr.port(), addresses, &desk_url, io),
    }
    let _ = io.out.flush();
    if open && let Err(e) = ::open::that(&url) {
        let _ = writeln!(io.err, "warning: cannot open a browser: {e}");
    }
    serve_rebuilds(watcher, live, (&state, &desk), &stop_reason, io)
}

/// Rebuilds after every change and publishes the result to the server and its desk, until
/// told to stop.
fn serve_rebuilds(
    mut watcher: SiteWatcher,
    mut live: LiveSite,
    (state, desk): (&ServerState, &Arc<DeskService>),
    stop: &Receiver<Stop>,
    io: &mut Streams,
) -> CommandResult {
    loop {
        let changes = match next_changes(&watcher, stop) {
            Ok(changes) => changes,
            Err(why) => return ended(why, io),
        };
        watcher.refresh();
        let report = live.rebuild(&changes);
        // Served first, then said: a line read as "rebuilt" never names files still on their way.
        if report.ok {
            state.publish(Arc::clone(&live.files), only_css(&changes));
        } else {
            state.fail(problems_text(&report));
        }
        print_diagnostics(&report.diagnostics, io.err);
        let _ = writeln!(io.out, "{}", rebuild_line(&changes, &report, None));
        let _ = io.out.flush();
        desk.update(live.desk_input(&report.diagnostics));
    }
}

/// Builds into the output folder, then keeps it up to date until interrupted (SIGINT or
/// SIGTERM, which let the rebuild at hand finish writing).
pub(crate) fn watch(root: &Path, options: &BuildOptions, io: &mut Streams) -> CommandResult {
    let (stop, stop_reason) = std::sync::mpsc::channel();
    stop_on_signals(stop)?;
    // The same refusals as `build`, before anything is built.
    let config = crate::pipeline::load_config(root, options)?;
    crate::commands::check_output(&config)?;
    let (mut live, report) = LiveSite::new(root, options.clone());
    let output_dir = live.output_dir.clone().unwrap_or(config.output_dir);
    let shown_dir = output_dir.strip_prefix(root).unwrap_or(&output_dir).to_path_buf();
    print_diagnostics(&report.diagnostics, io.err);
    let _ = writeln!(io.out, "{}", rebuild_line(&[], &report, Some(&shown_dir)));
    let mut written = std::collections::HashMap::new();
    if report.ok {
        let tree = live.files.to_map().into_iter().map(|(k, v)| (k, crate::render::Content::Bytes(v))).collect();
        write_site(&output_dir, &tree).map_err(|e| stopped(format!("{e:#}")))?;
        written = live.files.to_map();
    }
    let mut watcher =
        SiteWatcher::start(root, &output_dir).map_err(|e| stopped(format!("cannot watch {}: {e}", root.display())))?;
    let _ = writeln!(io.out, "Watching {} for changes (Ctrl-C to stop)", shown_root(root));
    let _ = io.out.flush();
    loop {
        let changes = match next_changes(&watcher, &stop_reason) {
            Ok(changes) => changes,
            Err(why) => return ended(why, io),
        };
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
        let _ = writeln!(io.out, "{}", rebuild_line(&changes, &report, Some(&shown_dir)));
        let _ = io.out.flush();
    }
}
