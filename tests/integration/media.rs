//! Bundles, images and shortcodes (DESIGN §8): files published once beside the
//! original, variants without metadata, a cache that spares re-encoding, and
//! every mistake at its line and column.

use patrika::media::testing::{noise_photo_jpeg as photo_jpeg, photo_with_metadata_jpeg as photo_jpeg_with_metadata};

use crate::support::{TestSite, fixture, fragment};

/// The basic fixture plus a bundle: a Hindi original and its English translation,
/// a photo carrying GPS and a camera serial, a PDF and an SVG.
fn bundle_site() -> TestSite {
    let site = fixture("basic");
    site.write(
        "content/briefings/photo/index.hi.md",
        "+++\ntitle = \"तस्वीर वाली ख़बर\"\ndate = 2030-03-01\nimage = \"map.jpg\"\nimage_alt = \"नक्शा\"\n+++\n\n\
         पहला अनुच्छेद।\n\n![बंदरगाह का नक्शा](map.jpg)\n\n[दस्तावेज़](doc.pdf) और ![लोगो](logo.svg)\n\n\
         ![दूसरा नक्शा](map.jpg \"शीर्षक\")\n",
    );
    site.write(
        "content/briefings/photo/index.en.md",
        "+++\ntitle = \"A story with a picture\"\ndate = 2030-03-01\nimage = \"map.jpg\"\nimage_alt = \"A map\"\n\
         [translation]\nfrom = \"hi\"\n+++\n\nFirst paragraph.\n\n![A map of the port](map.jpg)\n\n[The document](doc.pdf)\n",
    );
    std::fs::write(site.root.join("content/briefings/photo/map.jpg"), photo_jpeg_with_metadata(1600, 1000, 7)).unwrap();
    site.write("content/briefings/photo/doc.pdf", "%PDF-1.4 not really");
    site.write("content/briefings/photo/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site
}

#[test]
fn bundle_files_are_published_once_beside_the_original() {
    let site = bundle_site();
    let run = site.build();
    let files: Vec<String> = site.output_files().into_iter().filter(|f| f.contains("briefings/photo/")).collect();
    assert_eq!(
        files,
        [
            "en/briefings/photo/card.png",
            "en/briefings/photo/index.html",
            "en/briefings/photo/parallel/index.html",
            "hi/briefings/photo/card.png",
            "hi/briefings/photo/doc.pdf",
            "hi/briefings/photo/index.html",
            "hi/briefings/photo/logo.svg",
            "hi/briefings/photo/map-1200.jpg",
            "hi/briefings/photo/map-1600.webp",
            "hi/briefings/photo/map-480.webp",
            "hi/briefings/photo/map-960.webp",
            "hi/briefings/photo/parallel/index.html",
        ]
    );
    assert!(run.out.contains("1 image (1 encoded)"), "{}", run.out);
    // The English page links to the one copy beside the Hindi original.
    let en = site.output("en/briefings/photo/index.html");
    assert!(en.contains("<a href=\"/news/hi/briefings/photo/doc.pdf\">The document</a>"), "{en}");
    assert!(en.contains("srcset=\"/news/hi/briefings/photo/map-480.webp 480w, /news/hi/briefings/photo/map-960.webp 960w, /news/hi/briefings/photo/map-1600.webp 1600w\""), "{en}");
}

#[test]
fn pictures_reserve_their_space_and_only_the_first_loads_eagerly() {
    let site = bundle_site();
    site.build();
    let hi = site.output("hi/briefings/photo/index.html");
    let content = fragment(&hi, "<div class=\"content\"", "</article>");
    let pictures: Vec<&str> =
        content.match_indices("<img ").map(|(i, _)| &content[i..i + content[i..].find('>').unwrap() + 1]).collect();
    assert_eq!(
        pictures,
        [
            "<img src=\"/news/hi/briefings/photo/map-1200.jpg\" width=\"1200\" height=\"750\" alt=\"बंदरगाह का नक्शा\">",
            "<img src=\"/news/hi/briefings/photo/logo.svg\" alt=\"लोगो\" />",
            "<img src=\"/news/hi/briefings/photo/map-1200.jpg\" width=\"1200\" height=\"750\" alt=\"दूसरा नक्शा\" title=\"शीर्षक\" loading=\"lazy\" decoding=\"async\">",
        ]
    );
    assert!(content.contains("<source type=\"image/webp\" srcset=\"/news/hi/briefings/photo/map-480.webp 480w,"));
}

#[test]
fn no_metadata_survives_in_any_output_image() {
    let site = bundle_site();
    site.build();
    for file in ["map-480.webp", "map-960.webp", "map-1600.webp", "map-1200.jpg"] {
        let bytes = std::fs::read(site.root.join("public/hi/briefings/photo").join(file)).unwrap();
        for needle in [&b"Exif"[..], b"SN-4242-SECRET", b"PatrikaCam", b"Model X9"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{file} carries {:?}",
                String::from_utf8_lossy(needle)
            );
        }
        let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes));
        assert!(exif.is_err(), "{file} has EXIF");
    }
    // The source did carry them: the test would catch a pipeline that copies bytes.
    let source = std::fs::read(site.root.join("content/briefings/photo/map.jpg")).unwrap();
    assert!(source.windows(14).any(|w| w == b"SN-4242-SECRET"));
}

#[test]
fn a_second_build_encodes_nothing_and_a_changed_image_is_encoded_again() {
    let site = bundle_site();
    assert!(site.build().out.contains("(1 encoded)"));
    let first = std::fs::read(site.root.join("public/hi/briefings/photo/map-960.webp")).unwrap();
    let again = site.build();
    assert!(again.out.contains("1 image (0 encoded)"), "{}", again.out);
    assert_eq!(std::fs::read(site.root.join("public/hi/briefings/photo/map-960.webp")).unwrap(), first);
    std::fs::write(site.root.join("content/briefings/photo/map.jpg"), photo_jpeg(1600, 1000, 8)).unwrap();
    assert!(site.build().out.contains("1 image (1 encoded)"));
    // Other settings are other variants.
    let config = site.read("config.toml") + "\n[images]\nwidths = [300]\nquality = 60\n";
    site.write("config.toml", &config);
    let changed = site.build();
    assert!(changed.out.contains("(1 encoded)"), "{}", changed.out);
    assert!(site.output_files().contains(&"hi/briefings/photo/map-300.webp".to_string()));
}

#[test]
fn the_page_picture_gives_thumbnails_and_social_cards() {
    let site = bundle_site();
    site.build();
    let en = site.output("en/briefings/photo/index.html");
    // A briefing's social card is its share card, which shows the picture.
    for tag in [
        "<meta property=\"og:image\" content=\"https://example.org/news/en/briefings/photo/card.png\">",
        "<meta property=\"og:image:width\" content=\"1200\">",
        "<meta property=\"og:image:height\" content=\"630\">",
        "<meta property=\"og:image:alt\" content=\"A story with a picture\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
    ] {
        assert!(en.contains(tag), "missing {tag}");
    }
    let list = site.output("en/index.html");
    // The only briefing leads the front: its picture is fetched first, not lazily.
    let item = fragment(&list, "<article class=\"summary summary-lead has-thumb\">", "</article>");
    assert!(item.contains("<img src=\"/news/hi/briefings/photo/map-1200.jpg\" width=\"1200\" height=\"750\" alt=\"A map\" fetchpriority=\"high\" decoding=\"async\">"), "{item}");
    // A page without a picture keeps the small card.
    assert!(site.output("hi/about/index.html").contains("<meta name=\"twitter:card\" content=\"summary\">"));
}

#[test]
fn missing_and_broken_files_are_errors_where_they_are_named() {
    let site = bundle_site();
    site.write(
        "content/briefings/photo/index.hi.md",
        "+++\ntitle = \"तस्वीर\"\ndate = 2030-03-01\nimage = \"gone.jpg\"\nimage_alt = \"नक्शा\"\n+++\n\nदेखें ![नक्शा](nope.jpg) और [फ़ाइल](../x.pdf)\n",
    );
    site.write("content/briefings/photo/notes.png", "this is not a picture");
    let photo = photo_jpeg(800, 600, 3);
    std::fs::write(site.root.join("content/briefings/photo/cut.jpg"), &photo[..photo.len() / 2]).unwrap();
    site.write("content/briefings/loose.hi.md", "+++\ntitle = \"अकेली\"\ndate = 2024-03-01\n+++\n\n![x](photo.jpg)\n");
    let r = site.run("build", &[]);
    assert_eq!(r.code, 1);
    let errors: Vec<&str> = r.err.lines().filter(|l| l.contains("error:")).collect();
    insta::assert_snapshot!(errors.join("\n"));
    assert!(!site.root.join("public").exists(), "a failed build writes nothing");
    // `check` finds the same.
    assert!(site.run("check", &[]).out.contains("index.hi.md:8:7: error: `nope.jpg` is not a file of this bundle"));
}

#[test]
fn other_markdown_in_a_bundle_folder_is_an_error() {
    let site = bundle_site();
    site.write("content/briefings/photo/notes.hi.md", "+++\ntitle = \"नोट\"\ndate = 2024-03-01\n+++\n\nx\n");
    let r = site.run("build", &[]);
    assert!(
        r.err.contains("content/briefings/photo/notes.hi.md:1:1: error: content/briefings/photo/ is a bundle"),
        "{}",
        r.err
    );
}

/// A site whose Hindi briefing uses every built-in shortcode.
fn shortcode_site(body: &str) -> TestSite {
    let site = bundle_site();
    site.write(
        "content/briefings/photo/index.hi.md",
        &format!("+++\ntitle = \"तस्वीर\"\ndate = 2024-03-01\n+++\n\n{body}"),
    );
    site
}

#[test]
fn built_in_shortcodes_render_in_the_page_language() {
    let site = shortcode_site(
        "पहला अनुच्छेद।\n\n{{ figure(src=\"map.jpg\", alt=\"नक्शा\", caption=\"चिंगदाओ का बंदरगाह\", credit=\"पत्रिका\") }}\n\n\
         {% pullquote(by=\"रक्षा मंत्री\") %}\nआतंकवाद को **नज़रअंदाज़** नहीं किया जा सकता।\n{% end %}\n\n\
         {% factbox() %}\n- 25–26 जून\n- चिंगदाओ\n{% end %}\n\n\
         {{ embed(url=\"https://www.youtube.com/watch?v=abc\", title=\"बैठक का वीडियो\") }}\n\n\
         `{{ figure(src=\"x\") }}` कोड में वैसा ही रहता है।\n",
    );
    site.build();
    let hi = site.output("hi/briefings/photo/index.html");
    let content = fragment(&hi, "<div class=\"content\"", "</article>");
    insta::assert_snapshot!(content);
    assert!(!content.contains("www.youtube.com/embed"), "nothing is loaded from the third party");
}

/// The `loading` attributes of a built page's pictures, in reading order.
fn loading_of_pictures(site: &TestSite) -> Vec<bool> {
    let hi = site.output("hi/briefings/photo/index.html");
    let content = fragment(&hi, "<div class=\"content\"", "</article>").to_string();
    content
        .split("<picture>")
        .skip(1)
        .map(|p| p[..p.find("</picture>").unwrap()].contains("loading=\"lazy\""))
        .collect()
}

#[test]
fn markdown_images_and_figures_share_one_first_picture() {
    let image = "![नक्शा](map.jpg)";
    let figure = "{{ figure(src=\"map.jpg\", alt=\"नक्शा\", caption=\"बंदरगाह\") }}";
    let site = shortcode_site(&format!("{image}\n\n{figure}\n\n{image}\n"));
    site.build();
    assert_eq!(loading_of_pictures(&site), [false, true, true]);
    site.write(
        "content/briefings/photo/index.hi.md",
        &format!("+++\ntitle = \"तस्वीर\"\ndate = 2024-03-01\n+++\n\n{figure}\n\n{image}\n\n{figure}\n"),
    );
    site.build();
    assert_eq!(loading_of_pictures(&site), [false, true, true]);
}

#[test]
fn every_shortcode_mistake_is_reported_at_its_place() {
    let site = shortcode_site(
        "{{ figur(src=\"map.jpg\") }}\n\n\
         {{ figure(src=\"map.jpg\" alt=\"x\") }}\n\n\
         {{ figure(alt=\"x\") }}\n\n\
         {{ figure(src=\"map.jpg\", colour=\"red\") }}\n\n\
         {{ pullquote(by=\"x\") }}\n\n\
         {% factbox(title=\"x\") %}\nभीतर {% pullquote() %} {% end %}\n\n\
         {{ figure(src=\"gone.jpg\") }}\n\n\
         {% factbox(title=\"बिना अंत\") %}\nखुला\n",
    );
    let r = site.run("check", &[]);
    let errors: Vec<&str> = r.out.lines().filter(|l| l.contains("index.hi.md")).collect();
    insta::assert_snapshot!(errors.join("\n"));
}

#[test]
fn media_and_alt_findings_and_their_near_misses() {
    let site = bundle_site();
    site.write(
        "content/briefings/photo/index.hi.md",
        "+++\ntitle = \"तस्वीर\"\ndate = 2030-03-01\n+++\n\nपहला।\n\n![नक्शा](map.jpg)\n\n\
         {{ figure(src=\"map.jpg\", alt=\"नक्शा\") }}\n\n{% pullquote() %}\nकथन\n{% end %}\n\n![](logo.svg)\n",
    );
    // Same picture with other words, the figure kept, the quote dropped, an extra embed.
    site.write(
        "content/briefings/photo/index.en.md",
        "+++\ntitle = \"Picture\"\ndate = 2030-03-01\n[translation]\nfrom = \"hi\"\n+++\n\nFirst.\n\n![A map](map.jpg)\n\n\
         {{ figure(src=\"map.jpg\", alt=\"Map\") }}\n\n{{ embed(url=\"https://vimeo.com/1\") }}\n\n![Logo](logo.svg)\n\n\
         {{ figure(src=\"map.jpg\") }}\n",
    );
    let r = site.run("check", &[]);
    let findings: Vec<&str> = r.out.lines().filter(|l| l.ends_with("[media]") || l.ends_with("[alt]")).collect();
    insta::assert_snapshot!(findings.join("\n"));
}

#[test]
fn serve_publishes_pages_at_once_and_a_new_picture_when_it_is_ready() {
    use std::time::Duration;
    let site = bundle_site();
    let server = crate::serve::serve(&site);
    // `serve` puts the site at the root of its own address, whatever base_url says.
    let variant = "/hi/briefings/photo/map-1600.webp";
    let (status, _, before) = crate::serve::get(&server.address, variant);
    assert_eq!(status, 200);
    // A new picture (slow to encode) and, beside it, a text edit of another briefing.
    std::fs::write(site.root.join("content/briefings/photo/map.jpg"), photo_jpeg(2400, 1500, 99)).unwrap();
    let text = site.read("content/briefings/budget.hi.md").replace("बजट में रेलवे को ज़्यादा पैसा", "रेलवे को रिकॉर्ड बजट");
    site.write("content/briefings/budget.hi.md", &text);
    crate::serve::wait_for(&server.address, "/hi/briefings/budget/", Duration::from_secs(5), |_, b| {
        b.contains("रेलवे को रिकॉर्ड बजट")
    });
    let mut lines = Vec::new();
    while !lines.iter().any(|l: &String| l.contains("being made")) {
        lines.push(server.stdout.recv_timeout(Duration::from_secs(30)).expect("a rebuild line"));
    }
    // The picture follows: a rebuild for it, then new bytes at the same URL.
    crate::serve::wait_for(&server.address, variant, Duration::from_secs(120), |status, body| {
        status == 200 && body != before
    });
}
