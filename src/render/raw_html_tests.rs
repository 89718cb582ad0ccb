use super::*;

fn removed(html: &str) -> Vec<String> {
    removals(html).into_iter().map(|r| r.message).collect()
}

#[test]
fn formatting_stays_as_written() {
    for html in [
        "<p>A <b>bold</b>, <i>italic</i>, <u>u</u>, <sup>2</sup> and <abbr title=\"x\">abbr</abbr>.</p>",
        "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td colspan=\"2\">b</td></tr></tbody></table>",
        "<a href=\"https://example.org/\">x</a><a href=\"../b/\">y</a><a href=\"mailto:a@b.org\">z</a>",
        "<img src=\"map.jpg\" alt=\"Map\" width=\"10\" height=\"5\">",
        "<details><summary>More</summary><p lang=\"hi\" dir=\"ltr\">और</p></details>",
    ] {
        assert_eq!(clean(html, &[]), html, "{html}");
        assert_eq!(removed(html), Vec::<String>::new(), "{html}");
    }
}

#[test]
fn what_runs_script_is_removed_and_said() {
    // Each case: the written HTML, what must not survive, and a word of the warning.
    for (html, gone, said) in [
        ("<script>alert(1)</script>ok", "alert", "`<script>` removed with its content"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "evil", "`<script>`"),
        ("<img src=x onerror=alert(1)>", "onerror", "`onerror` removed from `<img>`: event attributes"),
        ("<p ONCLICK='alert(1)'>x</p>", "alert", "`onclick` removed from `<p>`"),
        ("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "script", "`href` removed from `<a>`"),
        ("<a href=\"&#106;avascript:alert(1)\">x</a>", "alert", "`javascript:`"),
        ("<a href=\"javascript&colon;alert(1)\">x</a>", "alert", "`javascript:`"),
        ("<a href=\" &#14; javascript:alert(1)\">x</a>", "alert", "`javascript:`"),
        ("<a href=\"java&Tab;script:alert(1)\">x</a>", "alert", "`javascript:`"),
        ("<a href=\"vbscript:msgbox(1)\">x</a>", "msgbox", "`vbscript:`"),
        ("<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">", "data:", "`data:`"),
        ("<svg><script>alert(1)</script></svg>", "alert", "`<svg>` removed with its content"),
        ("<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>", "javascript", "`<svg>`"),
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror", "`<math>`"),
        ("<math href=\"javascript:alert(1)\">x</math>", "javascript", "`<math>`"),
        ("<iframe src=\"https://evil.example\"></iframe>", "iframe", "`<iframe>` removed"),
        ("<object data=\"x.swf\"></object><embed src=\"x.swf\">", "swf", "`<object>`"),
        ("<form action=\"javascript:alert(1)\"><button>Go</button></form>", "action", "`<form>` removed"),
        ("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "refresh", "`<meta>` removed"),
        ("<base href=\"https://evil.example/\">", "base", "`<base>` removed"),
        ("<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">", "stylesheet", "`<link>`"),
        ("<style>body{display:none}</style>", "display", "`<style>`"),
        ("<p style=\"background:url(javascript:alert(1))\">x</p>", "background", "`style` removed from `<p>`"),
        ("<td style=\"color:red;text-align:left\">x</td>", "red", "`color` removed from the `style` of `<td>`"),
        ("<div id=\"x\" name=\"y\" formaction=\"javascript:alert(1)\">x</div>", "formaction", "`name` removed"),
        ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "onerror", "`onerror` removed"),
        ("<svg><style><img src=x onerror=alert(1)></style></svg>", "onerror", "`onerror` removed from `<img>`"),
        ("<image src=x onerror=alert(1)>", "onerror", "`onerror` removed from `<img>`"),
        ("<template><img src=x onerror=alert(1)></template>", "onerror", "`<template>`"),
        ("<textarea><img src=x onerror=alert(1)></textarea>", "onerror", "`<textarea>`"),
        ("<a href=\"https://ok.example/\" target=\"_blank\">x</a>", "target", "`target` removed"),
    ] {
        let cleaned = clean(html, &[]);
        assert!(!cleaned.to_lowercase().contains(gone), "{html} → {cleaned}");
        let said_all = removed(html).join("\n");
        assert!(said_all.contains(said), "{html}: {said_all}");
    }
}

#[test]
fn removals_are_found_where_they_are_written() {
    let html = "<p>ok <img src=a.jpg alt=x>\n<img src=x onerror=alert(1)> <SCRIPT>x</SCRIPT></p>";
    let found = removals(html);
    let at: Vec<&str> = found.iter().map(|r| &html[r.offset..r.offset + 8]).collect();
    assert_eq!(at, ["onerror=", "<SCRIPT>"]);
    let html = "<a href=\"/a\">1</a> <a title=t href=\"javascript:x\">2</a>";
    let found = removals(html);
    assert_eq!(found.len(), 1);
    assert_eq!(&html[found[0].offset..found[0].offset + 5], "href=");
    assert!(found[0].offset > html.find("title").unwrap());
}

#[test]
fn removals_in_text_of_any_script_are_at_character_boundaries() {
    // The parser reads `<image>` as `<img>`; it is found as written.
    let html = "क्षेत्र <image src=x onerror=alert(1)>";
    let found = removals(html);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].offset, html.find("onerror").unwrap());
}

proptest::proptest! {
    #[test]
    fn removals_land_on_characters_whatever_the_html(
        html in "(<img|<image|<script>|</script>|<svg>|<td|<b>|</b>| onerror=x| href=\"java\tscript:x\"|क्ष|\u{200d}|>|\"|'|/|=| |<!--|-->|&#x09;|<math>){0,16}"
    ) {
        for removal in removals(&html) {
            proptest::prop_assert!(removal.offset <= html.len() && html.is_char_boundary(removal.offset), "{removal:?}");
        }
        // In the cleaned HTML every `<` opens a tag (text has `&lt;`): no tag may run script.
        let cleaned = clean(&html, &[]);
        for tag in cleaned.split('<').skip(1).map(|t| t.split('>').next().unwrap_or(t)) {
            proptest::prop_assert!(!tag.contains("onerror") && !tag.starts_with("script"), "{cleaned}");
            proptest::prop_assert!(!tag.contains("java"), "{cleaned}");
        }
    }
}

#[test]
fn patrikas_own_pieces_come_back_only_as_text() {
    let protected = vec!["<picture><img src=\"/a.webp\"></picture>".to_string(), "<a href=\"/x/\">".to_string()];
    let html = format!(
        "<p>{} and <b title=\"{}\">b</b> <script>{}</script></p>",
        protect_marker(0),
        protect_marker(1),
        protect_marker(1)
    );
    let cleaned = clean(&html, &protected);
    assert_eq!(cleaned, "<p><picture><img src=\"/a.webp\"></picture> and <b title=\"\">b</b> </p>");
    // A marker an author copies into the text brings each piece back at most once.
    let twice = format!("<p>{0}{0}</p>", protect_marker(0));
    assert_eq!(clean(&twice, &protected), "<p><picture><img src=\"/a.webp\"></picture></p>");
}

#[test]
fn only_a_lone_comment_is_inert() {
    assert!(is_inert_comment("<!-- more -->\n"));
    assert!(is_inert_comment("<!-- note: कुछ -->"));
    assert!(!is_inert_comment("<!-- x --><script>alert(1)</script>"));
    assert!(!is_inert_comment("<!-- x --!><script>alert(1)</script> -->"));
    assert!(!is_inert_comment("<!--><script>alert(1)</script>-->"));
    assert!(!is_inert_comment("<p>x</p>"));
}
