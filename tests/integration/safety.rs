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

#[test]
fn base_url_problems_are_usage_errors_not_file_positions() {
    let site = fixture("basic");
    let r = site.run("build", &["--base-url", "ftp://x"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.err, "error: --base-url: base_url `ftp://x` must start with http:// or https://\n");
    assert!(!site.root.join("public").exists());
}
