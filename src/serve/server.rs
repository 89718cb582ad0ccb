//! The development server: serves the in-memory site on loopback, injects the
//! live-reload client into HTML, and pushes reload or error events to browsers.
//! It never reads the file system: nothing outside the built site can be served.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use crate::desk::service::DeskService;
use crate::serve::client::{LIVE_JS, with_live_reload};
use crate::serve::host::Listening;
use crate::serve::live::SiteFiles;

/// What browsers are told after a rebuild, with the name of the build served from then on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notice {
    Reload(String),
    Css(String),
    Errors { problems: String, build: String },
}

impl Notice {
    /// The server-sent event: its name, its data, and the build as the event's id, which
    /// the client compares with the build of its page.
    fn event(&self) -> Event {
        let (name, data, build) = match self {
            Notice::Reload(build) => ("reload", "reload", build),
            Notice::Css(build) => ("css", "css", build),
            Notice::Errors { problems, build } => ("errors", problems.as_str(), build),
        };
        Event::default().event(name).data(data).id(build.as_str())
    }
}

/// What the server shares with the rebuild loop.
pub(crate) struct ServerState {
    /// The site served now, and the name of its build.
    site: RwLock<Published>,
    /// Builds published so far: with `started`, the name of the next build.
    builds: std::sync::atomic::AtomicU64,
    /// When this server started: build names never repeat across restarts.
    started: u128,
    /// The diagnostics of the current failed build, empty when the site is good.
    pub errors: RwLock<String>,
    pub notices: broadcast::Sender<Notice>,
    /// The translation desk, which the rebuild loop hands each build's reading of the site.
    pub desk: Option<Arc<DeskService>>,
    /// Where the server listens: the only hosts a request may name.
    pub listening: Listening,
    /// Live-reload streams that may be open at once: they never end, so without a cap of
    /// their own they could take every connection and leave none for pages.
    live_streams: Arc<tokio::sync::Semaphore>,
}

/// A good build as served: its files and its name, which every event and page carries.
#[derive(Clone, Default)]
struct Published {
    files: Arc<SiteFiles>,
    build: String,
}

/// Live-reload streams open at most (one per open tab); well below [`MAX_CONNECTIONS`].
const MAX_LIVE_STREAMS: usize = 64;

impl ServerState {
    /// Creates the state with a first build; `desk` serves the translation desk of that site.
    pub(crate) fn new(site: Arc<SiteFiles>, desk: Option<Arc<DeskService>>, listening: Listening) -> Arc<ServerState> {
        let (notices, _) = broadcast::channel(64);
        let errors = RwLock::new(String::new());
        let live_streams = Arc::new(tokio::sync::Semaphore::new(MAX_LIVE_STREAMS));
        let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let site = RwLock::new(Published { files: site, build: format!("{started:x}.0") });
        let builds = std::sync::atomic::AtomicU64::new(0);
        Arc::new(ServerState { site, builds, started, errors, notices, desk, listening, live_streams })
    }

    /// Publishes a good build and tells browsers to reload (or swap CSS).
    pub(crate) fn publish(&self, site: Arc<SiteFiles>, css_only: bool) {
        // Clear the errors before the new pages become visible, so that nobody sees the
        // new site together with the old problems.
        let had_errors =
            self.errors.write().map(|mut e| std::mem::take(&mut *e)).map(|e| !e.is_empty()).unwrap_or(false);
        let count = self.builds.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let build = format!("{:x}.{count}", self.started);
        if let Ok(mut s) = self.site.write() {
            *s = Published { files: site, build: build.clone() };
        }
        let notice = if css_only && !had_errors { Notice::Css(build) } else { Notice::Reload(build) };
        let _ = self.notices.send(notice);
    }

    /// The site served now.
    fn published(&self) -> Published {
        self.site.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Keeps the last good build and shows the problems in browsers.
    pub(crate) fn fail(&self, problems: String) {
        if let Ok(mut e) = self.errors.write() {
            e.clone_from(&problems);
        }
        let build = self.published().build;
        let _ = self.notices.send(Notice::Errors { problems, build });
    }
}

/// The router of the development server; every request, whatever its path, passes [`only_own_host`] first.
pub(crate) fn router(state: Arc<ServerState>) -> Router {
    Router::new()
        .route("/__patrika/events", get(events))
        .route("/__patrika/live.js", get(live_js))
        .merge(crate::serve::desk::routes(state.desk.clone()))
        .fallback(get(serve_path))
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&state), only_own_host))
        .with_state(state)
}

/// Answers 421 Misdirected Request when the request names a host other than this server
/// (see [`Listening::allows`]): a page elsewhere on the web cannot read the preview or the desk.
async fn only_own_host(
    State(state): State<Arc<ServerState>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let hosts: Vec<&[u8]> = request.headers().get_all(header::HOST).iter().map(HeaderValue::as_bytes).collect();
    let authority = request.uri().authority().map(|a| a.as_str());
    if state.listening.allows(&hosts, authority) {
        return next.run(request).await;
    }
    let body = format!(
        "This is Patrika's preview server. It answers only requests addressed to it \
         (http://localhost:{port}/ or an address it printed when it started), never to another host name.\n",
        port = state.listening.port()
    );
    let mut response = (StatusCode::MISDIRECTED_REQUEST, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn live_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], LIVE_JS).into_response()
}

// An event with empty data is never dispatched by browsers (HTML spec), so each carries its name.
async fn events(State(state): State<Arc<ServerState>>) -> Response {
    let Ok(slot) = Arc::clone(&state.live_streams).try_acquire_owned() else {
        let why = "too many live-reload streams are open; close some tabs of the preview";
        return (StatusCode::SERVICE_UNAVAILABLE, why).into_response();
    };
    // Subscribed before the state is read, so that no build falls between the two.
    let notices = BroadcastStream::new(state.notices.subscribe());
    let build = state.published().build;
    let problems = state.errors.read().map(|e| e.clone()).unwrap_or_default();
    let first = if problems.is_empty() {
        Event::default().event("ok").data("ok").id(build)
    } else {
        Notice::Errors { problems, build }.event()
    };
    let updates = notices.filter_map(|n| n.ok().map(|n| Ok::<Event, std::convert::Infallible>(n.event())));
    // The slot is the stream's: it is given back when the stream ends (its client went).
    let stream = tokio_stream::once(Ok(first)).chain(updates).map(move |event| {
        let _slot = &slot;
        event
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

/// Turns a request path into the key of a built file, or `None` for a path that
/// tries to leave the site (`..`, backslashes, NUL) or is not valid UTF-8.
pub(crate) fn site_key(raw_path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw_path).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn content_type(key: &str) -> HeaderValue {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let text = mime.type_() == "text"
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml" | "atom+xml" | "svg+xml");
    let value = if text { format!("{mime}; charset=utf-8") } else { mime.to_string() };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

fn file_response(status: StatusCode, key: &str, bytes: &[u8], build: &str) -> Response {
    let body = if key.ends_with(".html") { with_live_reload(bytes, build) } else { bytes.to_vec() };
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, content_type(key));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn serve_path(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let Published { files: site, build } = state.published();
    let Some(key) = site_key(uri.path()) else { return not_found(&site, "", &build) };
    if let Some(bytes) = site.get(&key) {
        return file_response(StatusCode::OK, &key, bytes, &build);
    }
    // `/hi/briefings` → `/hi/briefings/` when that folder has an index page.
    if !uri.path().ends_with('/') && site.contains(&format!("{key}/index.html")) {
        let mut location = format!("{}/", uri.path());
        if let Some(q) = uri.query() {
            location = format!("{location}?{q}");
        }
        if let Ok(value) = HeaderValue::from_str(&location) {
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, value)]).into_response();
        }
    }
    not_found(&site, &key, &build)
}

/// Answers a missing `key` as the hosting section of the README tells a host to: with the
/// 404 page of the language whose folder it is under, else with the site's own 404 page.
fn not_found(site: &SiteFiles, key: &str, build: &str) -> Response {
    let folder = key.split_once('/').map(|(first, _)| first);
    let language_page = folder.map(|first| format!("{first}/404.html"));
    let page = language_page.as_deref().into_iter().chain(["404.html"]).find_map(|k| site.get(k).map(|b| (k, b)));
    match page {
        Some((page_key, bytes)) => file_response(StatusCode::NOT_FOUND, page_key, bytes, build),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// How long a connection may take to send a request's headers, and how long it may
/// sit idle between requests. `PATRIKA_IDLE_TIMEOUT_MS` shortens it for tests.
fn idle_timeout() -> std::time::Duration {
    let ms = std::env::var("PATRIKA_IDLE_TIMEOUT_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    std::time::Duration::from_millis(ms)
}

/// Open connections at most; further clients wait in the listen queue until one closes.
const MAX_CONNECTIONS: usize = 512;

/// Serves `router` on `listener` until it fails: HTTP/1.1 with a header-read and idle
/// timeout and a cap on open connections, so idle or slow clients cannot pile up.
/// Live-reload streams stay open: the timeout covers waiting for a request, not a
/// response, and their keep-alive comments keep proxies from closing them.
pub(crate) async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(idle_timeout()).keep_alive(true);
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return Ok(());
        };
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // A client that vanished before being accepted, or too many open files: keep serving others.
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                continue;
            }
        };
        // The peer's address goes with every request: the desk's API answers only loopback.
        let inner = hyper_util::service::TowerToHyperService::new(router.clone());
        let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            hyper::service::Service::call(&inner, request)
        });
        let connection = http.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
}

/// Binds the listener to an address, or to `localhost` (the IPv4 loopback, else the
/// IPv6 one); a clear message when the port is taken.
pub async fn bind(interface: &str, port: u16) -> Result<tokio::net::TcpListener, String> {
    let candidates: Vec<IpAddr> = if interface.eq_ignore_ascii_case("localhost") {
        vec![Ipv4Addr::LOCALHOST.into(), Ipv6Addr::LOCALHOST.into()]
    } else {
        let literal = interface.strip_prefix('[').and_then(|i| i.strip_suffix(']')).unwrap_or(interface);
        let ip = literal
            .parse()
            .map_err(|_| format!("`{interface}` is not an IP address to listen on (nor `localhost`)"))?;
        vec![ip]
    };
    let mut last = String::new();
    for ip in candidates {
        let addr = SocketAddr::new(ip, port);
        match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                return Err(format!("port {port} on {interface} is already in use; pick another with --port"));
            }
            Err(e) => last = format!("cannot listen on {addr}: {e}"),
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_site_files() {
        assert_eq!(site_key("/").as_deref(), Some("index.html"));
        assert_eq!(site_key("/hi/").as_deref(), Some("hi/index.html"));
        assert_eq!(site_key("/theme/style.css").as_deref(), Some("theme/style.css"));
        assert_eq!(site_key("/hi/%E0%A4%95/").as_deref(), Some("hi/क/index.html"));
    }

    #[test]
    fn traversal_is_refused() {
        for path in ["/../etc/passwd", "/%2e%2e/config.toml", "/hi/..%2f..%2fconfig.toml", "/a%5c..%5cb", "/%00"] {
            assert_eq!(site_key(path), None, "{path}");
        }
    }
}
