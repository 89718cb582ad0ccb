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
