//! Expands shortcodes before Markdown: each call is checked against its
//! template's `usage` line, rendered with `templates/shortcodes/{name}.html`
//! (the site's, else the theme's) and left in the body as a marker that the
//! Markdown stage swaps for the HTML. Every problem keeps its place in the file.

use std::collections::BTreeMap;

use tera::Context;

use crate::diagnostic::did_you_mean;
use crate::plan::links::{LinkTarget, is_file_link};
use crate::read::settings::RawHtml;
use crate::read::shortcodes::{self, ArgValue, Call};
use crate::read::splice;
use crate::read::urls::{script_problem, url_problem};
use crate::render::markdown::{self, BodyProblem, ResolvedLink};
use crate::render::pictures::picture_html;
use crate::render::theme::{Theme, Usage};

/// Marks where a rendered call goes; the Markdown stage replaces it with the call's HTML.
/// Private-use characters do not occur in prose, and the digits say which call it is.
pub(crate) fn marker(n: usize) -> String {
    format!("\u{E002}{n}\u{E003}")
}

/// A body with its shortcodes rendered, ready for Markdown.
pub(crate) struct ExpandedBody {
    pub text: String,
    /// The HTML of call `n`, for `marker(n)`.
    pub inserts: Vec<String>,
    /// Offsets into the original body of every problem found.
    pub problems: Vec<BodyProblem>,
    pub links: Vec<ResolvedLink>,
    /// Maps offsets of `text` back to the body.
    map: Option<splice::Expanded>,
}

impl ExpandedBody {
    /// A body left as written (no theme to render shortcodes with).
    pub(crate) fn unexpanded(body: &str) -> ExpandedBody {
        ExpandedBody { text: body.to_string(), inserts: Vec::new(), problems: Vec::new(), links: Vec::new(), map: None }
    }

    /// The body offset of an offset in the expanded text.
    pub(crate) fn original_offset(&self, offset: usize) -> usize {
        self.map.as_ref().map_or(offset, |m| m.original_offset(offset))
    }
}

/// What expanding needs from the page: its language, its links, the theme.
pub(crate) struct Expander<'a> {
    pub theme: &'a Theme,
    pub usages: &'a BTreeMap<String, Option<Usage>>,
    pub lang: &'a str,
    pub resolve: &'a dyn Fn(&str) -> LinkTarget,
    pub raw_html: RawHtml,
}

impl Expander<'_> {
    /// Finds, checks and renders every call of `body`.
    pub(crate) fn expand(&self, body: &str) -> ExpandedBody {
        let (calls, found) = shortcodes::find(body);
        let mut out = ExpandedBody {
            text: String::new(),
            inserts: Vec::new(),
            problems: found.into_iter().map(|p| BodyProblem::error(p.offset, p.message)).collect(),
            links: Vec::new(),
            map: None,
        };
        if calls.is_empty() {
            out.text = body.to_string();
            return out;
        }
        let mut markers = Vec::with_capacity(calls.len());
        for call in &calls {
            let html = self.render_call(body, call, &mut out);
            markers.push(marker(out.inserts.len()));
            out.inserts.push(html);
        }
        let map = splice::expand(body, &calls, &markers);
        out.text = map.text.clone();
        out.map = Some(map);
        out
    }

    /// Checks a call against its usage and renders it; a problem leaves an empty string.
    fn render_call(&self, body: &str, call: &Call, out: &mut ExpandedBody) -> String {
        let problems_before = out.problems.len();
        self.check(call, &mut out.problems);
        check_values(call, &mut out.problems);
        if out.problems.len() > problems_before {
            return String::new();
        }
        let mut context = Context::new();
        context.insert("lang", self.lang);
        for arg in &call.args {
            match &arg.value {
                ArgValue::Str(s) => context.insert(arg.name.clone(), s),
                ArgValue::Int(n) => context.insert(arg.name.clone(), n),
                ArgValue::Float(f) => context.insert(arg.name.clone(), f),
                ArgValue::Bool(b) => context.insert(arg.name.clone(), b),
            }
        }
        self.resolve_src(call, &mut context, out);
        if out.problems.len() > problems_before {
            return String::new();
        }
        if let Some(url) = call.text("url") {
            context.insert("provider", provider_of(url));
        }
        if let Some(range) = &call.body {
            let inner = self.render_inner(body, call, range.clone(), out);
            context.insert("body", &inner);
        }
        let template = format!("shortcodes/{}.html", call.name);
        match self.theme.tera.render(&template, &context) {
            Ok(html) => html.trim().to_string(),
            Err(e) => {
                let message = render_message(&e);
                out.problems.push(BodyProblem::error(
                    call.range.start,
                    format!("shortcode `{}` failed to render: {message}", call.name),
                ));
                String::new()
            }
        }
    }

    /// Unknown names, unknown or missing arguments, and the wrong form are errors at their place.
    fn check(&self, call: &Call, problems: &mut Vec<BodyProblem>) {
        let at = BodyProblem::error;
        let Some(usage) = self.usages.get(&call.name) else {
            let hint = did_you_mean(&call.name, self.usages.keys().map(String::as_str))
                .map_or_else(|| format!(" (shortcodes: {})", self.known()), |k| format!(" (did you mean `{k}`?)"));
            let what = if shortcodes::is_name(&call.name) {
                format!("unknown shortcode `{}`", call.name)
            } else {
                format!(
                    "`{}` is not a shortcode: names are ASCII letters, digits, `_` and `-`, starting with a letter",
                    call.name
                )
            };
            problems.push(at(call.name_offset, format!("{what}{hint}")));
            return;
        };
        let Some(usage) = usage else { return };
        let name = &call.name;
        match (usage.block, call.body.is_some()) {
            (true, false) => problems.push(at(
                call.range.start,
                format!("`{name}` is a block shortcode: write `{{% {name}(…) %}}` … `{{% end %}}`"),
            )),
            (false, true) => problems.push(at(
                call.range.start,
                format!("`{name}` is an inline shortcode: write `{{{{ {name}(…) }}}}`, with no `{{% end %}}`"),
            )),
            _ => {}
        }
        let known: Vec<&str> = usage.args.iter().map(|(a, _)| a.as_str()).collect();
        for arg in &call.args {
            if !known.contains(&arg.name.as_str()) {
                let hint = did_you_mean(&arg.name, known.iter().copied()).map_or_else(
                    || format!(" (it takes: {})", known.join(", ")),
                    |k| format!(" (did you mean `{k}`?)"),
                );
                problems.push(at(arg.offset, format!("`{name}` has no argument `{}`{hint}", arg.name)));
            }
        }
        for (wanted, _) in usage.args.iter().filter(|(_, required)| *required) {
            if !call.args.iter().any(|a| &a.name == wanted) {
                problems.push(at(call.name_offset, format!("`{name}` needs the argument `{wanted}`")));
            }
        }
    }

    fn known(&self) -> String {
        self.usages.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
    }

    /// An argument `src` is a file of the bundle, found like a Markdown image; the `src` of a
    /// picture shortcode (`figure`, `image`, `embed`) must be a picture of the bundle.
    fn resolve_src(&self, call: &Call, context: &mut Context, out: &mut ExpandedBody) {
        let Some(arg) = call.args.iter().find(|a| a.name == "src") else { return };
        let Some(src) = call.text("src") else { return };
        let target = (self.resolve)(src);
        out.links.push(ResolvedLink { dest: src.to_string(), target: target.clone() });
        let alt = call.text("alt").unwrap_or("");
        let picture = PICTURE_SHORTCODES.contains(&call.name.as_str());
        let not_a_picture = |why: String| {
            let name = &call.name;
            BodyProblem::error(
                arg.offset,
                format!(
                    "the `src` of `{name}` must be a picture in this briefing's folder (a JPEG, PNG, WebP, GIF \
                     or SVG file beside its index.md): {why}"
                ),
            )
        };
        match target {
            LinkTarget::Image { webp, fallback } => {
                context.insert("image", &picture_html(&webp, &fallback, alt, ""));
                context.insert("src_url", &fallback.path);
            }
            LinkTarget::File { url } if picture && !is_copied_picture(src) => {
                out.problems.push(not_a_picture(format!("`{src}` is not a picture")));
                context.insert("src_url", &url);
            }
            LinkTarget::Page { .. } if picture => out.problems.push(not_a_picture(format!("`{src}` is a page"))),
            // A file of the bundle that resolves to nothing was refused: its own error says why.
            LinkTarget::External if picture && is_file_link(src) => {}
            LinkTarget::External if picture => {
                out.problems.push(not_a_picture(format!(
                    "`{src}` is not a file there; save the picture in the folder and give its name"
                )));
            }
            LinkTarget::File { url } | LinkTarget::Page { url, .. } => context.insert("src_url", &url),
            LinkTarget::External => context.insert("src_url", src),
            LinkTarget::Broken(message) => out.problems.push(BodyProblem::error(arg.offset, message)),
        }
    }

    /// Renders a block's Markdown body (with its inline calls) to HTML.
    fn render_inner(&self, body: &str, call: &Call, range: std::ops::Range<usize>, out: &mut ExpandedBody) -> String {
        let inner_calls: Vec<Call> = call.calls_in_body.iter().map(|c| shift(c, range.start)).collect();
        let mut markers = Vec::new();
        let mut inserts = Vec::new();
        for c in &call.calls_in_body {
            let html = self.render_call(body, c, out);
            markers.push(marker(inserts.len()));
            inserts.push(html);
        }
        let inner = &body[range.clone()];
        let map = splice::expand(inner, &inner_calls, &markers);
        let rendered = markdown::render_with(&map.text, self.resolve, &inserts, self.raw_html);
        for p in rendered.problems {
            out.problems.push(BodyProblem { offset: range.start + map.original_offset(p.offset), ..p });
        }
        out.links.extend(rendered.links);
        rendered.body.html
    }
}

/// A call with offsets made relative to a block body that starts at `start`.
fn shift(call: &Call, start: usize) -> Call {
    Call { range: call.range.start - start..call.range.end - start, ..call.clone() }
}

/// Shortcodes whose `src` is the picture they show (an embed card's is its preview).
const PICTURE_SHORTCODES: &[&str] = &["figure", "image", "embed"];

/// Whether a bundle file published as it is is a picture a browser shows (not re-encoded).
fn is_copied_picture(src: &str) -> bool {
    let path = src.split(['#', '?']).next().unwrap_or(src);
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    matches!(extension.as_str(), "svg" | "gif")
}

/// Whether an argument names a link (`url`, `href`, `src`, `link`, `…_url`): its value must be a
/// URL Patrika publishes. Other text only may not run script, as a theme might still link it.
fn is_link_argument(name: &str) -> bool {
    matches!(name, "url" | "href" | "src" | "link") || name.ends_with("_url") || name.ends_with("_href")
}

/// Checks every argument's value as a link could be used: see [`is_link_argument`].
fn check_values(call: &Call, problems: &mut Vec<BodyProblem>) {
    let picture = PICTURE_SHORTCODES.contains(&call.name.as_str());
    for arg in &call.args {
        let (name, shortcode) = (&arg.name, &call.name);
        let link = is_link_argument(name);
        let message = match &arg.value {
            ArgValue::Str(text) => {
                let problem = if link { url_problem(text) } else { script_problem(text) };
                problem.map(|p| format!("`{name}` of `{shortcode}`: {p}"))
            }
            _ if !link => None,
            _ if name == "src" && picture => {
                Some("`src` must be a string, the name of a picture in this briefing's folder".to_string())
            }
            _ if name == "src" => {
                Some("`src` must be a string, the name of a file in this briefing's folder".to_string())
            }
            _ => Some(format!("`{name}` must be a string: a URL in quotes")),
        };
        problems.extend(message.map(|m| BodyProblem::error(arg.offset, m)));
    }
}

/// The video or post service a URL belongs to, for the embed card; empty for others.
pub(crate) fn provider_of(url: &str) -> &'static str {
    let Ok(parsed) = url::Url::parse(url.trim()) else { return "" };
    if !matches!(parsed.scheme(), "http" | "https") {
        return "";
    }
    let host = parsed.host_str().unwrap_or("");
    let host = host.strip_prefix("www.").or_else(|| host.strip_prefix("m.")).unwrap_or(host);
    match host {
        "youtube.com" | "youtu.be" | "youtube-nocookie.com" => "YouTube",
        "vimeo.com" | "player.vimeo.com" => "Vimeo",
        "x.com" | "twitter.com" => "X",
        _ => "",
    }
}

fn render_message(e: &tera::Error) -> String {
    match e.kind() {
        tera::ErrorKind::RenderingError(report) | tera::ErrorKind::SyntaxError(report) => report.message().to_string(),
        other => other.to_string().lines().next().unwrap_or_default().to_string(),
    }
}
