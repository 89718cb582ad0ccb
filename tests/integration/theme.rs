//! The default theme as a reader meets it: every edition's 404, a switcher that always
//! leads somewhere, share links with the page's absolute URL, the `[site]` logo, menu
//! and favicons, author pages; and, in headless Chromium, a briefing that starts on a
//! phone's first screen and pages that never scroll sideways.

use std::time::Duration;

use serde_json::Value;

use crate::browser::{Page, launch};
use crate::serve::serve;
use crate::support::{TestSite, fragment, small_site};

const TRILINGUAL: &str = "base_url = \"https://example.org/\"\ndefault_language = \"hi\"\n\n\
    [languages.hi]\nname = \"हिन्दी\"\ntitle = \"समाचार\"\ndescription = \"परीक्षण\"\n\n\
    [languages.en]\nname = \"English\"\ntitle = \"News\"\ndescription = \"A test\"\n\n\
    [languages.ur]\nname = \"اردو\"\ntitle = \"خبریں\"\ndirection = \"rtl\"\n\n\
    [[site.menu]]\npage = \"about\"\n";

const HI_TEXT: &str = "चीन के चिंगदाओ में 25–26 जून 2025 को हुई शंघाई सहयोग संगठन की बैठक में भारत ने साझा बयान पर हस्ताक्षर करने से इनकार कर दिया। \
    वजह साफ़ थी: बयान में पहलगाम हमले का कोई ज़िक्र नहीं था।";
const EN_TEXT: &str = "At the Shanghai Cooperation Organisation meeting in Qingdao on 25–26 June 2025, India refused to sign \
    the joint statement. The reason was simple: it made no mention of the attack in Pahalgam.";
const UR_TEXT: &str = "چین کے شہر چنگ داؤ میں 25–26 جون 2025 کو شنگھائی تعاون تنظیم کے اجلاس میں بھارت نے مشترکہ بیان پر دستخط سے انکار کر دیا۔ \
    وجہ سیدھی تھی: بیان میں پہلگام حملے کا ذکر نہیں تھا۔";

fn briefing(title: &str, summary: &str, text: &str, from: Option<&str>) -> String {
    let translation = from.map(|l| format!("\n[translation]\nfrom = \"{l}\"\n")).unwrap_or_default();
    let sections = "\n\n## एक\n\nपाठ।\n\n## दो\n\nपाठ।\n\n## तीन\n\nपाठ।\n";
    format!(
        "+++\ntitle = \"{title}\"\ndate = 2025-06-27\nsummary = \"{summary}\"\ntopics = [\"defence\", \"sco\"]\n{translation}+++\n\n{text}{sections}"
    )
}

/// Three editions of one briefing with long headlines and standfirsts, a Hindi-only
/// briefing, and an About page in Hindi and English.
fn trilingual() -> TestSite {
    let site = small_site(&[
        (
            "content/briefings/sco.hi.md",
            &briefing(
                "पहलगाम हमले का ज़िक्र नहीं, भारत ने एससीओ के साझा बयान पर हस्ताक्षर से किया इनकार",
                "शंघाई सहयोग संगठन के रक्षा मंत्रियों के साझा बयान में पहलगाम आतंकी हमले का उल्लेख न होने पर भारत ने उस पर हस्ताक्षर करने से मना कर दिया।",
                HI_TEXT,
                None,
            ),
        ),
        (
            "content/briefings/sco.en.md",
            &briefing(
                "No mention of Pahalgam: India declines to sign the SCO joint statement on S-400 day",
                "India refused to sign the joint statement of the Shanghai Cooperation Organisation defence ministers because it made no mention of the Pahalgam attack.",
                EN_TEXT,
                Some("hi"),
            ),
        ),
        (
            "content/briefings/sco.ur.md",
            &briefing(
                "پہلگام کا ذکر نہیں: بھارت نے ایس سی او کے مشترکہ بیان پر دستخط سے انکار کیا",
                "بھارت نے شنگھائی تعاون تنظیم کے وزرائے دفاع کے مشترکہ بیان پر دستخط کرنے سے انکار کر دیا کیونکہ اس میں پہلگام حملے کا ذکر نہیں تھا۔",
                UR_TEXT,
                Some("hi"),
            ),
        ),
        ("content/briefings/only-hindi.hi.md", "+++\ntitle = \"केवल हिन्दी\"\ndate = 2025-06-20\n+++\n\nपाठ।\n"),
        ("content/about.hi.md", "+++\ntitle = \"हमारे बारे में\"\n+++\n\nपरिचय।\n"),
        ("content/about.en.md", "+++\ntitle = \"About us\"\n\n[translation]\nfrom = \"hi\"\n+++\n\nAbout.\n"),
    ]);
    site.write("config.toml", TRILINGUAL);
    site
}

/// The attribute value that `prefix` (ending in `="`) opens.
fn value_after<'a>(html: &'a str, prefix: &str) -> &'a str {
    let at = html.find(prefix).unwrap_or_else(|| panic!("no `{prefix}` in:\n{html}")) + prefix.len();
    html[at..].split('"').next().unwrap()
}

fn built() -> TestSite {
    let site = trilingual();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.err);
    site
}

#[test]
fn every_language_has_its_own_404_and_the_root_one_sends_readers_there() {
    let site = built();
    for (lang, title) in [("hi", "पृष्ठ नहीं मिला"), ("en", "Page not found"), ("ur", "صفحہ نہیں ملا")]
    {
        let page = site.output(&format!("{lang}/404.html"));
        assert!(page.contains(&format!("<html lang=\"{lang}\"")), "{lang}: {page}");
        assert!(page.contains(&format!("<h1>{title}</h1>")), "{lang}");
        assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"), "{lang}");
        assert!(page.contains(&format!("href=\"/{lang}/\"")), "{lang}: links its edition's front");
    }
    let root = site.output("404.html");
    assert!(root.contains("home + \"404.html\""), "the root 404 redirects by path: {root}");
    for lang in ["hi", "en", "ur"] {
        assert!(root.contains(&format!("<a href=\"/{lang}/\" hreflang=\"{lang}\"")), "lists {lang} without script");
    }
}

#[test]
fn the_switcher_always_links_every_edition_and_marks_missing_translations() {
    let site = built();
    let page = site.output("hi/briefings/only-hindi/index.html");
    let switcher = fragment(&page, "<nav class=\"lang-switcher\"", "</nav>");
    assert!(switcher.contains("href=\"/hi/briefings/only-hindi/\" hreflang=\"hi\""), "{switcher}");
    for lang in ["en", "ur"] {
        let link = format!("<a class=\"lang-unavailable\" href=\"/{lang}/\" hreflang=\"{lang}\"");
        assert!(switcher.contains(&link), "{lang} leads to its front: {switcher}");
    }
    assert!(switcher.contains("English में उपलब्ध नहीं"), "marked in the page's language: {switcher}");
    assert_eq!(switcher.matches("<a ").count(), 3, "one link per edition: {switcher}");
    let translated = site.output("en/briefings/sco/index.html");
    let switcher = fragment(&translated, "<nav class=\"lang-switcher\"", "</nav>");
    assert!(switcher.contains("href=\"/ur/briefings/sco/\""), "{switcher}");
    assert!(!switcher.contains("lang-unavailable"), "{switcher}");
}

#[test]
fn share_links_carry_the_pages_absolute_url_in_the_pages_language() {
    let site = built();
    let page = site.output("en/briefings/sco/index.html");
    let share = fragment(&page, "<section class=\"share\"", "</section>");
    let encoded = "https%3A%2F%2Fexample.org%2Fen%2Fbriefings%2Fsco%2F";
    for start in ["https://wa.me/?text=", "https://t.me/share/url?url=", "https://x.com/intent/tweet?url="] {
        let at = share.find(start).unwrap_or_else(|| panic!("{start} in {share}"));
        assert!(share[at..].split('"').next().unwrap().contains(encoded), "{start}");
    }
    assert!(share.contains(&format!("https://www.facebook.com/sharer/sharer.php?u={encoded}")), "{share}");
    assert!(share.contains("href=\"https://example.org/en/briefings/sco/\""), "copy link: {share}");
    assert!(share.contains(">Copy link<") && share.contains(">Share<"), "{share}");
    let hindi = site.output("hi/briefings/sco/index.html");
    assert!(fragment(&hindi, "<section class=\"share\"", "</section>").contains("लिंक कॉपी करें"));
    assert!(!page.contains("<script src="), "no third-party script");
    assert!(page.contains("statement on <span class=\"nobr\">S-400</span> day</h1>"), "S-400 never breaks");
}

#[test]
fn the_menu_links_plain_pages_in_each_language_that_has_them() {
    let site = built();
    let footer = |lang: &str| {
        let page = site.output(&format!("{lang}/index.html"));
        fragment(&page, "<footer class=\"site-footer\">", "</footer>").to_string()
    };
    assert!(footer("hi").contains("<a href=\"/hi/about/\">हमारे बारे में</a>"), "{}", footer("hi"));
    assert!(footer("en").contains("<a href=\"/en/about/\">About us</a>"));
    assert!(!footer("ur").contains("/about/"), "Urdu has no About page: {}", footer("ur"));
    let author_less = site.output("en/index.html");
    assert!(!author_less.contains("About us</a></h2>"), "a plain page is no briefing on a front");
}

#[test]
fn a_site_without_a_logo_gets_a_monogram_favicon_and_one_with_a_logo_gets_pngs() {
    let site = built();
    let page = site.output("hi/index.html");
    let svg = site.output(value_after(&page, "<link rel=\"icon\" href=\"/"));
    assert!(svg.contains(">स</text>"), "the title's first letter: {svg}");
    assert!(!page.contains("apple-touch-icon"), "no PNG without a logo");

    let logo = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\"><rect width=\"120\" height=\"40\" fill=\"#123456\"/></svg>";
    site.write("static/logo.svg", logo);
    site.write(
        "config.toml",
        &TRILINGUAL.replace("[[site.menu]]", "[site]\nlogo = \"static/logo.svg\"\n\n[[site.menu]]"),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.err);
    let page = site.output("en/index.html");
    assert!(page.contains("class=\"masthead-logo\""), "the masthead shows the logo");
    assert!(page.contains("width=\"120\" height=\"40\" alt=\"News\""), "named by the title: {page}");
    let touch = value_after(&page, "<link rel=\"apple-touch-icon\" href=\"/");
    let png = std::fs::read(site.root.join("public").join(touch)).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{touch}");
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 180, "180 px wide");
}

#[test]
fn author_pages_show_role_and_photo_and_say_translated_by() {
    let site = trilingual();
    site.write("authors.toml", "[asha]\nhi = \"आशा\"\nen = \"Asha\"\n[asha.role]\nen = \"Defence correspondent\"\n");
    let en = site.read("content/briefings/sco.en.md");
    site.write(
        "content/briefings/sco.en.md",
        &en.replacen("[translation]", "translators = [\"asha\"]\n\n[translation]", 1),
    );
    let about =
        site.read("content/about.en.md").replace("title = \"About us\"", "title = \"About us\"\nauthors = [\"asha\"]");
    site.write("content/about.en.md", &about);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.err);
    let page = site.output("en/authors/asha/index.html");
    assert!(page.contains("<p class=\"author-role\">Defence correspondent</p>"), "{page}");
    assert!(page.contains("Translated by Asha"), "{page}");
    let river = fragment(&page, "<div class=\"river", "</div>\n");
    assert!(!river.contains("About us"), "the About page is no briefing: {river}");
    assert!(page.contains("<a href=\"/en/about/\">About us</a>"), "but it is linked: {page}");
}

/// Loads `path` of a served site in Chromium emulating a `width`×`height` phone and
/// evaluates `expression` once the page and its fonts are ready.
fn measure(page: &mut Page, address: &str, path: &str, (width, height): (u32, u32), expression: &str) -> Value {
    let metrics = serde_json::json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": true});
    page.call("Emulation.setDeviceMetricsOverride", metrics);
    page.call("Page.navigate", serde_json::json!({"url": format!("http://{address}{path}")}));
    page.wait_until(
        &format!("location.pathname === '{path}' && document.readyState === 'complete'"),
        Duration::from_secs(20),
    );
    page.eval("document.fonts.ready.then(() => true)");
    page.eval(expression)
}

#[test]
#[ignore = "needs headless Chromium (apt-get install -y chromium); .ci/run installs it and runs ignored tests"]
fn on_a_phone_the_story_starts_on_the_first_screen_and_nothing_scrolls_sideways() {
    let site = built();
    let server = serve(&site);
    let profile = tempfile::tempdir().unwrap();
    let (_browser, port) = launch("about:blank", profile.path());
    let mut page = Page::connect(port);
    for lang in ["hi", "en", "ur"] {
        let path = format!("/{lang}/briefings/sco/");
        let top = measure(
            &mut page,
            &server.address,
            &path,
            (390, 844),
            "document.querySelector('.content > p').getBoundingClientRect().top",
        );
        let top = top.as_f64().unwrap_or_else(|| panic!("{lang}: {top}"));
        assert!(top < 844.0 - 24.0, "{lang}: the first paragraph starts at {top} px");
        let header = measure(
            &mut page,
            &server.address,
            &path,
            (390, 844),
            "document.querySelector('.site-header').offsetHeight",
        );
        assert!(header.as_f64().unwrap() <= 120.0, "{lang}: the header is {header} px tall");
        for narrow in [&path, &format!("/{lang}/"), &format!("/{lang}/404.html")] {
            let wide = measure(
                &mut page,
                &server.address,
                narrow,
                (320, 640),
                "document.documentElement.scrollWidth - document.documentElement.clientWidth",
            );
            assert_eq!(wide, Value::from(0), "{narrow} scrolls sideways at 320 px");
        }
    }
}

#[test]
#[ignore = "needs headless Chromium (apt-get install -y chromium); .ci/run installs it and runs ignored tests"]
fn the_root_goes_to_the_default_edition_unless_the_reader_prefers_or_picked_another() {
    let site = built();
    let server = serve(&site);
    let profile = tempfile::tempdir().unwrap();
    let (_browser, port) = launch("about:blank", profile.path());
    let mut page = Page::connect(port);
    let agent = page.eval("navigator.userAgent");
    let land = |page: &mut Page, accept: &str| {
        page.call(
            "Emulation.setUserAgentOverride",
            serde_json::json!({ "userAgent": agent, "acceptLanguage": accept }),
        );
        page.call("Page.navigate", serde_json::json!({"url": format!("http://{}/", server.address)}));
        page.wait_until("location.pathname !== '/' && document.readyState === 'complete'", Duration::from_secs(20));
        page.eval("location.pathname")
    };
    assert_eq!(land(&mut page, "en-GB,en;q=0.9"), "/en/", "the browser's first language");
    assert_eq!(land(&mut page, "en-US,en;q=0.9"), "/hi/", "a factory setting: the default");
    assert_eq!(land(&mut page, "fr-FR,ur;q=0.9"), "/hi/", "not a language of the site: the default");
    assert_eq!(land(&mut page, "ur-PK"), "/ur/");
    // A reader who picks English in the switcher is sent there next time.
    page.eval("document.querySelector('.lang-switcher a[hreflang=\"en\"]').click()");
    page.wait_until("location.pathname === '/en/' && document.readyState === 'complete'", Duration::from_secs(20));
    assert_eq!(land(&mut page, "ur"), "/en/", "the remembered choice wins");
}

#[test]
fn the_side_by_side_view_carries_the_stale_notice_of_a_stale_column() {
    let site = trilingual();
    let ur = site.read("content/briefings/sco.ur.md");
    site.write(
        "content/briefings/sco.ur.md",
        &ur.replace("from = \"hi\"", "from = \"hi\"\nsource_hash = \"sha256:0000000000000000\""),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.err);
    let page = site.output("en/briefings/sco/parallel/index.html");
    let notice = "The original has changed since this translation was made";
    let head = fragment(&page, "<div class=\"parallel-row parallel-head\">", "<div class=\"parallel-row\">");
    assert_eq!(head.matches(notice).count(), 1, "only the Urdu column is stale: {head}");
    let urdu = &head[head.find("lang=\"ur\"").expect("an Urdu column")..];
    assert!(urdu.contains(notice), "the notice is in the Urdu column: {head}");
    assert!(
        page.contains("<span lang=\"ur\" dir=\"rtl\">اردو</span>: The original has changed"),
        "and above the rows for phones"
    );
    assert!(site.output("ur/briefings/sco/index.html").contains("class=\"stale-notice\""), "as on its own page");
}

#[test]
fn an_authors_photo_is_published_in_sizes_and_a_missing_one_is_an_error_at_its_place() {
    let site = trilingual();
    let authors = "[asha]\nhi = \"आशा\"\nen = \"Asha\"\nphoto = \"static/people/asha.jpg\"\n";
    site.write("authors.toml", authors);
    std::fs::create_dir_all(site.root.join("static/people")).unwrap();
    std::fs::write(site.root.join("static/people/asha.jpg"), patrika::media::testing::noise_photo_jpeg(600, 600, 3))
        .unwrap();
    let en = site.read("content/briefings/sco.en.md");
    site.write(
        "content/briefings/sco.en.md",
        &en.replacen("[translation]", "authors = [\"asha\"]\n\n[translation]", 1),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.err);
    let page = site.output("en/authors/asha/index.html");
    let photo = fragment(&page, "<picture class=\"author-photo\">", "</picture>");
    let src = value_after(photo, "<img src=\"/");
    assert!(site.root.join("public").join(src).is_file(), "{src} is published: {photo}");
    assert!(photo.contains("type=\"image/webp\""), "{photo}");

    site.write("authors.toml", &authors.replace("asha.jpg", "nobody.jpg"));
    let run = site.run("build", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.err.contains(
            "authors.toml:4:9: error: the photo of `asha` names `static/people/nobody.jpg`, which does not exist"
        ),
        "{}",
        run.err
    );
}
