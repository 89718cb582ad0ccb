//! What an author's text may make a page do: every URL an author writes is checked as a
//! browser reads it, raw HTML is cleaned by an allow-list with a warning per removal,
//! script data is escaped, shortcodes say what their arguments must be, and feeds and
//! search show people and text as they are written.

use std::time::Duration;

use patrika::media::testing::noise_photo_jpeg;
use serde_json::Value;

use crate::support::{TestSite, fixture, fragment, run};

/// Where `needle` first occurs in `text`, as `line:col` (columns in characters).
fn place(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle:?} in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{line}:{col}")
}

/// The basic fixture with one more Hindi briefing, `content/briefings/x.hi.md`.
fn site_with(front: &str, body: &str) -> (TestSite, String) {
    let site = fixture("basic");
    let text = format!("+++\ntitle = \"जाँच\"\ndate = 2025-05-01\n{front}+++\n\n{body}");
    site.write("content/briefings/x.hi.md", &text);
    (site, text)
}

/// `check` and `build` both report `wanted` (each `line:col: severity: message start`) for x.hi.md.
fn both_report(site: &TestSite, wanted: &[String], code: u8) {
    for command in ["check", "build"] {
        let r = site.run(command, &[]);
        let shown = if command == "check" { &r.out } else { &r.err };
        assert_eq!(r.code, code, "{command}:\n{shown}");
        for w in wanted {
            let line = format!("content/briefings/x.hi.md:{w}");
            assert!(shown.lines().any(|l| l.starts_with(&line)), "{command}: no `{line}` in:\n{shown}");
        }
    }
}

#[test]
fn markdown_links_and_images_that_run_script_are_errors_at_their_place() {
    let body = "[एक](javascript:alert(1)) [दो](JaVaScRiPt:alert(1)) [तीन](java&#9;script:alert(1))\n\n\
                [चार](  vbscript:msgbox(1)) ![पाँच](data:image/svg+xml,x) <javascript:alert(2)>\n\n\
                [छह][ref] [ठीक](https://example.org/) [मेल](mailto:desk@example.org) [फ़ोन](tel:+911123012345)\n\n\
                [परिचय](@/about.md) [ऊपर](#top) [स्थिर](/hi/)\n\n[ref]: java&#9;script:alert(3)\n";
    let (site, text) = site_with("", body);
    let wanted: Vec<String> = [
        ("[एक]", "link `javascript:alert(1)` runs script"),
        ("[दो]", "link `JaVaScRiPt:alert(1)` runs script"),
        ("[तीन]", "link `java\\tscript:alert(1)` runs script"),
        ("[चार]", "link `vbscript:msgbox(1)` runs script"),
        ("![पाँच]", "image `data:image/svg+xml,x` carries a document"),
        ("<javascript:", "link `javascript:alert(2)` runs script"),
        ("[छह]", "link `java\\tscript:alert(3)` runs script"),
    ]
    .iter()
    .map(|(needle, message)| format!("{}: error: {message}", place(&text, needle)))
    .collect();
    both_report(&site, &wanted, 1);
    let r = site.run("check", &[]);
    let errors = r.out.lines().filter(|l| l.contains("briefings/x.hi.md") && l.contains("error")).count();
    assert_eq!(errors, wanted.len(), "the safe links pass:\n{}", r.out);
    assert!(!site.root.join("public").exists(), "nothing is published");
}

#[test]
fn sources_and_extra_values_that_run_script_are_errors_at_their_value() {
    let front = "[[sources]]\ntitle = \"मंत्रालय\"\nurl = \"javascript:alert(document.cookie)\"\n\n\
                 [[sources]]\ntitle = \"ठीक\"\nurl = \"https://example.gov.in/\"\n\n\
                 [extra]\nbanner = \"https://example.org/b.png\"\nnote = \"Note: fine\"\ncredit = \"Data: RBI\"\n\
                 more_info = \" JavaScript:alert(1)\"\nlinks = [\"ok\", \"data:text/html,<script>alert(1)</script>\"]\n";
    let (site, text) = site_with(front, "पाठ।\n");
    let wanted = vec![
        format!("{}: error: source url `javascript:alert(document.cookie)` runs script", place(&text, "\"javascript:")),
        format!("{}: error: `extra` value ` JavaScript:alert(1)` runs script", place(&text, "\" JavaScript")),
        format!("{}: error: `extra` value `data:text/html,", place(&text, "\"data:")),
    ];
    both_report(&site, &wanted, 1);
    let r = site.run("check", &[]);
    assert_eq!(r.out.lines().filter(|l| l.contains("briefings/x.hi.md")).count(), 3, "{}", r.out);
}

#[test]
fn an_embed_of_a_javascript_url_is_an_error_not_a_youtube_card() {
    let body = "{{ embed(url=\"javascript://www.youtube.com/%0aalert(1)\", title=\"वीडियो\") }}\n\n\
                {{ embed(url=\"https://www.youtube.com/watch?v=abc\", title=\"असली\") }}\n\n\
                {{ pullquote(by=\"javascript:alert(1)\") }}\n";
    let (site, text) = site_with("", body);
    let wanted = vec![
        format!(
            "{}: error: `url` of `embed`: `javascript://www.youtube.com/%0aalert(1)` runs script",
            place(&text, "url=\"javascript")
        ),
        format!("{}: error: `by` of `pullquote`: `javascript:alert(1)` runs script", place(&text, "by=")),
    ];
    both_report(&site, &wanted, 1);
    // The real video is still a card with its provider.
    site.write("content/briefings/x.hi.md", &text.replace(&body[..body.find("\n\n").unwrap() + 2], ""));
    let site_text = site.read("content/briefings/x.hi.md");
    site.write("content/briefings/x.hi.md", &site_text.replace("{{ pullquote(by=\"javascript:alert(1)\") }}\n", ""));
    site.build();
    let page = site.output("hi/briefings/x/index.html");
    assert!(page.contains("<p class=\"embed-provider\">YouTube</p>"), "{page}");
    assert!(!page.contains("javascript:"));
}

#[test]
fn raw_html_is_cleaned_with_a_warning_at_each_removal() {
    let body = "पहला <b onclick=\"alert(1)\">मोटा</b> और <sup>2</sup> <a href=\"jav&#x09;ascript:alert(1)\">कड़ी</a>।\n\n\
                <div class=\"note\">\n<img src=\"x.png\" alt=\"\" onerror=\"alert(1)\">\n<script>alert(1)</script>\n</div>\n\n\
                <svg><script>alert(1)</script></svg>\n\n\
                > उद्धरण <iframe src=\"https://evil.example/\"></iframe>\n\n\
                - सूची <form action=\"javascript:alert(1)\">भेजें</form>\n\n\
                <meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">\n<base href=\"https://evil.example/\">\n\n\
                <table><tr><td style=\"text-align:center\">कोष्ठ</td></tr></table>\n\n<!-- more -->\n\nअंत।\n";
    let (site, text) = site_with("", body);
    let wanted: Vec<String> = [
        ("onclick", "`onclick` removed from `<b>`: event attributes run script"),
        ("href=\"jav", "`href` removed from `<a>`: `jav\\tascript:alert(1)` runs script"),
        ("onerror", "`onerror` removed from `<img>`"),
        ("<script>alert(1)</script>\n</div>", "`<script>` removed with its content"),
        ("<svg>", "`<svg>` removed with its content"),
        ("<iframe", "`<iframe>` removed with its content"),
        ("<form", "`<form>` removed"),
        ("<meta", "`<meta>` removed"),
        ("<base", "`<base>` removed"),
    ]
    .iter()
    .map(|(needle, message)| format!("{}: warning: raw HTML: {message}", place(&text, needle)))
    .collect();
    both_report(&site, &wanted, 0);
    let page = site.output("hi/briefings/x/index.html");
    // The body, up to the theme's share links (whose own small script is not the author's).
    let content = fragment(&page, "<div class=\"content\"", "<section class=\"share\"").to_lowercase();
    for gone in ["onclick", "onerror", "javascript", "<script", "<svg", "<iframe", "<form", "<meta", "<base", "evil"] {
        assert!(!content.contains(gone), "{gone} in:\n{content}");
    }
    for kept in ["<b>मोटा</b>", "<sup>2</sup>", "<a>कड़ी</a>", "<div class=\"note\">", "<img src=\"x.png\" alt=\"\">"]
    {
        assert!(content.contains(kept), "{kept} missing from:\n{content}");
    }
    assert!(content.contains("<td style=\"text-align:center\">कोष्ठ</td>"), "{content}");
    assert!(content.contains("भेजें"), "the text of a removed element stays");
    // The summary in lists is cleaned the same way.
    let list = site.output("hi/briefings/index.html");
    assert!(!list.contains("onclick") && list.contains("<b>मोटा</b>"), "{list}");
}

#[test]
fn raw_html_marked_trusted_is_kept_as_written_and_the_setting_is_checked() {
    let body = "<div onclick=\"go()\"><script>window.x = 1;</script>पाठ</div>\n";
    let (site, _) = site_with("", body);
    let config = site.read("config.toml");
    site.write("config.toml", &format!("{config}\n[markdown]\nraw_html = \"trusted\"\n"));
    let r = site.build();
    assert!(!r.err.contains("raw HTML"), "{}", r.err);
    let page = site.output("hi/briefings/x/index.html");
    assert!(page.contains("<div onclick=\"go()\"><script>window.x = 1;</script>पाठ</div>"), "{page}");
    // The default, and a value that is neither, each said at its place.
    site.write("config.toml", &format!("{config}\n[markdown]\nraw_html = \"yes\"\nraw-html = 1\n"));
    let written = site.read("config.toml");
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    let value = format!("config.toml:{}: error: `markdown.raw_html` must be \"clean\"", place(&written, "\"yes\""));
    assert!(r.out.contains(&value), "{}", r.out);
    let key = format!(
        "config.toml:{}: error: unknown key `raw-html` in [markdown] (did you mean `raw_html`?)",
        place(&written, "raw-html")
    );
    assert!(r.out.contains(&key), "{}", r.out);
}

/// A bundle with a photo, a PDF and an SVG, and a Hindi page with `body`.
fn bundle_with(body: &str) -> (TestSite, String) {
    let site = fixture("basic");
    let text = format!("+++\ntitle = \"तस्वीर\"\ndate = 2025-05-02\n+++\n\n{body}");
    site.write("content/briefings/photo/index.hi.md", &text);
    std::fs::write(site.root.join("content/briefings/photo/map.jpg"), noise_photo_jpeg(800, 500, 3)).unwrap();
    site.write("content/briefings/photo/doc.pdf", "%PDF-1.4 not really");
    site.write("content/briefings/photo/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    (site, text)
}

#[test]
fn patrikas_own_html_next_to_raw_html_is_kept() {
    let body = "<span class=\"lead\">शुरू</span> [अंग्रेज़ी](@/analysis/deep.md) {{ embed(url=\"https://vimeo.com/1\") }} \
                ![नक्शा](map.jpg) फ़ुटनोट[^1]\n\n\
                - <mark>सूची</mark> {{ figure(src=\"map.jpg\", alt=\"नक्शा\", caption=\"कैप्शन\") }}\n\n\
                {% factbox(title=\"तथ्य\") %}\n<u onmouseover=\"x()\">भीतर</u>\n{% end %}\n\n[^1]: टिप्पणी <i>यहाँ</i>।\n";
    let (site, text) = bundle_with(body);
    let r = site.build();
    let onmouseover = format!(
        "content/briefings/photo/index.hi.md:{}: warning: raw HTML: `onmouseover`",
        place(&text, "onmouseover")
    );
    assert!(r.err.contains(&onmouseover), "{}", r.err);
    let page = site.output("hi/briefings/photo/index.html");
    let content = fragment(&page, "<div class=\"content\"", "</article>");
    for kept in [
        "<span class=\"lead\">शुरू</span>",
        "hreflang=\"en\"",
        "<p class=\"embed-provider\">Vimeo</p>",
        "<picture><source type=\"image/webp\"",
        "<figure class=\"figure\">",
        "<mark>सूची</mark>",
        "<u>भीतर</u>",
        "<aside",
        "class=\"footnote-reference\"",
        "<i>यहाँ</i>",
    ] {
        assert!(content.contains(kept), "{kept} missing from:\n{content}");
    }
    assert!(!content.contains('\u{E004}') && !content.contains("onmouseover"), "{content}");
}

#[test]
fn figure_src_must_be_a_picture_of_the_bundle() {
    let body = "{{ figure(src=\"https://example.org/a.jpg\", alt=\"x\") }}\n\n{{ figure(src=\"doc.pdf\", alt=\"x\") }}\n\n\
                {{ figure(src=\"javascript:alert(1)\", alt=\"x\") }}\n\n{{ figure(src=3, alt=\"x\") }}\n\n\
                {{ figure(src=\"map.jpg\", alt=\"ठीक\", credit=\"Data: RBI, NSO\") }} {{ figure(src=\"chart.svg\", alt=\"चार्ट\") }}\n";
    let (site, text) = bundle_with(body);
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.out.lines().filter(|l| l.contains("photo/index.hi.md")).collect();
    let at = |needle: &str| format!("content/briefings/photo/index.hi.md:{}: error: ", place(&text, needle));
    let wanted = [
        format!("{}the `src` of `figure` must be a picture in this briefing's folder", at("src=\"https")),
        format!("{}the `src` of `figure` must be a picture in this briefing's folder", at("src=\"doc")),
        format!("{}`src` of `figure`: `javascript:alert(1)` runs script", at("src=\"javascript")),
        format!("{}`src` must be a string, the name of a picture in this briefing's folder", at("src=3")),
    ];
    assert_eq!(lines.len(), wanted.len(), "{}", r.out);
    for (line, wanted) in lines.iter().zip(&wanted) {
        assert!(line.starts_with(wanted.as_str()), "{line}\nwanted: {wanted}");
    }
    assert!(lines[1].contains("`doc.pdf` is not a picture"), "{}", lines[1]);
    assert!(!r.out.contains("template"), "no template-engine message: {}", r.out);
}

#[test]
fn calls_with_a_name_no_shortcode_has_are_errors_but_prose_and_code_are_not() {
    let body = "{{ चित्र(src=\"map.jpg\", alt=\"x\") }}\n\n{{ 123(n=1) }}\n\n{{ 1figure(src=\"map.jpg\", alt=\"x\") }}\n\n\
                {% तथ्य() %}\nपाठ\n{% end %}\n\n\
                गद्य में {{ कुछ }} और {{ और }} और {{ 5 }} रहते हैं, `{{ चित्र(src=\"a\") }}` भी।\n\n\
                ```\n{{ चित्र(src=\"a\") }}\n```\n";
    let (site, text) = bundle_with(body);
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.out.lines().filter(|l| l.contains("photo/index.hi.md")).collect();
    let at = |needle: &str| format!("content/briefings/photo/index.hi.md:{}: error: ", place(&text, needle));
    let wanted = [
        format!("{}`चित्र` is not a shortcode: names are ASCII letters", at("चित्र")),
        format!("{}`123` is not a shortcode", at("123")),
        format!("{}`1figure` is not a shortcode", at("1figure")),
        format!("{}`तथ्य` is not a shortcode", at("तथ्य")),
    ];
    assert_eq!(lines.len(), wanted.len(), "{}", r.out);
    for (line, wanted) in lines.iter().zip(&wanted) {
        assert!(line.starts_with(wanted.as_str()), "{line}\nwanted: {wanted}");
    }
    assert!(lines[2].ends_with("(did you mean `figure`?)"), "{}", lines[2]);
    assert!(lines[0].contains("(shortcodes: embed, factbox, figure, pullquote)"), "{}", lines[0]);
}

#[test]
fn json_ld_escapes_markup_in_a_headline() {
    let (site, _) = site_with("", "पाठ।\n");
    let title = "<!--<script> </script><script>alert(1)</script> & \u{2028}";
    let text =
        site.read("content/briefings/x.hi.md").replace("title = \"जाँच\"", &format!("title = {}", Value::from(title)));
    site.write("content/briefings/x.hi.md", &text);
    site.build();
    let page = site.output("hi/briefings/x/index.html");
    let script = fragment(&page, "<script type=\"application/ld+json\">", "</script>");
    let json = &script["<script type=\"application/ld+json\">".len()..script.len() - "</script>".len()];
    for bad in ['<', '>', '&', '\u{2028}'] {
        assert!(!json.contains(bad), "{bad:?} in {json}");
    }
    assert!(json.contains(r#""headline":"\u003c!--\u003cscript\u003e \u003c/script\u003e"#), "{json}");
    let data: Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["headline"], title);
}

#[test]
#[ignore = "needs Chromium"]
fn chromium_shows_the_body_of_a_page_whose_headline_holds_a_comment_and_a_script() {
    let (site, _) = site_with("", "यह अनुच्छेद दिखना चाहिए।\n");
    let text = site.read("content/briefings/x.hi.md").replace("title = \"जाँच\"", "title = \"<!--<script> शीर्षक\"");
    site.write("content/briefings/x.hi.md", &text);
    site.build();
    let page = site.root.join("public/hi/briefings/x/index.html");
    let profile = tempfile::tempdir().unwrap();
    let (_browser, devtools) = crate::browser::launch(&format!("file://{}", page.display()), profile.path());
    let mut tab = crate::browser::Page::connect(devtools);
    // The tab opens on about:blank, which is complete at once: wait for the page itself.
    tab.wait_until("location.protocol === 'file:' && document.readyState === 'complete'", Duration::from_secs(15));
    let shown = tab.eval("document.body.innerText");
    let shown = shown.as_str().unwrap_or_default();
    assert!(shown.contains("यह अनुच्छेद दिखना चाहिए।"), "the body is shown: {shown:?}");
    assert!(shown.contains("<!--<script> शीर्षक"), "the headline is shown as text: {shown:?}");
    let data =
        tab.eval("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent).headline");
    assert_eq!(data, Value::from("<!--<script> शीर्षक"));
}

#[test]
fn atom_feeds_name_authors_in_the_feeds_language() {
    let (site, _) = site_with("authors = [\"rakesh-mishra\", \"सुधा वर्मा\"]\n", "पाठ।\n");
    site.write("authors.toml", "[rakesh-mishra]\nhi = \"राकेश मिश्र\"\nen = \"Rakesh Mishra\"\n");
    site.write(
        "content/briefings/x.en.md",
        "+++\ntitle = \"Check\"\ndate = 2025-05-01\nauthors = [\"rakesh-mishra\"]\n[translation]\nfrom = \"hi\"\n+++\n\nText.\n",
    );
    site.build();
    let hi = site.output("hi/atom.xml");
    let en = site.output("en/atom.xml");
    assert!(hi.contains("<author><name>राकेश मिश्र</name></author>"), "{hi}");
    assert!(hi.contains("<author><name>सुधा वर्मा</name></author>"), "a plain name stays: {hi}");
    assert!(en.contains("<author><name>Rakesh Mishra</name></author>"), "{en}");
    assert!(!hi.contains("rakesh-mishra</name>") && !en.contains("rakesh-mishra</name>"));
}

#[test]
fn the_bundled_sites_feeds_name_people_not_keys() {
    let (_dir, root) = crate::search::bundled_site();
    let r = run(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.err);
    let authors = std::fs::read_to_string(root.join("authors.toml")).unwrap();
    let keys: Vec<&str> =
        authors.lines().filter_map(|l| l.strip_prefix('[')?.strip_suffix(']')).filter(|k| !k.contains('.')).collect();
    assert!(!keys.is_empty());
    for lang in ["hi", "en"] {
        let feed = std::fs::read_to_string(root.join("public").join(lang).join("atom.xml")).unwrap();
        assert!(feed.contains("<author><name>"), "{feed}");
        for key in &keys {
            assert!(!feed.contains(&format!("<name>{key}</name>")), "{lang}: {key} shown by its key");
        }
    }
}

#[test]
fn an_author_key_close_to_a_known_one_is_a_warning_with_a_suggestion() {
    let front = "authors = [\"rakesh-mishr\", \"सुधा वर्मा\"]\ntranslators = [\"Rakesh-Mishra\"]\n";
    let (site, text) = site_with(front, "पाठ।\n");
    site.write("authors.toml", "[rakesh-mishra]\nhi = \"राकेश मिश्र\"\nen = \"Rakesh Mishra\"\n");
    let wanted = vec![
        format!(
            "{}: warning: `rakesh-mishr` is not a key of authors.toml, so it is shown as a plain name without a page \
             (did you mean `rakesh-mishra`?)",
            place(&text, "\"rakesh-mishr\"")
        ),
        format!("{}: warning: `Rakesh-Mishra` is not a key", place(&text, "\"Rakesh-Mishra\"")),
    ];
    both_report(&site, &wanted, 0);
    let r = site.run("check", &[]);
    assert!(!r.out.contains("सुधा वर्मा"), "a plain name far from every key is fine: {}", r.out);
}

#[test]
fn links_in_a_section_intro_are_checked_too() {
    let site = fixture("basic");
    let intro = site.read("content/briefings/_index.hi.md");
    let text = format!("{intro}\n[कड़ी](javascript:alert(1)) <img src=x onerror=alert(1)>\n");
    site.write("content/briefings/_index.hi.md", &text);
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    let link = format!("content/briefings/_index.hi.md:{}: error: link `javascript:alert(1)`", place(&text, "[कड़ी]"));
    let html = format!("content/briefings/_index.hi.md:{}: warning: raw HTML: `onerror`", place(&text, "onerror"));
    assert!(r.out.contains(&link) && r.out.contains(&html), "{}", r.out);
}

#[test]
fn heading_attributes_pass_the_raw_html_allow_list() {
    let body = "## शीर्षक {#x .c onmouseover=alert(1) lang=hi}\n\nपाठ।\n";
    let (site, text) = site_with("", body);
    let wanted = vec![format!(
        "{}: warning: raw HTML: `onmouseover` removed from `<h2>`: event attributes run script",
        place(&text, "## शीर्षक")
    )];
    both_report(&site, &wanted, 0);
    let page = site.output("hi/briefings/x/index.html");
    assert!(page.contains("<h2 id=\"x\" class=\"c\" lang=\"hi\">शीर्षक</h2>"), "{page}");
    assert!(!page.contains("onmouseover"));
}
