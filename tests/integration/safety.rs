//! Nothing is lost: a build replaces only a folder Patrika wrote, and an
//! interrupted build leaves the old site or the new one, never neither.

use crate::support::fixture;

#[test]
fn a_folder_patrika_did_not_write_is_never_replaced() {
    let site = fixture("basic");
    let home = site.root.parent().unwrap().join("home");
    std::fs::create_dir_all(home.join("Documents")).unwrap();
    std::fs::write(home.join("Documents/thesis.txt"), "years of work").unwrap();
    std::fs::write(home.join(".bashrc"), "alias ll='ls -l'").unwrap();
    let r = site.run("build", &["--output", home.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.err);
    assert!(r.err.contains("--output: refusing to write the site to"), "{}", r.err);
    assert!(r.err.contains("a folder Patrika did not write (it has no .patrika-output)"), "{}", r.err);
    assert_eq!(std::fs::read_to_string(home.join("Documents/thesis.txt")).unwrap(), "years of work");
    assert_eq!(std::fs::read_to_string(home.join(".bashrc")).unwrap(), "alias ll='ls -l'");
    let leftovers: Vec<_> = std::fs::read_dir(site.root.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("patrika"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_existing_file_is_not_an_output_folder() {
    let site = fixture("basic");
    let precious = site.root.join("precious.txt");
    std::fs::write(&precious, "keep me").unwrap();
    let r = site.run("build", &["--output", precious.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("it is a file, not a folder"), "{}", r.err);
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");
}

#[test]
fn output_dir_inside_the_sites_own_folders_is_refused_at_its_line() {
    let site = fixture("basic");
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    std::fs::write(site.root.join("static/logo.svg"), "<svg/>").unwrap();
    let config = site.read("config.toml");
    for (dir, folder) in
        [("static", "static"), ("themes", "themes"), ("content/newout", "content"), ("templates/x", "templates")]
    {
        site.write("config.toml", &config.replace("[build]\n", &format!("[build]\noutput_dir = \"{dir}\"\n")));
        let line = config.lines().position(|l| l == "[build]").unwrap() + 2;
        for command in ["build", "check"] {
            let r = site.run(command, &[]);
            assert_eq!(r.code, 1, "{command} {dir}");
            let expected = format!("config.toml:{line}:14: error: refusing to write the site to");
            let shown = if command == "build" { &r.err } else { &r.out };
            assert!(shown.contains(&expected), "{command} {dir}: {shown}");
            assert!(shown.contains(&format!("it is inside {folder}/")), "{shown}");
        }
    }
    assert!(!site.root.join("content/newout").exists(), "nothing was written into content/");
    assert_eq!(site.read("static/logo.svg"), "<svg/>");
}

#[test]
fn its_own_output_and_an_empty_folder_are_replaced() {
    let site = fixture("basic");
    std::fs::create_dir_all(site.root.join("public")).unwrap();
    site.build();
    assert!(site.root.join("public/.patrika-output").is_file());
    std::fs::write(site.root.join("public/stray.txt"), "from an old build").unwrap();
    site.build();
    assert!(!site.root.join("public/stray.txt").exists(), "a rebuild replaces the whole folder");
    assert!(site.output("hi/index.html").contains("<html"));
}

#[test]
fn leftovers_of_a_killed_build_are_cleaned_and_a_lost_output_restored() {
    let site = fixture("basic");
    site.build();
    let parent = &site.root;
    // As if killed between moving the old site aside and moving the new one in.
    std::fs::rename(parent.join("public"), parent.join(".public.patrika-old")).unwrap();
    std::fs::create_dir_all(parent.join(".public.patrika-new/hi")).unwrap();
    std::fs::write(parent.join(".public.patrika-new/hi/half.html"), "half").unwrap();
    patrika::publish::recover(&parent.join("public")).unwrap();
    assert!(parent.join("public/hi/index.html").is_file(), "the previous site is back");
    assert!(!parent.join(".public.patrika-old").exists());
    assert!(!parent.join(".public.patrika-new").exists());
    // A build after a kill during writing cleans the half-written staging folder.
    std::fs::create_dir_all(parent.join(".public.patrika-new/en")).unwrap();
    site.build();
    assert!(!parent.join(".public.patrika-new").exists());
    assert!(parent.join("public/en/index.html").is_file());
}

/// A folder outside the site holding someone's work, as a link in a checkout could name.
#[cfg(unix)]
fn precious_folder(site: &crate::support::TestSite, name: &str) -> std::path::PathBuf {
    let folder = site.root.parent().unwrap().join(name);
    std::fs::create_dir_all(folder.join("Documents")).unwrap();
    std::fs::write(folder.join("Documents/thesis.txt"), "years of work").unwrap();
    std::fs::write(folder.join("notes.txt"), "notes").unwrap();
    folder
}

#[cfg(unix)]
#[test]
fn a_leftover_that_is_a_link_is_removed_as_a_link_and_where_it_leads_is_untouched() {
    use std::os::unix::fs::symlink;
    let site = fixture("basic");
    // A checkout may hold anything under the names of the leftovers, links too.
    let home = precious_folder(&site, "home");
    let work = precious_folder(&site, "work");
    symlink(&home, site.root.join(".public.patrika-new")).unwrap();
    symlink(&work, site.root.join(".public.patrika-old")).unwrap();
    site.build();
    for folder in [&home, &work] {
        assert_eq!(std::fs::read_to_string(folder.join("Documents/thesis.txt")).unwrap(), "years of work");
        assert_eq!(std::fs::read_to_string(folder.join("notes.txt")).unwrap(), "notes");
    }
    for leftover in [".public.patrika-new", ".public.patrika-old"] {
        assert!(std::fs::symlink_metadata(site.root.join(leftover)).is_err(), "{leftover} is left");
    }
    assert!(site.output("hi/index.html").contains("<html"));
    // Nor is a link restored as the previous site when the output folder is missing.
    symlink(&home, site.root.join(".public.patrika-old")).unwrap();
    std::fs::remove_dir_all(site.root.join("public")).unwrap();
    patrika::publish::recover(&site.root.join("public")).unwrap();
    assert!(std::fs::symlink_metadata(site.root.join("public")).is_err());
    assert!(std::fs::symlink_metadata(site.root.join(".public.patrika-old")).is_err());
    assert_eq!(std::fs::read_to_string(home.join("notes.txt")).unwrap(), "notes");
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_link_receives_the_site_and_stays_a_link() {
    use std::os::unix::fs::symlink;
    let site = fixture("basic");
    let served = site.root.parent().unwrap().join("www");
    std::fs::create_dir_all(&served).unwrap();
    symlink(&served, site.root.join("public")).unwrap();
    site.build();
    site.build();
    assert!(std::fs::symlink_metadata(site.root.join("public")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(served.join("hi/index.html")).unwrap().contains("<html"));
    let beside: Vec<_> = std::fs::read_dir(&site.root).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(!beside.iter().any(|n| n.to_string_lossy().contains("patrika-")), "{beside:?}");
    // The refusals are about where the link leads: a folder of someone's work is refused.
    let home = precious_folder(&site, "home");
    std::fs::remove_file(site.root.join("public")).unwrap();
    symlink(&home, site.root.join("public")).unwrap();
    let r = site.run("build", &[]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(r.err.contains("a folder Patrika did not write"), "{}", r.err);
    assert_eq!(std::fs::read_to_string(home.join("notes.txt")).unwrap(), "notes");
}

#[test]
fn base_url_problems_are_usage_errors_not_file_positions() {
    let site = fixture("basic");
    let r = site.run("build", &["--base-url", "ftp://x"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.err, "error: --base-url: base_url `ftp://x` must start with http:// or https://\n");
    assert!(!site.root.join("public").exists());
}

#[test]
fn control_characters_are_refused_in_front_matter_and_dropped_from_bodies() {
    let site = fixture("basic");
    site.write(
        "content/briefings/nul.hi.md",
        "+++\ntitle = \"शीर्षक\\u0000\"\ndate = 2025-01-02\n+++\n\nपाठ\u{0}में\u{1b}नियंत्रण।\n",
    );
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.out.contains(
            "content/briefings/nul.hi.md:2:9: error: `title` contains the control character U+0000; remove it"
        ),
        "{}",
        r.out
    );
    site.write(
        "content/briefings/nul.hi.md",
        "+++\ntitle = \"शीर्षक\"\ndate = 2025-01-02\n+++\n\nपाठ\u{0}में\u{1b}नियंत्रण।\n",
    );
    let r = site.run("build", &[]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.err.contains("content/briefings/nul.hi.md:6:4: warning: control character U+0000 dropped from the text"),
        "{}",
        r.err
    );
    let page = site.output("hi/briefings/nul/index.html");
    assert!(page.contains("पाठ में नियंत्रण।"), "{page}");
    assert!(!page.contains('\u{0}') && !page.contains('\u{1b}'));
}

#[test]
fn feeds_and_sitemap_parse_as_xml_whatever_the_input() {
    let site = fixture("basic");
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for n in 0..20 {
        // Random characters from every plane, control characters and XML specials included.
        let body: String = (0..200)
            .map(|_| match next() % 4 {
                0 => char::from_u32((next() % 0x20) as u32).unwrap(),
                1 => ['<', '>', '&', '"', '\'', ']', '\u{fffe}', '\u{ffff}'][(next() % 8) as usize],
                _ => char::from_u32((next() % 0x3_0000) as u32).unwrap_or('x'),
            })
            .collect();
        let body = body.replace('\r', " ");
        site.write(
            &format!("content/briefings/r{n}.hi.md"),
            &format!("+++\ntitle = \"r{n}\"\ndate = 2025-01-02\n+++\n\n{body}\n"),
        );
    }
    let r = site.run("build", &[]);
    assert_eq!(r.code, 0, "{}", r.err);
    for feed in ["hi/atom.xml", "en/atom.xml", "sitemap.xml"] {
        let xml = site.output(feed);
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{feed}: {e}"));
    }
    assert!(site.output("hi/atom.xml").contains("<title>r7</title>"));
}

/// Writes `count` briefings whose titles carry `tag`.
fn write_briefings(root: &std::path::Path, count: usize, tag: &str) {
    let dir = root.join("content/briefings");
    for i in 0..count {
        let text =
            format!("+++\ntitle = \"ब्रीफ़िंग {i} {tag}\"\ndate = 2025-01-{:02}\n+++\n\nपाठ {i}। {tag}\n", 1 + i % 28);
        std::fs::write(dir.join(format!("b{i}.hi.md")), text).unwrap();
    }
}

/// The version tag every briefing page of the output carries, if they all carry the same one.
fn output_version(out: &std::path::Path, count: usize) -> Option<&'static str> {
    let mut seen = None;
    for i in 0..count {
        let page = std::fs::read_to_string(out.join(format!("hi/briefings/b{i}/index.html"))).ok()?;
        let tag = ["vOLD", "vNEW"].into_iter().find(|t| page.contains(t))?;
        if seen.is_some_and(|s| s != tag) {
            return None;
        }
        seen = Some(tag);
    }
    seen
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_site() {
    let site = fixture("basic");
    let count = 1500;
    write_briefings(&site.root, count, "vOLD");
    site.build();
    let out = site.root.join("public");
    assert_eq!(output_version(&out, count), Some("vOLD"));
    write_briefings(&site.root, count, "vNEW");
    let mut state = 0x9e37_79b9_u64;
    for round in 0..12 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_patrika"))
            .args(["build", "--root", &site.root_arg()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(state % 1500));
        let _ = child.kill(); // SIGKILL: no chance to clean up
        let _ = child.wait();
        let version = output_version(&out, count);
        assert!(version.is_some(), "round {round}: the output is neither the whole old nor the whole new site");
        assert!(out.join(".patrika-output").is_file(), "round {round}");
    }
    site.build();
    assert_eq!(output_version(&out, count), Some("vNEW"));
    let leftovers: Vec<String> = std::fs::read_dir(&site.root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("patrika-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
