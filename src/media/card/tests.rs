use std::path::{Path, PathBuf};

use unicode_segmentation::UnicodeSegmentation;

use super::text::{Script, bounded, glyphs};
use super::*;

fn font_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/cards")
}

/// The default theme's card fonts.
fn fonts() -> CardFonts {
    let mut files: Vec<PathBuf> = std::fs::read_dir(font_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ttf"))
        .collect();
    files.sort();
    CardFonts::new(files.iter().map(|p| std::fs::read(p).unwrap()).collect())
}

fn spec(headline: &str, rtl: bool) -> CardSpec {
    CardSpec {
        headline: headline.into(),
        site_name: "पत्रिका".into(),
        date: "26 जून 2025".into(),
        rtl,
        picture: None,
        style: CardStyle::default(),
    }
}

#[test]
fn devanagari_conjuncts_are_shaped_into_fewer_glyphs_than_letters() {
    let mut drawer = fonts().drawer();
    // क्ष, त्र, द्वि: consonant, virama, consonant (and a vowel sign) become one or two glyphs.
    for word in ["क्ष", "त्र", "द्वि", "प्रा"] {
        let (shaped, rtl) = glyphs(&mut drawer, word);
        assert!(!rtl, "{word}");
        assert!(
            shaped.len() < word.chars().count(),
            "{word}: {} glyphs for {} letters",
            shaped.len(),
            word.chars().count()
        );
        assert!(shaped.iter().all(|g| g.family == "Noto Sans Devanagari"), "{word}: {shaped:?}");
        assert!(shaped.iter().all(|g| g.glyph_id != 0), "{word}: a missing glyph");
    }
}

#[test]
fn urdu_is_set_right_to_left_and_joined() {
    let mut drawer = fonts().drawer();
    let word = "پاکستان";
    let (joined, rtl) = glyphs(&mut drawer, word);
    assert!(rtl);
    assert!(joined.iter().all(|g| g.family == "Noto Nastaliq Urdu" && g.glyph_id != 0), "{joined:?}");
    // Each letter alone takes its isolated form; joined, the letters take other glyphs.
    let isolated: Vec<u16> = word.chars().map(|c| glyphs(&mut drawer, &c.to_string()).0[0].glyph_id).collect();
    let joined_ids: Vec<u16> = joined.iter().map(|g| g.glyph_id).collect();
    let differ = joined_ids.iter().filter(|id| !isolated.contains(id)).count();
    assert!(differ >= 3, "joined {joined_ids:?}, isolated {isolated:?}");
    // The first letter (پ) is drawn at the right end of the word.
    let first = joined.iter().filter(|g| g.cluster == 0).map(|g| g.x).fold(f32::MIN, f32::max);
    assert!(joined.iter().all(|g| g.x <= first), "{joined:?}");
}

#[test]
fn scripts_are_told_by_most_letters() {
    assert_eq!(Script::of("भारत ने SCO बयान"), Script::Devanagari);
    assert_eq!(Script::of("پاکستان 2025"), Script::Arabic);
    assert_eq!(Script::of("India’s SCO stand"), Script::Other);
}

#[test]
fn a_card_is_a_png_of_the_right_size_drawn_the_same_every_time() {
    let fonts = fonts();
    let mut drawer = fonts.drawer();
    let card = spec("भारत ने एससीओ के साझा बयान पर हस्ताक्षर से किया इनकार", false);
    let png = draw(&mut drawer, &card).unwrap();
    let image = image::load_from_memory(&png).unwrap();
    assert_eq!((image.width(), image.height()), (WIDTH, HEIGHT));
    assert_eq!(png, draw(&mut fonts.drawer(), &card).unwrap());
    // Ink where the headline is, paper where nothing is.
    let rgb = image.into_rgb8();
    let ink = (120..400).flat_map(|y| (72..1100).map(move |x| (x, y))).filter(|&(x, y)| rgb.get_pixel(x, y).0[0] < 100);
    assert!(ink.count() > 2_000);
    assert_eq!(rgb.get_pixel(1190, 620).0, CardStyle::default().background.0);
}

#[test]
fn a_headline_of_100_kb_is_cut_before_shaping_and_its_card_is_drawn() {
    let fonts = fonts();
    let mut drawer = fonts.drawer();
    // About 100 KB of Devanagari words, and as much without a single space.
    let words = "राष्ट्रीय सुरक्षा परिषद् ".repeat(1_500);
    let unbroken = "क्षत्रिय".repeat(4_500);
    for headline in [&words, &unbroken] {
        assert!(headline.len() > 100_000, "{}", headline.len());
        let cut = bounded(headline);
        assert!(cut.chars().count() <= 401 && cut.ends_with('…'), "{cut}");
        // Cut between two grapheme clusters: a conjunct or a letter with its vowel sign stays whole.
        let kept = cut.trim_end_matches('…');
        assert!(headline.starts_with(kept));
        assert!(headline.grapheme_indices(true).any(|(at, _)| at == kept.len()), "{kept}");
        let png = draw(&mut drawer, &spec(headline, false)).unwrap();
        let image = image::load_from_memory(&png).unwrap();
        assert_eq!((image.width(), image.height()), (WIDTH, HEIGHT));
    }
    // Short texts are left as they are.
    assert_eq!(bounded("भारत ने इनकार किया"), "भारत ने इनकार किया");
    let words_cut = bounded(&words);
    assert!(
        words_cut.ends_with("परिषद्…") || words_cut.ends_with("सुरक्षा…") || words_cut.ends_with("राष्ट्रीय…"),
        "{words_cut}"
    );
}

#[test]
fn the_key_changes_with_anything_the_card_shows() {
    let fonts = fonts();
    let base = spec("शीर्षक", false);
    let mut keys = vec![base.key(&fonts)];
    let mut changed = base.clone();
    changed.headline.push('!');
    keys.push(changed.key(&fonts));
    let mut changed = base.clone();
    changed.date = "27 जून 2025".into();
    keys.push(changed.key(&fonts));
    let mut changed = base.clone();
    changed.style.layout = Layout::TextOnly;
    keys.push(changed.key(&fonts));
    let mut changed = base.clone();
    changed.picture = Some(Arc::from(&b"picture"[..]));
    keys.push(changed.key(&fonts));
    keys.push(base.key(&CardFonts::new(vec![b"another font".to_vec()])));
    let unique: std::collections::BTreeSet<&String> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len());
    assert_eq!(base.key(&fonts), spec("शीर्षक", false).key(&fonts));
}

#[test]
fn theme_colours_parse() {
    assert_eq!(Rgb::parse("#a31f1a"), Some(Rgb([0xa3, 0x1f, 0x1a])));
    assert_eq!(Rgb::parse("#fff"), Some(Rgb([255, 255, 255])));
    assert_eq!(Rgb::parse("red"), None);
    assert_eq!(Rgb::parse("#12345"), None);
}

/// The glyph ids and clusters `hb-shape` (HarfBuzz itself) gives for `text` in `font`, in
/// the order it prints them (visual: left to right).
fn harfbuzz(font: &Path, text: &str) -> Vec<(u16, usize)> {
    let out = std::process::Command::new("hb-shape")
        .args(["--no-glyph-names", "--no-positions", "--no-advances", "--utf8-clusters"])
        .arg(font)
        .arg(text)
        .output()
        .expect("hb-shape runs (Debian's libharfbuzz-bin)");
    let line = String::from_utf8(out.stdout).unwrap();
    line.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split('|')
        .map(|g| {
            let (id, cluster) = g.split_once('=').unwrap();
            (id.parse().unwrap(), cluster.parse().unwrap())
        })
        .collect()
}

#[test]
#[ignore = "needs hb-shape (Debian's libharfbuzz-bin; .ci/run installs it)"]
fn shaping_matches_harfbuzz_glyph_for_glyph() {
    let mut drawer = fonts().drawer();
    let cases = [
        ("NotoSansDevanagari-Bold.ttf", "क्षत्रिय द्विपक्षीय प्राथमिकता श्रृंखला"),
        ("NotoSansDevanagari-Bold.ttf", "भारत ने एससीओ के साझा बयान पर हस्ताक्षर से किया इनकार"),
        ("NotoNastaliqUrdu-Regular.ttf", "پاکستان نے مشترکہ اعلامیے پر دستخط کیے"),
    ];
    for (font, text) in cases {
        let (ours, rtl) = glyphs(&mut drawer, text);
        let mut ours: Vec<(u16, usize)> = ours.iter().map(|g| (g.glyph_id, g.cluster)).collect();
        // hb-shape prints glyphs left to right, so a right-to-left run from its end.
        if rtl {
            ours.reverse();
        }
        assert_eq!(ours, harfbuzz(&font_dir().join(font), text), "{text}");
    }
}

/// Writes sample cards to look at (`cargo test -- --ignored card_samples`): hi, en and ur,
/// short and long headlines, with and without a picture, in every layout.
#[test]
#[ignore = "writes pictures to look at into the temporary folder"]
fn card_samples() {
    let fonts = fonts();
    let mut drawer = fonts.drawer();
    let photo: Arc<[u8]> = Arc::from(crate::media::testing::noise_photo_jpeg(1200, 800, 7));
    let long_hi = "भारत ने एससीओ के साझा बयान पर हस्ताक्षर से किया इनकार, क्योंकि उसमें पहलगाम हमले का ज़िक्र नहीं था और बलूचिस्तान का उल्लेख था; रक्षा मंत्री ने द्विपक्षीय बैठकों में आतंकवाद पर सख़्त रुख़ दोहराया";
    let cases = [
        ("hi-short", "क्षेत्रीय सुरक्षा पर द्विपक्षीय वार्ता", "पत्रिका", "26 जून 2025", false),
        ("hi-long", long_hi, "पत्रिका", "२६ जून २०२५", false),
        ("en-short", "India declines to sign the SCO statement", "Patrika", "26 June 2025", false),
        (
            "en-long",
            "India refuses to sign the SCO defence ministers’ joint statement in Qingdao because it omitted the Pahalgam attack and named Balochistan, while the defence minister restated a hard line on terrorism",
            "Patrika",
            "26 June 2025",
            false,
        ),
        ("ur-short", "پاکستان نے مشترکہ اعلامیے پر دستخط کیے", "پتریکا", "26 جون 2025", true),
        (
            "ur-long",
            "بھارت نے شنگھائی تعاون تنظیم کے وزرائے دفاع کے مشترکہ اعلامیے پر دستخط کرنے سے انکار کر دیا کیونکہ اس میں پہلگام حملے کا ذکر نہیں تھا اور بلوچستان کا ذکر تھا",
            "پتریکا",
            "26 جون 2025",
            true,
        ),
    ];
    let dir = std::env::temp_dir().join("patrika-card-samples");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, headline, site, date, rtl) in cases {
        for (layout, with) in
            [("text", None), ("right", Some(Layout::PictureRight)), ("bg", Some(Layout::PictureBackground))]
        {
            let style = CardStyle { layout: with.unwrap_or(Layout::PictureRight), ..CardStyle::default() };
            let card = CardSpec {
                headline: headline.into(),
                site_name: site.into(),
                date: date.into(),
                rtl,
                picture: with.map(|_| Arc::clone(&photo)),
                style,
            };
            std::fs::write(dir.join(format!("{name}-{layout}.png")), draw(&mut drawer, &card).unwrap()).unwrap();
        }
    }
}
