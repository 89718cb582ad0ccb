#![no_main]
//! Arbitrary Markdown, with links to other files, below valid front matter.

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut file = b"+++\ntitle = \"x\"\ndate = 2025-06-26\n+++\n\n".to_vec();
    file.extend_from_slice(data);
    let other = b"+++\ntitle = \"y\"\ndate = 2025-06-27\n[translation]\nfrom = \"hi\"\n+++\n\n[x](x.md) ## y\n";
    common::run_site(
        &[
            ("config.toml", common::CONFIG.as_bytes()),
            ("content/briefings/x.hi.md", &file),
            ("content/briefings/x.en.md", other),
        ],
        "check",
    );
});
