//! Share cards: a `card.png` beside every briefing in every language, named in the page's
//! `og:image` and `twitter:image`, drawn once and then taken from `.patrika/cards/`.

use patrika::media::testing::noise_photo_jpeg;

use crate::support::{TestSite, small_site};

/// A Hindi briefing with a picture, its English translation, and an Urdu briefing.
fn card_site() -> TestSite {
    let site = small_site(&[
        (
            "content/briefings/talks/index.hi.md",
            "+++\ntitle = \"क्षेत्रीय सुरक्षा पर द्विपक्षीय वार्ता\"\ndate = 2025-06-26\nimage = \"hall.jpg\"\nimage_alt = \"सभागार\"\n+++\n\nपहला अनुच्छेद।\n",
        ),
        (
            "content/briefings/talks/index.en.md",
            "+++\ntitle = \"Talks on regional security\"\ndate = 2025-06-26\nimage = \"hall.jpg\"\nimage_alt = \"The hall\"\n\
             [translation]\nfrom = \"hi\"\n+++\n\nFirst paragraph.\n",
        ),
        (
            "content/briefings/statement.ur.md",
            "+++\ntitle = \"پاکستان نے مشترکہ اعلامیے پر دستخط کیے\"\ndate = 2025-06-27\n+++\n\nپہلا پیراگراف۔\n",
        ),
        ("content/about.en.md", "+++\ntitle = \"About\"\n+++\n\nAbout us.\n"),
    ]);
    let config = site.read("config.toml");
    site.write(
        "config.toml",
        &format!("{config}\n[languages.ur]\nname = \"اردو\"\ntitle = \"خبریں\"\ndescription = \"آزمائش\"\n"),
    );
    std::fs::write(site.root.join("content/briefings/talks/hall.jpg"), noise_photo_jpeg(1600, 1000, 3)).unwrap();
    site
}

fn card(site: &TestSite, rel: &str) -> image::DynamicImage {
    let bytes = std::fs::read(site.root.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{rel} is a PNG");
    image::load_from_memory(&bytes).unwrap()
}

#[test]
fn every_briefing_in_every_language_has_a_card_named_in_its_meta() {
    let site = card_site();
    let run = site.build();
    assert!(run.out.contains("3 cards (3 drawn)"), "{}", run.out);
    let cards: Vec<String> = site.output_files().into_iter().filter(|f| f.ends_with("card.png")).collect();
    assert_eq!(
        cards,
        ["en/briefings/talks/card.png", "hi/briefings/talks/card.png", "ur/briefings/statement/card.png"]
    );
    for rel in &cards {
        let image = card(&site, rel);
        assert_eq!((image.width(), image.height()), (1200, 630), "{rel}");
    }
    // The Hindi card shows the picture on the right; the Urdu one (no picture) is paper there.
    let hi = card(&site, "hi/briefings/talks/card.png").into_rgb8();
    let ur = card(&site, "ur/briefings/statement/card.png").into_rgb8();
    assert_ne!(hi.get_pixel(1100, 300), ur.get_pixel(1100, 300));
    assert_eq!(ur.get_pixel(1190, 620).0, [0xfb, 0xf8, 0xf1]);

    let page = site.output("hi/briefings/talks/index.html");
    let url = "https://example.org/hi/briefings/talks/card.png";
    for meta in [
        format!("<meta property=\"og:image\" content=\"{url}\">"),
        "<meta property=\"og:image:width\" content=\"1200\">".to_string(),
        "<meta property=\"og:image:height\" content=\"630\">".to_string(),
        "<meta name=\"twitter:card\" content=\"summary_large_image\">".to_string(),
        format!("<meta name=\"twitter:image\" content=\"{url}\">"),
        "<meta property=\"og:image:alt\" content=\"क्षेत्रीय सुरक्षा पर द्विपक्षीय वार्ता\">".to_string(),
    ] {
        assert!(page.contains(&meta), "{meta} in:\n{page}");
    }
    // The JSON-LD names the picture first, then the card.
    assert!(page.contains(&format!("hall-1200.jpg\",\"{url}\"]")), "{page}");
    // A plain page has no card.
    assert!(!site.output("en/about/index.html").contains("card.png"));
}

#[test]
fn share_cards_off_draws_none_and_pages_name_their_picture_instead() {
    let site = card_site();
    let config = site.read("config.toml");
    site.write("config.toml", &format!("{config}\n[build]\nshare_cards = false\n"));
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(!run.out.contains("card"), "{}", run.out);
    assert!(site.output_files().iter().all(|f| !f.ends_with("card.png")), "{:?}", site.output_files());
    assert!(!site.root.join(".patrika/cards").exists(), "nothing drawn, nothing cached");
    // The briefing with a picture shares the picture, the one without shares its words.
    let hi = site.output("hi/briefings/talks/index.html");
    assert!(!hi.contains("card.png"), "{hi}");
    assert!(
        hi.contains("<meta property=\"og:image\" content=\"https://example.org/hi/briefings/talks/hall-1200.jpg\">"),
        "{hi}"
    );
    assert!(hi.contains("\"image\":[\"https://example.org/hi/briefings/talks/hall-1200.jpg\"]"), "{hi}");
    let ur = site.output("ur/briefings/statement/index.html");
    assert!(!ur.contains("og:image"), "{ur}");
    assert!(ur.contains("<meta name=\"twitter:card\" content=\"summary\">"), "{ur}");
    assert!(!ur.contains("\"image\":"), "{ur}");
}

#[test]
fn a_second_build_draws_no_card_and_an_edit_draws_one() {
    let site = card_site();
    site.build();
    let first = std::fs::read(site.root.join("public/hi/briefings/talks/card.png")).unwrap();
    let again = site.build();
    assert!(again.out.contains("3 cards (0 drawn)"), "{}", again.out);
    assert_eq!(std::fs::read(site.root.join("public/hi/briefings/talks/card.png")).unwrap(), first);
    let text =
        site.read("content/briefings/talks/index.en.md").replace("Talks on regional security", "Talks on security");
    site.write("content/briefings/talks/index.en.md", &text);
    let edited = site.build();
    assert!(edited.out.contains("3 cards (1 drawn)"), "{}", edited.out);
    // The cache holds the cards by content: the old English card and the new one.
    let cached = std::fs::read_dir(site.root.join(".patrika/cards")).unwrap().count();
    assert_eq!(cached, 4);
}

#[test]
fn a_theme_restyles_its_cards_and_a_mistake_is_reported_where_it_is() {
    let site = card_site();
    // A theme folder on disk layered over the built-in default theme: its theme.toml wins.
    site.write(
        "themes/default/theme.toml",
        "name = \"default\"\n[card]\nbackground = \"#102030\"\nlayout = \"text-only\"\n",
    );
    site.build();
    let hi = card(&site, "hi/briefings/talks/card.png").into_rgb8();
    // Text only: the picture's corner is the theme's background.
    assert_eq!(hi.get_pixel(1190, 10).0, [0x10, 0x20, 0x30]);
    site.write("themes/default/theme.toml", "name = \"default\"\n[card]\nlayout = \"sideways\"\n");
    let run = site.run("build", &[]);
    assert_eq!(run.code, 1, "{}", run.err);
    assert!(
        run.err.contains("themes/default/theme.toml:3:10: error: `card.layout` is one of \"picture-right\", \"picture-background\", \"text-only\", not \"sideways\""),
        "{}",
        run.err
    );
}

#[test]
fn check_draws_no_card_and_still_reports_what_a_card_shows() {
    let site = card_site();
    // The picture a card would show is broken: check says so without drawing anything.
    std::fs::write(site.root.join("content/briefings/talks/hall.jpg"), b"not a picture").unwrap();
    let check = site.run("check", &[]);
    assert_eq!(check.code, 1, "{}", check.out);
    assert!(check.out.contains("content/briefings/talks/hall.jpg"), "{}", check.out);
    assert!(!site.root.join(".patrika/cards").exists(), "check drew a card");
    // The same site, fixed, builds its cards.
    std::fs::write(site.root.join("content/briefings/talks/hall.jpg"), noise_photo_jpeg(1600, 1000, 3)).unwrap();
    assert!(site.build().out.contains("3 cards (3 drawn)"));
}
