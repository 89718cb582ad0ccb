#![no_main]
//! An arbitrary config.toml for a small valid site.

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let page = "+++\ntitle = \"x\"\ndate = 2025-06-26\n+++\n\nपाठ।\n".as_bytes();
    common::run_site(&[("config.toml", data), ("content/briefings/x.hi.md", page)], "check");
});
