//! The live-reload client: its script, and how `serve` puts it into a page, in its
//! reloading form on the site's pages and in its quiet form on the desk's.

/// The live-reload client, served at `/__patrika/live.js`.
pub(crate) const LIVE_JS: &str = include_str!("live.js");

/// The live-reload tag for a page of `build`: the client compares it with the build the
/// server names when it (re)connects, so a page kept in the back-forward cache or in a
/// hidden tab while a rebuild happened reloads when the reader comes back to it.
pub(crate) fn live_tag(build: &str) -> String {
    format!("<script src=\"/__patrika/live.js\" data-build=\"{build}\" defer></script>")
}

/// The live-reload client as the translation desk's pages load it: quiet, it never reloads
/// or covers the page, and tells the desk's own script of each rebuild instead (a page
/// with unsaved text decides for itself).
pub(crate) const QUIET_LIVE_TAG: &str = "<script src=\"/__patrika/live.js\" data-quiet defer></script>";

/// A site page of `build` with the reloading client.
pub(crate) fn with_live_reload(bytes: &[u8], build: &str) -> Vec<u8> {
    with_live_client(bytes, &live_tag(build))
}

/// `html` with the live-reload client's `tag` just before the end of its body.
pub(crate) fn with_live_client(bytes: &[u8], tag: &str) -> Vec<u8> {
    let html = String::from_utf8_lossy(bytes);
    match html.rfind("</body>") {
        Some(i) => format!("{}{tag}\n{}", &html[..i], &html[i..]).into_bytes(),
        None => format!("{html}{tag}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_reload_goes_before_the_end_of_body() {
        let out = String::from_utf8(with_live_reload(b"<html><body><p>x</p></body></html>", "b.1")).unwrap();
        assert!(out.ends_with(&format!("{}\n</body></html>", live_tag("b.1"))), "{out}");
        assert!(out.contains("data-build=\"b.1\""), "{out}");
    }
}
