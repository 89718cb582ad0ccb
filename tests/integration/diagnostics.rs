//! Every author error is reported as `path:line:col: error: message`, all in one run.

use crate::support::{SMALL_CONFIG, copy_dir, fixture, run, small_site};

#[test]
fn invalid_content_reports_every_problem() {
    let site = fixture("invalid");
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.out);
}

#[test]
fn invalid_config_reports_every_problem() {
    let site = fixture("invalid-config");
    let r = site.run("build", &[]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.err);
    assert!(!site.root.join("public").exists());
}

#[test]
fn template_syntax_error_names_the_template() {
    let site = fixture("invalid-template");
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.out,
        "templates/section.html:3:22: error: template syntax: Found `}` but expected }}.\n1 error, 0 warnings in 1 page\n"
    );
}

#[test]
fn missing_page_template_points_at_the_front_matter() {
    let site = fixture("invalid-template");
    std::fs::remove_file(site.root.join("templates/section.html")).unwrap();
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.out.contains(
            "content/briefings/custom.md:4:12: error: template `nope.html` not found in the theme or templates/"
        ),
        "{}",
        r.out
    );
}

#[test]
fn template_extending_a_missing_parent() {
    let site = fixture("invalid-template");
    site.write("templates/section.html", "{% extends \"nothing.html\" %}\n");
    let r = site.run("check", &[]);
    assert!(
        r.out.contains(
            "templates/section.html:1:1: error: template `section.html` extends `nothing.html`, which does not exist"
        ),
        "{}",
        r.out
    );
}

#[test]
fn json_format_lists_findings() {
    let site = fixture("invalid");
    let r = site.run("check", &["--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let first = &findings[0];
    assert_eq!(first["path"], "content/briefings/bad-toml.hi.md");
    assert_eq!(first["line"], 4);
    assert_eq!(first["severity"], "error");
    assert_eq!(findings.as_array().unwrap().len(), 11);
}

#[test]
fn unknown_language_gets_english_ui_with_a_warning() {
    let site = fixture("basic");
    // Persian: the default theme ships Hindi, English and Urdu strings, not these.
    let config =
        site.read("config.toml").replace("[topics.economy]", "[languages.fa]\nname = \"فارسی\"\n\n[topics.economy]");
    site.write("config.toml", &config);
    site.write("content/fa-note.fa.md", "+++\ntitle = \"یادداشت\"\n+++\n\nمتن\n");
    let r = site.build();
    assert!(r.err.contains("config.toml:16:12: warning: no UI strings for `fa` in the theme"), "{}", r.err);
    let html = site.output("fa/fa-note/index.html");
    assert!(html.contains("<html lang=\"fa\" dir=\"rtl\">"), "Persian is right-to-left by default");
}

#[test]
fn unknown_topic_is_a_warning_with_a_suggestion() {
    let site = fixture("basic");
    site.write(
        "content/briefings/old.hi.md",
        "+++\ntitle = \"पुरानी ख़बर\"\ndate = 2024-01-15\ntopics = [\"economi\"]\n+++\n",
    );
    let r = site.run("check", &[]);
    assert!(r.out.contains("content/briefings/old.hi.md:4:11: warning: topic `economi` has no display names in config.toml [topics] (did you mean `economy`?)"), "{}", r.out);
    assert_eq!(r.code, 0);
    assert_eq!(site.run("check", &["--strict"]).code, 1);
}

#[test]
fn no_input_makes_patrika_panic() {
    let inputs: &[&str] = &[
        "",
        "+++",
        "+++\n+++",
        "+++\n+++\n",
        "+++\ntitle = \n+++\n",
        "+++\n[[[\n+++\n",
        "+++\ntitle = \"x\"\ndate = 2025-02-30\n+++\n",
        "+++\ntitle = \"x\"\ndate = 2025-01-01T25:00:00\n+++\n",
        "+++\ntitle = \"\"\ndate = 2025-01-01\n+++\n",
        "+++\ntitle = \"x\"\ndate = 2025-01-01\nslug = \"../../etc\"\n+++\n",
        "+++\ntitle = \"x\"\ndate = 2025-01-01\n[translation]\nfrom = \"xx\"\n+++\n",
        "+++\ntitle = \"x\"\ndate = 2025-01-01\nextra = 5\n+++\n[a](@/../../x.md) [b](#) [c](.md) [d](@/)",
        "\u{feff}\u{feff}+++\n",
        "+++\ntitle = \"क़\u{200d}\"\ndate = 1900-01-01\ntopics = [\"\", \"a/b\"]\n+++\n# \n## ##\n",
    ];
    for (i, input) in inputs.iter().enumerate() {
        let site = fixture("basic");
        site.write(&format!("content/briefings/fuzz{i}.hi.md"), input);
        let r = site.run("build", &[]);
        assert!(r.code <= 1, "input {i}: {}", r.err);
    }
    let site = fixture("basic");
    std::fs::write(site.root.join("content/briefings/binary.hi.md"), [0xff, 0xfe, 0x00, 0x2b]).unwrap();
    let r = site.run("check", &[]);
    assert!(r.out.contains("content/briefings/binary.hi.md:1:1: error: the file is not valid UTF-8"), "{}", r.out);
    let r = run(&["check", "--root", "/nonexistent/site"]);
    assert_eq!(r.code, 2, "no site there: bad usage");
    assert_eq!(
        r.err,
        "error: --root /nonexistent/site: no config.toml there (is this a Patrika site? `patrika init` makes one)\n"
    );
}

#[test]
fn randomly_damaged_files_never_panic() {
    // Deterministic damage to real files: cut, duplicated, swapped and odd bytes.
    let site = fixture("basic");
    let files =
        ["content/briefings/budget.hi.md", "content/briefings/budget.en.md", "config.toml", "content/about.en.md"];
    let originals: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(site.root.join(f)).unwrap()).collect();
    let mut state = 0x0123_4567_89ab_cdef_u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let noise: &[&[u8]] = &[
        b"+++",
        b"\n",
        b"\"",
        b"[",
        b"]]",
        b"=",
        b"\xe0\xa4",
        b"\xff",
        b"\r\n",
        "क़्".as_bytes(),
        b"[[sources]]\n",
        b"#",
    ];
    for round in 0..150 {
        let which = next(files.len());
        let mut bytes = originals[which].clone();
        for _ in 0..1 + next(4) {
            let at = next(bytes.len() + 1);
            match next(3) {
                0 => bytes.truncate(at),
                1 => bytes.splice(at..at, noise[next(noise.len())].iter().copied()).for_each(drop),
                _ => {
                    let end = (at + next(20)).min(bytes.len());
                    bytes.drain(at..end);
                }
            }
        }
        std::fs::write(site.root.join(files[which]), &bytes).unwrap();
        let r = site.run("check", &[]);
        assert!(r.code <= 1, "round {round}: exit {}", r.code);
        // Whatever broke, every finding reads path:line:col: severity: message.
        let mut lines: Vec<&str> = r.out.lines().collect();
        let summary = lines.pop().unwrap_or_default();
        assert!(summary.contains(" error") && summary.contains(" warning"), "round {round}: {summary}");
        for line in lines {
            let mut parts = line.splitn(4, ':');
            let (path, l, c, rest) = (parts.next(), parts.next(), parts.next(), parts.next().unwrap_or(""));
            assert!(path.is_some_and(|p| !p.is_empty()), "round {round}: {line}");
            assert!(l.is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n > 0)), "round {round}: {line}");
            assert!(c.is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n > 0)), "round {round}: {line}");
            assert!(rest.starts_with(" error: ") || rest.starts_with(" warning: "), "round {round}: {line}");
        }
        assert_eq!(r.code == 1, r.out.lines().any(|l| l.contains(": error: ")), "round {round}: {}", r.out);
        std::fs::write(site.root.join(files[which]), &originals[which]).unwrap();
    }
}

#[test]
fn misnamed_sources_are_errors_with_the_intended_name() {
    let site = fixture("basic");
    let page = "+++\ntitle = \"x\"\ndate = 2025-01-01\n+++\nText.\n";
    for name in ["two.hi.en.md", "upper.HI.md", "shout.hi.MD", "french.fr.md"] {
        site.write(&format!("content/briefings/{name}"), page);
    }
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    let errors: Vec<&str> = r.out.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "content/briefings/french.fr.md:1:1: error: `fr` in the file name is not a configured language (configured: hi, en)",
            "content/briefings/shout.hi.MD:1:1: error: the extension must be lower-case `.md`: rename the file to `shout.hi.md`",
            "content/briefings/two.hi.en.md:1:1: error: the name has two language suffixes (`hi` and `en`): keep one, e.g. `two.en.md`",
            "content/briefings/upper.HI.md:1:1: error: language suffixes are lower-case: rename the file to `upper.hi.md`",
        ]
    );
    // build rejects exactly what check rejects.
    let b = site.run("build", &[]);
    assert_eq!(b.code, 1);
    for line in errors {
        assert!(b.err.contains(line), "build did not report {line}:\n{}", b.err);
    }
}

#[cfg(unix)]
#[test]
fn things_named_like_sources_that_are_not_files_are_errors_not_hangs() {
    let site = fixture("basic");
    let dir = site.root.join("content/briefings");
    let fifo = std::ffi::CString::new(dir.join("pipe.hi.md").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo only reads the NUL-terminated path it is given.
    assert_eq!(unsafe { libc_mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::fs::create_dir(dir.join("folder.hi.md")).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("dangling.hi.md")).unwrap();
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    let errors: Vec<&str> = r.out.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "content/briefings/dangling.hi.md:1:1: error: is named like a briefing but is a symbolic link to nothing",
            "content/briefings/folder.hi.md:1:1: error: is named like a briefing but is a folder",
            "content/briefings/pipe.hi.md:1:1: error: is named like a briefing but is not a regular file (a pipe, socket or device)",
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_pipe_as_config_or_glossary_is_an_error_not_a_hang() {
    for (name, expected) in [
        ("glossary.toml", "glossary.toml:1:1: error: cannot read glossary.toml: it is not a regular file"),
        ("config.toml", "config.toml:1:1: error: cannot read"),
    ] {
        let site = fixture("basic");
        let path = site.root.join(name);
        let _ = std::fs::remove_file(&path);
        let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo only reads the NUL-terminated path it is given.
        assert_eq!(unsafe { libc_mkfifo(c.as_ptr(), 0o644) }, 0);
        let r = site.run("check", &[]);
        assert_eq!(r.code, 1, "{name}");
        assert!(r.out.contains(expected), "{name}: {}", r.out);
        if name == "config.toml" {
            assert!(r.out.contains("it is not a regular file"), "{}", r.out);
        }
    }
}

#[test]
fn a_toml_file_that_is_not_utf8_is_an_error_where_it_stops_being_text() {
    for name in ["config.toml", "authors.toml", "glossary.toml"] {
        let site = fixture("basic");
        let text = std::fs::read_to_string(site.root.join(name)).unwrap_or_default();
        // Two good lines, then a byte that is no UTF-8 after a Hindi word.
        let mut bytes = "# पहली पंक्ति\n# दूसरी\n# नाम ".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xff\n");
        bytes.extend_from_slice(text.as_bytes());
        std::fs::write(site.root.join(name), bytes).unwrap();
        let r = site.run("check", &[]);
        assert_eq!(r.code, 1, "{name}");
        let expected = format!("{name}:3:7: error: the file is not valid UTF-8");
        assert!(r.out.contains(&expected) || r.err.contains(&expected), "{name}: {}{}", r.out, r.err);
    }
}

#[cfg(unix)]
unsafe extern "C" {
    #[link_name = "mkfifo"]
    fn libc_mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
}

#[test]
fn a_template_mistake_is_reported_once_with_the_pages_it_breaks() {
    let site = fixture("basic");
    site.write("templates/page.html", "<html>\n<body>{{ page.title }}\n{{ no_such_variable }}</body></html>\n");
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    let errors: Vec<&str> = r.out.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 1, "{}", r.out);
    assert!(errors[0].starts_with("templates/page.html:3:4: error: "), "{}", errors[0]);
    assert!(errors[0].contains("(breaks 8 pages, e.g. content/analysis/deep.en.md)"), "{}", errors[0]);
}

#[test]
fn check_rejects_what_build_rejects_at_the_same_place() {
    let site = fixture("basic");
    site.write("content/briefings/idx.hi.md", "+++\ntitle = \"x\"\ndate = 2025-01-02\nslug = \"index.html\"\n+++\n");
    site.write(
        "content/briefings/dots.hi.md",
        "+++\ntitle = \"y\"\ndate = 2025-01-02\ntopics = [\"ok\", \"..\", \"a b\"]\n+++\n",
    );
    let expected = [
        "content/briefings/dots.hi.md:4:17: error: topic `..` must not start with a dot",
        "content/briefings/dots.hi.md:4:23: error: topic `a b` must not contain spaces or control characters (use `-`)",
        "content/briefings/idx.hi.md:4:8: error: slug `index.html` is the name of a file Patrika writes; choose another slug",
    ];
    let check = site.run("check", &[]);
    let build = site.run("build", &[]);
    assert_eq!((check.code, build.code), (1, 1));
    for line in expected {
        assert!(check.out.contains(line), "check missed {line}:\n{}", check.out);
        assert!(build.err.contains(line), "build missed {line}:\n{}", build.err);
    }
}

#[test]
fn a_template_cycle_names_the_site_template_at_its_tag() {
    let site = fixture("basic");
    site.write("templates/page.html", "{# a page #}\n{% extends \"plain.html\" %}\n");
    site.write("templates/plain.html", "{% extends \"page.html\" %}\n");
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    let errors: Vec<&str> = r.out.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 1, "{}", r.out);
    assert!(errors[0].starts_with("templates/"), "{}", errors[0]);
    assert!(errors[0].contains("templates extend each other in a circle"), "{}", errors[0]);
    assert!(!r.out.contains("themes/default:1:1"), "{}", r.out);
}

// Bodies a hostile contributor could write to stall a build. Each once took time that grew
// with the square of its size (minutes at these sizes in a test build); every finding is
// still reported, at its place.

/// A small site whose one briefing has `body`.
fn site_with_body(body: &str) -> crate::support::TestSite {
    crate::support::small_site(&[(
        "content/briefings/x.hi.md",
        &format!("+++\ntitle = \"x\"\ndate = 2030-01-01\n+++\n{body}"),
    )])
}

#[test]
fn raw_html_nested_past_what_a_page_can_hold_is_published_as_text() {
    let site = site_with_body(&format!("intro\n\n{}\n", "<div>".repeat(30_000)));
    let r = site.build();
    let warnings: Vec<&str> = r.err.lines().filter(|l| l.contains(": warning: ")).collect();
    // The 513th `<div>` is the first too deep: line 7, column 1 + 5 × 512.
    assert_eq!(
        warnings,
        ["content/briefings/x.hi.md:7:2561: warning: raw HTML: more than 512 elements open at once, which no browser \
          shows as written: this block's HTML is published as text"],
        "{}",
        r.err
    );
    let page = site.output("hi/briefings/x/index.html");
    assert!(page.contains(&"&lt;div&gt;".repeat(30_000)), "shown as text");
    // 512 deep is fine, and cleaned as usual.
    site.write(
        "content/briefings/x.hi.md",
        &format!("+++\ntitle = \"x\"\ndate = 2030-01-01\n+++\n{}<b onclick=\"x()\">b</b>\n", "<div>".repeat(511)),
    );
    let r = site.build();
    assert!(r.err.contains("x.hi.md:5:2559: warning: raw HTML: `onclick` removed from `<b>`"), "{}", r.err);
    assert!(site.output("hi/briefings/x/index.html").contains(&format!("{}<b>b</b>", "<div>".repeat(511))));
}

#[test]
fn thousands_of_broken_shortcodes_in_one_paragraph_are_each_reported() {
    let site = site_with_body(&"{{ figure( ".repeat(20_000));
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    let errors: Vec<&str> = r.out.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 20_000, "{}", &r.out[..2000.min(r.out.len())]);
    // Each at the `{{` after its `(`, where an argument was expected.
    assert!(errors[0].starts_with("content/briefings/x.hi.md:5:12: error: expected an argument name"), "{}", errors[0]);
    // The last is cut off by the end of the file, and said so at its `{{`.
    let last = format!("content/briefings/x.hi.md:5:{}: error: the shortcode `figure` is cut off", 11 * 19_999 + 1);
    assert!(errors[19_999].starts_with(&last), "{}", errors[19_999]);
}

#[test]
fn an_element_with_thousands_of_attributes_is_read_once() {
    // Up to 16 KiB a tag is cleaned as any other: 1,300 removals, each at its attribute.
    let attributes: String = (0..1_300).map(|i| format!(" on{i:05}=\"x\"")).collect();
    let site = site_with_body(&format!("<span{attributes}>text</span>\n"));
    let r = site.build();
    let warnings: Vec<&str> = r.err.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(warnings.len(), 1_300);
    // ` on00000="x"` is 12 characters: the last attribute starts at column 6 + 12 × 1,299 + 1.
    let last = format!("content/briefings/x.hi.md:5:{}: warning: raw HTML: `on01299` removed", 6 + 12 * 1_299 + 1);
    assert!(warnings[1_299].starts_with(&last), "{}", warnings[1_299]);
    assert!(site.output("hi/briefings/x/index.html").contains("<span>text</span>"));
    // Longer, it is published as text with one warning: the parser compares each attribute
    // with all before it, and 20,000 of them would take minutes.
    let attributes: String = (0..20_000).map(|i| format!(" on{i:05}=\"x\"")).collect();
    site.write(
        "content/briefings/x.hi.md",
        &format!("+++\ntitle = \"x\"\ndate = 2030-01-01\n+++\nintro\n\n<span{attributes}>text</span>\n"),
    );
    let r = site.build();
    let warnings: Vec<&str> = r.err.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(
        warnings,
        ["content/briefings/x.hi.md:7:1: warning: raw HTML: a tag longer than 16 KiB (is a `>` missing?): this \
          block's HTML is published as text"]
    );
    assert!(site.output("hi/briefings/x/index.html").contains("&lt;span on00000=\"x\" on00001"));
}

#[test]
fn a_control_character_on_every_line_is_a_warning_per_line() {
    let site = site_with_body(&"पाठ\u{1}\u{1}\n".repeat(40_000));
    let r = site.build();
    let warnings: Vec<&str> = r.err.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(warnings.len(), 40_000);
    assert!(warnings[0].starts_with("content/briefings/x.hi.md:5:4: warning: control character U+0001"));
    assert!(warnings[39_999].starts_with("content/briefings/x.hi.md:40004:4: warning: control character U+0001"));
    let page = site.output("hi/briefings/x/index.html");
    assert!(page.contains("पाठ") && !page.contains('\u{1}'));
}

#[test]
fn forty_thousand_numbers_missing_from_a_translation_are_each_a_finding() {
    let numbers: Vec<String> = (0..40_000).map(|i| i.to_string()).collect();
    let site = site_with_body(&format!("{}\n", numbers.join(" ")));
    site.write(
        "content/briefings/x.en.md",
        "+++\ntitle = \"x\"\ndate = 2030-01-01\n[translation]\nfrom = \"hi\"\n+++\ntext\n",
    );
    let r = site.run("check", &[]);
    let findings: Vec<&str> = r.out.lines().filter(|l| l.ends_with("[numbers]")).collect();
    assert_eq!(findings.len(), 40_000, "{}", &r.out[..2000.min(r.out.len())]);
    assert!(
        findings.iter().any(|l| l.contains("number 39999 appears once in the source (content/briefings/x.hi.md:5:"))
    );
}

#[test]
fn a_theme_without_search_html_fails_before_any_markdown_is_read() {
    // A briefing whose front matter is broken: read, it would be an error of its own.
    let site = small_site(&[
        ("content/briefings/a.hi.md", "+++\ntitle = \"रक्षा\"\ndate = 2026-01-01\n+++\nरक्षा मंत्री ने कहा।\n"),
        ("content/briefings/b.hi.md", "+++\ntitle = \"टूटा\n+++\n"),
    ]);
    let theme = site.root.join("themes/bare");
    copy_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"), &theme);
    std::fs::remove_file(theme.join("templates/search.html")).unwrap();
    let config = SMALL_CONFIG.replace("theme = \"default\"", "theme = \"bare\"");
    site.write("config.toml", &format!("{config}\n[search]\nenabled = true\n"));
    let r = site.run("build", &[]);
    assert_eq!(r.code, 1, "{}", r.err);
    let errors: Vec<&str> = r.err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "themes/bare:1:1: error: template `search.html` not found in the theme or templates/: `[search] enabled` needs it for every language's search page"
        ],
        "{}",
        r.err
    );
    assert!(!site.root.join("public").exists());
    // A list template, with search off: the same, from `check` as from `build`.
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/search.html"),
        theme.join("templates/search.html"),
    )
    .unwrap();
    std::fs::remove_file(theme.join("templates/topic.html")).unwrap();
    site.write("config.toml", &config);
    for command in ["check", "build"] {
        let r = site.run(command, &[]);
        assert_eq!(r.code, 1, "{}", r.err);
        let errors: Vec<&str> = r.out.lines().chain(r.err.lines()).filter(|l| l.contains(": error: ")).collect();
        assert_eq!(
            errors,
            [
                "themes/bare:1:1: error: template `topic.html` not found in the theme or templates/: every topic's list needs it"
            ],
            "{command}"
        );
    }
    assert!(!site.root.join("public").exists());
}

#[test]
fn a_theme_without_root_404_html_answers_at_the_root_with_the_default_languages_not_found_page() {
    let site = small_site(&[(
        "content/briefings/a.hi.md",
        "+++\ntitle = \"रक्षा\"\ndate = 2026-01-01\n+++\nरक्षा मंत्री ने कहा।\n",
    )]);
    let theme = site.root.join("themes/bare");
    copy_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"), &theme);
    std::fs::remove_file(theme.join("templates/root_404.html")).unwrap();
    site.write("config.toml", &SMALL_CONFIG.replace("theme = \"default\"", "theme = \"bare\""));
    let r = site.build();
    assert_eq!(r.code, 0, "{}", r.err);
    // A theme made to the older set of templates (the root 404 is optional) builds, and the
    // root answers with the default language's own page.
    let root = site.output("404.html");
    assert_eq!(root, site.output("hi/404.html"));
    assert!(root.contains("lang=\"hi\""), "{root}");
}
