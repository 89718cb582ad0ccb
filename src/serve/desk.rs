//! The desk's routes in `serve` (README, "The translation desk"): its pages, its script,
//! the built-in fonts, and its JSON API. The API answers only requests from this machine
//! (loopback) that carry `X-Patrika-Desk: 1` (which no other site's page can send without
//! the server agreeing, and it never does) and, when they say where they come from
//! (`Origin`), come from the desk itself; like every request, they must name this server
//! as their `Host`. Bodies are at most [`BODY_LIMIT`] bytes.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::desk::edit::Edits;
use crate::desk::overview::ListQuery;
use crate::desk::pages::SCRIPT_PATH;
use crate::desk::service::{ApiError, DeskService};
use crate::desk::{DESK_JS, DESK_PATH, FONT_PATH, builtin_font};
use crate::serve::client::{QUIET_LIVE_TAG, with_live_client};

/// The largest request body the API reads: a file several times larger than any briefing,
/// with room for the JSON around it.
pub(crate) const BODY_LIMIT: usize = 8 * 1024 * 1024;

/// Sets shown on one page of the desk's list.
const PER_PAGE: usize = 50;

/// The desk's routes, answering from `desk` (none: the server has no desk).
pub(crate) fn routes<S: Clone + Send + Sync + 'static>(desk: Option<Arc<DeskService>>) -> Router<S> {
    let api = Router::new()
        .route("/sets", get(sets))
        .route("/file", get(file).put(save))
        .route("/check", post(check))
        .route("/compose", post(compose))
        .route("/translate", post(translate))
        .route("/done", post(done))
        .route("/suggest", post(suggest))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such API request".into()) })
        .layer(axum::middleware::from_fn(guard));
    Router::new()
        .route(DESK_PATH, get(list))
        .route(&format!("{DESK_PATH}edit"), get(edit))
        .route(SCRIPT_PATH, get(script))
        .route(&format!("{FONT_PATH}{{file}}"), get(font))
        .nest(&format!("{DESK_PATH}api"), api)
        .with_state(desk)
}

/// Lets through only API requests from loopback, with the desk's header, from the desk's origin.
async fn guard(request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    if !peer.is_some_and(|p| p.ip().to_canonical().is_loopback()) {
        return error(StatusCode::FORBIDDEN, "the desk's API answers only requests from this machine".into());
    }
    if request.headers().get("x-patrika-desk").map(HeaderValue::as_bytes) != Some(b"1") {
        return error(StatusCode::FORBIDDEN, "the desk's API needs the header `X-Patrika-Desk: 1`".into());
    }
    let headers = request.headers();
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own = headers.get(header::HOST).map(|h| format!("http://{}", String::from_utf8_lossy(h.as_bytes())));
        if own.as_deref().map(str::as_bytes) != Some(origin.as_bytes()) {
            return error(StatusCode::FORBIDDEN, "the desk's API answers only the desk's own pages".into());
        }
    }
    next.run(request).await
}

/// What the handlers share: the server's desk, if it has one.
type Desk = State<Option<Arc<DeskService>>>;

fn no_desk() -> Response {
    error(StatusCode::NOT_FOUND, "this server has no desk".into())
}

/// The query's pairs.
fn query_pairs(request: &Request) -> Vec<(String, String)> {
    let query = request.uri().query().unwrap_or("");
    url::form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

fn query_value(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// The interface language asked for: `?ui=`, else the one the desk's cookie remembers.
fn ui_of(pairs: &[(String, String)], headers: &HeaderMap) -> Option<String> {
    query_value(pairs, "ui").or_else(|| {
        let cookies =
            headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(";");
        cookies.split(';').find_map(|c| c.trim().strip_prefix("patrika_desk_ui=").map(str::to_string))
    })
}

/// Runs desk work off the async threads (it reads files, runs QA, takes locks); `None`
/// if it stopped before it answered.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(work).await.ok()
}

fn stopped() -> Response {
    error(StatusCode::INTERNAL_SERVER_ERROR, "the desk stopped while answering".into())
}

async fn list(State(state): Desk, request: Request) -> Response {
    let Some(desk) = state.clone() else { return no_desk() };
    let pairs = query_pairs(&request);
    let ui = ui_of(&pairs, request.headers());
    let query = ListQuery {
        needs_work: query_value(&pairs, "show").as_deref() != Some("all"),
        find: query_value(&pairs, "q").unwrap_or_default(),
        page: query_value(&pairs, "page").and_then(|p| p.parse().ok()).unwrap_or(1),
        per_page: Some(PER_PAGE),
    };
    match blocking(move || desk.list_page(query, ui.as_deref())).await {
        Some(page) => html(StatusCode::OK, page),
        None => stopped(),
    }
}

async fn edit(State(state): Desk, request: Request) -> Response {
    let Some(desk) = state.clone() else { return no_desk() };
    let pairs = query_pairs(&request);
    let ui = ui_of(&pairs, request.headers());
    let path = query_value(&pairs, "path").unwrap_or_default();
    match blocking(move || desk.editor_page(&path, ui.as_deref())).await {
        Some(Ok(page)) => html(StatusCode::OK, page),
        Some(Err(problem)) => {
            let (status, message) = match problem {
                ApiError::NotFound(m) => (StatusCode::NOT_FOUND, m),
                other => (StatusCode::BAD_REQUEST, api_message(&other)),
            };
            let page = format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Translation desk</title></head>\
                 <body><main><h1>Translation desk</h1><p>{}</p><p><a href=\"./\">All briefings</a></p></main></body></html>",
                crate::render::markdown::escape(&message)
            );
            html(status, page)
        }
        None => stopped(),
    }
}

async fn script() -> Response {
    let mut response = ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], DESK_JS).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn font(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    match builtin_font(&file) {
        Some(bytes) => ([(header::CONTENT_TYPE, "font/woff2")], bytes).into_response(),
        None => error(StatusCode::NOT_FOUND, "no such font".into()),
    }
}

/// A page of the desk, with the live-reload client in its quiet form: the desk's own
/// script decides what a rebuild does to a page (never a reload over unsaved text).
fn html(status: StatusCode, page: String) -> Response {
    let page = with_live_client(page.as_bytes(), QUIET_LIVE_TAG);
    let mut response = (status, page).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn json(status: StatusCode, value: &serde_json::Value) -> Response {
    let mut response = (status, value.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn error(status: StatusCode, message: String) -> Response {
    json(status, &serde_json::json!({ "error": message }))
}

fn api_message(problem: &ApiError) -> String {
    match problem {
        ApiError::BadRequest(m) | ApiError::NotFound(m) | ApiError::Exists(m) | ApiError::Failed(m) => m.clone(),
        ApiError::Conflict { .. } => "the file changed on disk since it was opened".into(),
        ApiError::Unavailable(problems) => {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            format!("the site cannot be read: {}", lines.join("; "))
        }
    }
}

/// The answer to a request the desk could not do.
fn refusal(problem: ApiError) -> Response {
    match problem {
        ApiError::Conflict { hash, text } => json(
            StatusCode::CONFLICT,
            &serde_json::json!({ "error": "the file changed on disk since it was opened", "hash": hash, "text": text }),
        ),
        ApiError::Unavailable(_) => error(StatusCode::SERVICE_UNAVAILABLE, api_message(&problem)),
        ApiError::BadRequest(m) => error(StatusCode::BAD_REQUEST, m),
        ApiError::NotFound(m) => error(StatusCode::NOT_FOUND, m),
        ApiError::Exists(m) => error(StatusCode::CONFLICT, m),
        ApiError::Failed(m) => error(StatusCode::INTERNAL_SERVER_ERROR, m),
    }
}

/// Reads a JSON body of at most [`BODY_LIMIT`] bytes; the error is the answer's status and words.
async fn body<T: DeserializeOwned>(request: Request) -> Result<T, (StatusCode, String)> {
    let too_large = || (StatusCode::PAYLOAD_TOO_LARGE, format!("the request is larger than {BODY_LIMIT} bytes"));
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(request.into_body(), BODY_LIMIT).await.map_err(|_| too_large())?;
    serde_json::from_slice(&bytes)
        .map_err(|e| (StatusCode::BAD_REQUEST, format!("the request is not the JSON expected: {e}")))
}

/// Answers with `work`'s value as JSON (`status` on success), or its refusal.
async fn answer<T: serde::Serialize + Send + 'static>(
    state: &Option<Arc<DeskService>>,
    status: StatusCode,
    work: impl FnOnce(&DeskService) -> Result<T, ApiError> + Send + 'static,
) -> Response {
    let Some(desk) = state.clone() else { return no_desk() };
    match blocking(move || work(&desk)).await {
        Some(Ok(value)) => json(status, &serde_json::to_value(value).unwrap_or_default()),
        Some(Err(problem)) => refusal(problem),
        None => stopped(),
    }
}

async fn sets(State(state): Desk) -> Response {
    answer(&state, StatusCode::OK, |desk| {
        let site = desk.site().map_err(ApiError::Unavailable)?;
        let mut sets = crate::desk::sets::statuses(&site.site);
        sets.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(sets)
    })
    .await
}

async fn file(State(state): Desk, request: Request) -> Response {
    let path = query_value(&query_pairs(&request), "path").unwrap_or_default();
    answer(&state, StatusCode::OK, move |desk| desk.file(&path)).await
}

#[derive(Deserialize)]
struct SaveRequest {
    path: String,
    text: String,
    base_hash: String,
}

async fn save(State(state): Desk, request: Request) -> Response {
    let asked: SaveRequest = match body(request).await {
        Ok(asked) => asked,
        Err((status, message)) => return error(status, message),
    };
    answer(&state, StatusCode::OK, move |desk| {
        let (hash, findings) = desk.save(&asked.path, &asked.text, &asked.base_hash)?;
        Ok(serde_json::json!({ "hash": hash, "findings": findings }))
    })
    .await
}

#[derive(Deserialize)]
struct TextRequest {
    path: String,
    text: String,
}

async fn check(State(state): Desk, request: Request) -> Response {
    let asked: TextRequest = match body(request).await {
        Ok(asked) => asked,
        Err((status, message)) => return error(status, message),
    };
    answer(&state, StatusCode::OK, move |desk| {
        Ok(serde_json::json!({ "findings": desk.check(&asked.path, &asked.text)? }))
    })
    .await
}

#[derive(Deserialize)]
struct ComposeRequest {
    text: String,
    edits: Edits,
}

async fn compose(State(state): Desk, request: Request) -> Response {
    let asked: ComposeRequest = match body(request).await {
        Ok(asked) => asked,
        Err((status, message)) => return error(status, message),
    };
    answer(&state, StatusCode::OK, move |_| {
        let text = crate::desk::edit::apply(&asked.text, &asked.edits).map_err(ApiError::BadRequest)?;
        Ok(serde_json::json!({ "text": text }))
    })
    .await
}

#[derive(Deserialize)]
struct TranslateRequest {
    path: String,
    to: String,
}

async fn translate(State(state): Desk, request: Request) -> Response {
    let asked: TranslateRequest = match body(request).await {
        Ok(asked) => asked,
        Err((status, message)) => return error(status, message),
    };
    answer(&state, StatusCode::CREATED, move |desk| desk.translate(&asked.path, &asked.to)).await
}

#[derive(Deserialize)]
struct PathRequest {
    path: String,
}

async fn done(State(state): Desk, request: Request) -> Response {
    let asked: PathRequest = match body(request).await {
        Ok(asked) => asked,
        Err((status, message)) => return error(status, message),
    };
    answer(&state, StatusCode::OK, move |desk| {
        let (hash, source_hash) = desk.done(&asked.path)?;
        Ok(serde_json::json!({ "hash": hash, "source_hash": source_hash }))
    })
    .await
}

async fn suggest(State(state): Desk, request: Request) -> Response {
    let asked: TextRequest = match body(request).await {
        Ok(asked) => asked,
        Err((status, message)) => return error(status, message),
    };
    answer(&state, StatusCode::OK, move |desk| {
        Ok(serde_json::json!({ "suggestions": desk.suggest(&asked.path, &asked.text)? }))
    })
    .await
}
