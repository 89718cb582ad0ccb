#![no_main]
//! A whole small site built to disk: the input is cut at 0xFF bytes into the files
//! of two translations, a section intro and a template override.

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0xFF);
    let names = [
        "content/briefings/a.hi.md",
        "content/briefings/a.en.md",
        "content/briefings/_index.hi.md",
        "templates/page.html",
    ];
    let mut files: Vec<(&str, &[u8])> = vec![("config.toml", common::CONFIG.as_bytes())];
    for name in names {
        if let Some(part) = parts.next() {
            files.push((name, part));
        }
    }
    common::run_site(&files, "build");
});
