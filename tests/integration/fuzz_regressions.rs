//! Every input a fuzz target (`fuzz/`) ever crashed on, run again through the same
//! entry point; and a few hand-made hard cases so the test never runs on nothing.

use std::path::Path;

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-crashes").join(target);
    let mut found: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().filter_map(|e| std::fs::read(e.path()).ok()).collect())
        .unwrap_or_default();
    found.extend(
        [
            "",
            "+++",
            "+++\n+++\n",
            "+++\ntitle = \"\\u0000\"\n+++\n",
            "+++\ntitle = \"क\"\ndate = 2025-02-30\n+++\n## a\n## a\n[x](../../y.md)",
            "\u{feff}+++\r\ntitle = 'x'\r\ndate = 2025-01-01T10:00:00+05:30\r\n+++\r\n\u{0}\u{1b}",
            "[languages.hi]\n[languages.hi]",
            "base_url = \"https://x.org/a b/\"\n[languages.ur]\n",
        ]
        .map(|s| s.as_bytes().to_vec()),
    );
    found
}

#[test]
fn front_matter_inputs_that_once_crashed() {
    for input in inputs("front_matter") {
        patrika::fuzzing::front_matter(&input);
    }
}

#[test]
fn markdown_inputs_that_once_crashed() {
    for input in inputs("markdown") {
        patrika::fuzzing::markdown(&input);
    }
}

#[test]
fn config_inputs_that_once_crashed() {
    for input in inputs("config") {
        patrika::fuzzing::config(&input);
    }
}

#[test]
fn image_inputs_that_once_crashed() {
    use patrika::media::testing::{
        noise_photo_jpeg, photo_with_metadata_jpeg, photo_with_metadata_tiff, png_with_bomb,
    };
    let mut cases = inputs("image");
    // Each hard case under every name the target can give it (its first byte).
    let files: Vec<Vec<u8>> = vec![
        png_with_bomb(b"iCCP", 32 << 20),
        png_with_bomb(b"iTXt", 1 << 20),
        photo_with_metadata_jpeg(40, 30, 1),
        photo_with_metadata_tiff(20, 10, 2),
        noise_photo_jpeg(9, 7, 3)[..200].to_vec(),
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00;".to_vec(),
        b"RIFF\x20\x00\x00\x00WEBPVP8X\x0A\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00ANMF\x02\x00\x00\x00"
            .to_vec(),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x</script></svg>".to_vec(),
        b"\x00\x00\x00\x18ftypheic".to_vec(),
    ];
    for file in files {
        for pick in 0..9u8 {
            cases.push([&[pick][..], &file].concat());
        }
    }
    for input in cases {
        patrika::fuzzing::image(&input);
    }
}

#[test]
fn a_body_holding_the_shortcode_marker_character_builds_and_keeps_it_as_text() {
    let site = crate::support::small_site(&[(
        "content/briefings/a.hi.md",
        "+++\ntitle = \"चिह्न\"\ndate = 2026-01-01\n+++\nपहले फिर \u{E002}\n\n{% pullquote() %}\nउद्धरण\n{% end %}\n",
    )]);
    site.build();
    let html = site.output("hi/briefings/a/index.html");
    assert!(html.contains("पहले फिर \u{E002}"), "{html}");
    assert!(html.contains("उद्धरण"), "the shortcode is still rendered: {html}");
}
