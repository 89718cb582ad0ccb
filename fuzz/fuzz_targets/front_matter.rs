#![no_main]
//! Arbitrary front matter above a fixed body.

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut file = b"+++\n".to_vec();
    file.extend_from_slice(data);
    file.extend_from_slice("\n+++\n\nपाठ।\n".as_bytes());
    common::run_site(&[("config.toml", common::CONFIG.as_bytes()), ("content/briefings/x.hi.md", &file)], "check");
});
