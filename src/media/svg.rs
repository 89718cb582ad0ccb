//! Checks an SVG drawing before it is published as it is: nothing in it may run
//! (scripts, event attributes, HTML, `foreignObject`) or load anything from
//! elsewhere (a reference other than `#fragment`, `url(…)` of another file, a
//! style sheet). Parsed with a real XML parser, entities expanded as a browser
//! would, so nothing hides behind the syntax. Pure.

use roxmltree::{Document, Node, NodeType, ParsingOptions};

use crate::media::problem::Problem;

/// SVGs larger than this are refused rather than parsed (a drawing, not a data dump).
pub(crate) const MAX_SVG_BYTES: u64 = 16 << 20;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Every reason the drawing may not be published; empty when it may.
pub(crate) fn check_svg(bytes: &[u8]) -> Vec<Problem> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        let message = "is not UTF-8 text, so it cannot be checked; save it as UTF-8".to_string();
        return vec![Problem { line: 1, col: 1, message }];
    };
    let options = ParsingOptions { allow_dtd: true, nodes_limit: 2_000_000, ..ParsingOptions::default() };
    let doc = match Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(e) => {
            let pos = e.pos();
            let message = format!("is not well-formed XML, so it cannot be checked: {e}");
            return vec![Problem { line: pos.row as usize, col: pos.col as usize, message }];
        }
    };
    let mut problems = Vec::new();
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        let message = format!("is not an SVG drawing: its root element is <{}>", root.tag_name().name());
        problems.push(at(text, root.range().start, message));
    }
    for node in doc.descendants() {
        match node.node_type() {
            NodeType::Element => check_element(text, node, &mut problems),
            NodeType::PI => {
                if node.pi().is_some_and(|pi| pi.target.eq_ignore_ascii_case("xml-stylesheet")) {
                    let message = "<?xml-stylesheet?> loads a style sheet from elsewhere: remove it".to_string();
                    problems.push(at(text, node.range().start, message));
                }
            }
            NodeType::Root | NodeType::Comment | NodeType::Text => {}
        }
    }
    problems
}

fn at(text: &str, offset: usize, message: String) -> Problem {
    let (line, col) = crate::diagnostic::line_col(text, offset.min(text.len()));
    Problem { line, col, message }
}

/// What an element is called in messages: `<script>`, `<html:iframe>`.
fn shown(node: Node) -> String {
    let name = node.tag_name();
    match name.namespace() {
        Some(XHTML_NS) => format!("<html:{}>", name.name()),
        _ => format!("<{}>", name.name()),
    }
}

fn check_element(text: &str, node: Node, problems: &mut Vec<Problem>) {
    let name = node.tag_name();
    let local = name.name();
    let start = node.range().start;
    let refused = if local.eq_ignore_ascii_case("script") {
        Some("runs script on every page that shows the drawing")
    } else if local == "foreignObject" {
        Some("can hold HTML, and with it script")
    } else if name.namespace() == Some(XHTML_NS) {
        Some("is HTML inside the drawing, which can run script")
    } else if matches!(local, "handler" | "listener") {
        Some("runs script when an event happens")
    } else {
        None
    };
    if let Some(why) = refused {
        problems.push(at(text, start, format!("{} {why}: remove it", shown(node))));
    }
    if matches!(local, "set" | "animate" | "animateTransform" | "animateMotion" | "animateColor")
        && let Some(target) = node.attribute("attributeName")
        && (is_link_attribute(target) || target.to_ascii_lowercase().starts_with("on"))
    {
        let message =
            format!("{} changes `{target}` as it plays, which could make a link run script: remove it", shown(node));
        problems.push(at(text, start, message));
    }
    if local == "style" && name.namespace() == Some(SVG_NS) {
        let css: String = node.children().filter_map(|c| c.text()).collect();
        for why in css_problems(&css) {
            problems.push(at(text, start, format!("<style> {why}")));
        }
    }
    for attr in node.attributes() {
        let attr_name = attr.name();
        let offset = attr.range().start;
        let element = shown(node);
        if attr_name.to_ascii_lowercase().starts_with("on") {
            let message = format!("{element} has the event attribute `{attr_name}`, which runs script: remove it");
            problems.push(at(text, offset, message));
        } else if attr_name == "href" && matches!(attr.namespace(), None | Some(XLINK_NS)) {
            let target = attr.value().trim();
            if !target.starts_with('#') {
                let message = format!(
                    "{element} refers to `{}` outside the drawing; an SVG may only refer to its own parts (`#id`)",
                    clipped(target)
                );
                problems.push(at(text, offset, message));
            }
        } else if attr.namespace() == Some(XML_NS) && attr_name == "base" {
            let message = format!("{element} sets `xml:base`, which sends its references elsewhere: remove it");
            problems.push(at(text, offset, message));
        } else {
            for why in css_problems(attr.value()) {
                problems.push(at(text, offset, format!("{element} `{attr_name}` {why}")));
            }
        }
    }
}

fn is_link_attribute(name: &str) -> bool {
    name == "href" || name.ends_with(":href")
}

/// What in a style (an attribute value or a `<style>` element) loads a file from elsewhere.
fn css_problems(css: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        found.push("imports a style sheet with `@import`: remove it".to_string());
    }
    if css.contains('\\') {
        // An escape can spell `url(` so that no check sees it.
        found.push("uses a CSS escape (`\\`), which could hide a reference: write the characters themselves".into());
    }
    for (at, _) in lower.match_indices("url(").chain(lower.match_indices("image-set(")) {
        let inside = &css[at..];
        let argument = inside[inside.find('(').map_or(0, |i| i + 1)..].split(')').next().unwrap_or_default();
        let target = argument.trim().trim_matches(['"', '\'']).trim();
        if !target.starts_with('#') {
            found.push(format!(
                "loads `{}` from outside the drawing; an SVG may only refer to its own parts (`url(#id)`)",
                clipped(target)
            ));
        }
    }
    found
}

/// A reference as messages quote it: at most 60 characters.
fn clipped(target: &str) -> String {
    if target.chars().count() <= 60 { target.to_string() } else { target.chars().take(57).collect::<String>() + "…" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(svg: &str) -> Vec<String> {
        check_svg(svg.as_bytes()).into_iter().map(|p| format!("{}:{}: {}", p.line, p.col, p.message)).collect()
    }

    #[test]
    fn a_plain_drawing_passes() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \
                   \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n\
                   <svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\
                   <defs><linearGradient id=\"g\"/></defs><style>.a { fill: url(#g) }</style>\
                   <rect fill=\"url('#g')\" style=\"stroke: red\"/><use xlink:href=\"#g\"/>\
                   <a href=\"#top\"><text>भारत</text></a></svg>";
        assert_eq!(messages(svg), Vec::<String>::new());
    }

    #[test]
    fn script_events_html_and_outside_references_are_refused_at_their_place() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n\
                   <script>alert(1)</script>\n\
                   <rect onclick=\"alert(1)\"/>\n\
                   <foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>\n\
                   <a xlink:href=\"javascript:alert(1)\"><text>x</text></a>\n\
                   <image href=\"https://tracker.example/p.png\"/>\n\
                   <rect style=\"fill: url(https://x.example/a.svg#g)\"/>\n\
                   <style>@import 'https://x.example/a.css';</style>\n\
                   <set attributeName=\"href\" to=\"javascript:alert(1)\"/>\n\
                   </svg>";
        let found = messages(svg);
        let expect = [
            "2:1: <script> runs script",
            "3:7: <rect> has the event attribute `onclick`",
            "4:1: <foreignObject> can hold HTML",
            "4:16: <html:div> is HTML inside the drawing",
            "5:4: <a> refers to `javascript:alert(1)` outside the drawing",
            "6:8: <image> refers to `https://tracker.example/p.png`",
            "7:7: <rect> `style` loads `https://x.example/a.svg#g`",
            "8:1: <style> imports a style sheet",
            "9:1: <set> changes `href` as it plays",
        ];
        assert_eq!(found.len(), expect.len(), "{found:#?}");
        for (got, want) in found.iter().zip(expect) {
            assert!(got.starts_with(want), "{got} does not start with {want}");
        }
    }

    #[test]
    fn entities_cannot_hide_a_script_nor_blow_up() {
        let hidden = "<!DOCTYPE svg [<!ENTITY s \"<script>alert(1)</script>\">]>\
                      <svg xmlns=\"http://www.w3.org/2000/svg\">&s;</svg>";
        assert!(messages(hidden).iter().any(|m| m.contains("<script> runs script")), "{:?}", messages(hidden));
        let laughs = "<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\
                      <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\
                      <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\
                      <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>\
                      <svg xmlns=\"http://www.w3.org/2000/svg\"><text>&h;</text></svg>";
        assert!(messages(laughs)[0].contains("is not well-formed XML"), "{:?}", messages(laughs));
        let xsl = "<?xml-stylesheet href=\"x.xsl\" type=\"text/xsl\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        assert!(messages(xsl)[0].starts_with("1:1: <?xml-stylesheet?>"), "{:?}", messages(xsl));
    }
}
