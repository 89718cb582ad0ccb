//! Decides whether a URL an author wrote may be published: the one rule for Markdown
//! links and images, `[[sources]]`, shortcode arguments, `[extra]` values and the links
//! of raw HTML. Reads the URL as a browser would (WHATWG), so no spelling of a scheme
//! slips past it. Pure.

use std::path::Path;
use std::sync::LazyLock;

use crate::diagnostic::Diagnostic;
use crate::read::tomlread::Table;

/// The schemes a published link may use; relative links and `@/…` need none.
pub(crate) const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Where relative URLs are resolved to see whether they parse; never published.
static BASE: LazyLock<url::Url> =
    LazyLock::new(|| url::Url::parse("https://site.invalid/section/page/").expect("a valid base URL"));

/// What a browser reads of a URL before its scheme: leading and trailing C0 controls
/// and spaces gone, and tabs and newlines gone from anywhere (`java\tscript:` is `javascript:`).
fn as_browsers_read(url: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    if trimmed.contains(['\t', '\n', '\r']) { trimmed.replace(['\t', '\n', '\r'], "").into() } else { trimmed.into() }
}

/// The scheme of a URL as a browser reads it, lowercased; `None` for a relative URL.
pub(crate) fn scheme_of(url: &str) -> Option<String> {
    let url = as_browsers_read(url);
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_is_scheme = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && rest_is_scheme).then(|| scheme.to_ascii_lowercase())
}

/// Why a URL may not be published as a link or a picture's source; `None` when it may:
/// `http`, `https`, `mailto`, `tel`, relative URLs and `@/…` content links.
pub(crate) fn url_problem(url: &str) -> Option<String> {
    if let Some(problem) = runs_script(url) {
        return Some(problem);
    }
    let read = as_browsers_read(url);
    if read.starts_with("@/") {
        return None;
    }
    let parsed = match scheme_of(url) {
        Some(scheme) if !SCHEMES.contains(&scheme.as_str()) => {
            return Some(format!(
                "`{}` uses `{scheme}:`, which is not published: a link may be http, https, mailto, tel, \
                 relative or `@/…`",
                shown(url)
            ));
        }
        Some(_) => url::Url::parse(&read),
        None => url::Url::options().base_url(Some(&BASE)).parse(&read),
    };
    parsed.err().map(|e| format!("`{}` is not a URL a browser can follow ({e})", shown(url)))
}

/// Why a text that a theme may use as a link may not be published; `None` when it may.
/// Only the schemes that run script or carry a document count: any other text is fine
/// (`[extra]` values and shortcode arguments are mostly not links at all). A credit line
/// such as `Data: RBI` is prose, not a document: a `data:` text counts when it reads as a
/// URL (nothing between the colon and the media type) or names a type that can run script.
pub(crate) fn script_problem(text: &str) -> Option<String> {
    if scheme_of(text).as_deref() == Some("data") {
        let read = as_browsers_read(text);
        let after = &read["data:".len()..];
        let media_type = after.split([',', ';']).next().unwrap_or("").to_ascii_lowercase();
        let prose = after.starts_with(' ') && !["html", "xml", "svg", "script"].iter().any(|t| media_type.contains(t));
        if prose {
            return None;
        }
    }
    runs_script(text)
}

/// Why a URL runs script or carries a document, whatever it is used for.
fn runs_script(url: &str) -> Option<String> {
    let scheme = scheme_of(url)?;
    let message = match scheme.as_str() {
        "javascript" | "vbscript" => "runs script in the reader's browser",
        "data" => "carries a document of its own that can run script",
        _ => return None,
    };
    Some(format!("`{}` {message} (a `{scheme}:` URL is never published)", shown(url)))
}

/// Errors for `[extra]` values (front matter) that run script: a theme may link any of them.
pub(crate) fn extra_problems(front: &Table, path: &Path, file_text: &str) -> Vec<Diagnostic> {
    let strings = front.strings_within("extra");
    let problems = strings.into_iter().filter_map(|(text, at)| Some((script_problem(&text)?, at)));
    problems
        .map(|(problem, at)| Diagnostic::error_at(path, file_text, at, format!("`extra` value {problem}")))
        .collect()
}

/// A URL as quoted in a message: controls shown as `\u{…}`, at most 60 characters.
fn shown(url: &str) -> String {
    let mut out: String = url.chars().take(60).flat_map(char::escape_debug).collect();
    if url.chars().count() > 60 {
        out.push('…');
    }
    out.replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_that_may_be_published() {
        for url in [
            "https://example.org/a?b=c#d",
            "HTTP://EXAMPLE.ORG",
            "mailto:desk@example.org",
            "tel:+91-11-2301-2345",
            "../b/communique.pdf",
            "qingdao-hall.jpg",
            "/hi/about/",
            "#section",
            "?page=2",
            "",
            "@/briefings/x.md#part",
            "//example.org/protocol-relative",
            // Not schemes at all, so a browser reads them as relative paths.
            "java script:alert(1)",
            "%6Aavascript:alert(1)",
            "\u{200b}javascript:alert(1)",
            "1javascript:alert(1)",
        ] {
            assert_eq!(url_problem(url), None, "{url:?}");
        }
    }

    #[test]
    fn links_that_run_script_or_do_not_parse() {
        for (url, wanted) in [
            ("javascript:alert(1)", "`javascript:`"),
            ("JaVaScRiPt:alert(1)", "`javascript:`"),
            ("  javascript:alert(1)", "`javascript:`"),
            ("\u{0}\u{1}\u{1f} javascript:alert(1)", "`javascript:`"),
            ("javascript:alert(1)\u{7}", "`javascript:`"),
            ("java\tscript:alert(1)", "`javascript:`"),
            ("java\nscript:alert(1)", "`javascript:`"),
            ("j\ra\tv\na\tscript:alert(1)", "`javascript:`"),
            ("javascript\t:alert(1)", "`javascript:`"),
            ("javascript://www.youtube.com/%0aalert(1)", "`javascript:`"),
            ("vbscript:msgbox(1)", "`vbscript:`"),
            ("VBScript:msgbox(1)", "`vbscript:`"),
            ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "`data:`"),
            ("DATA:image/svg+xml,<svg onload=alert(1)>", "`data:`"),
            ("livescript:alert(1)", "uses `livescript:`, which is not published"),
            ("file:///etc/passwd", "uses `file:`"),
            ("blob:https://example.org/x", "uses `blob:`"),
            ("https://", "is not a URL a browser can follow"),
            ("https://exa mple.org/", "is not a URL a browser can follow"),
            ("http://[::1/", "is not a URL a browser can follow"),
        ] {
            let problem = url_problem(url).unwrap_or_else(|| panic!("{url:?} passed"));
            assert!(problem.contains(wanted), "{url:?}: {problem}");
        }
    }

    #[test]
    fn text_that_is_not_a_link_passes_unless_it_runs_script() {
        assert_eq!(script_problem("Note: see the annex"), None);
        assert_eq!(script_problem("ftp://example.org/x"), None);
        assert_eq!(script_problem("राकेश: नोट"), None);
        assert!(script_problem(" Java\tScript:alert(1)").unwrap().contains("runs script"));
        assert!(script_problem("data:text/html,x").unwrap().contains("`data:`"));
        assert!(script_problem("data:image/png;base64,iVBORw0KGgo=").is_some());
        assert!(script_problem("DATA: text/html,<script>alert(1)</script>").is_some());
        assert!(script_problem("data: image/svg+xml,<svg onload=alert(1)>").is_some());
        // Credit lines are prose; as a link, the same text is still refused.
        assert_eq!(script_problem("Data: RBI, NSO"), None);
        assert_eq!(script_problem("Data: Ministry of Finance"), None);
        assert!(url_problem("Data: RBI, NSO").is_some());
    }

    #[test]
    fn messages_show_controls_and_stay_short() {
        let problem = url_problem(&format!("java\tscript:{}", "x".repeat(100))).unwrap();
        assert!(problem.contains("java\\tscript:"), "{problem}");
        assert!(problem.contains('…'), "{problem}");
    }
}
