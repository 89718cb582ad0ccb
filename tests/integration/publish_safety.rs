//! What a site may publish (DESIGN §11): only files inside the site's folder
//! are read, whatever links say, and every bundle file is published by what its
//! bytes are, not by its name.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::{TestSite, fixture};

/// What the build's environment holds and a hostile link would publish.
const SECRET: &str = "SECRET_TOKEN_7f3a9c";

/// A bundle briefing the links are put beside.
fn bundle_site() -> TestSite {
    let site = fixture("basic");
    site.write(
        "content/briefings/b/index.hi.md",
        "+++\ntitle = \"फ़ाइलों वाली ख़बर\"\ndate = 2030-03-01\n+++\n\n[पर्यावरण](env.txt) और [नोट](notes.txt)\n",
    );
    site
}

/// Runs the real binary with the secret in its environment, as a CI runner holds deploy keys.
fn run_with_secret(site: &TestSite, command: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_patrika"))
        .args([command, "--root", &site.root_arg()])
        .env("SECRET_TOKEN", SECRET)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// Every file under `dir`, read as bytes, must be free of `needle`.
fn assert_nowhere_below(dir: &Path, needle: &str) {
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let bytes = std::fs::read(entry.path()).unwrap();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{} holds it", entry.path().display());
    }
}

#[test]
fn links_out_of_the_site_are_errors_at_the_link_and_publish_nothing() {
    let site = bundle_site();
    let outside = site.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), SECRET).unwrap();
    std::fs::write(outside.join("page.html"), format!("<p>{SECRET}</p>")).unwrap();
    let bundle = site.root.join("content/briefings/b");
    symlink("/proc/self/environ", bundle.join("env.txt")).unwrap();
    symlink(outside.join("secret.txt"), bundle.join("notes.txt")).unwrap();
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    symlink(outside.join("secret.txt"), site.root.join("static/robots-extra.txt")).unwrap();
    symlink(&outside, site.root.join("static/more")).unwrap();
    std::fs::create_dir_all(site.root.join("templates")).unwrap();
    symlink(outside.join("page.html"), site.root.join("templates/page.html")).unwrap();
    symlink(outside.join("secret.txt"), site.root.join("content/briefings/leak.hi.md")).unwrap();
    // Built once with a public/ of its own, so that a failed build leaving it untouched is visible.
    for command in ["build", "check"] {
        let (code, text) = run_with_secret(&site, command);
        assert_eq!(code, 1, "{command}: {text}");
        assert!(!text.contains(SECRET), "{command} printed the secret:\n{text}");
        let at = |path: &str| format!("{path}:1:1: error: is a symbolic link that leads outside the site (to ");
        for path in [
            "content/briefings/b/env.txt",
            "content/briefings/b/notes.txt",
            "content/briefings/leak.hi.md",
            "static/robots-extra.txt",
            "static/more",
            "templates/page.html",
        ] {
            assert!(text.contains(&at(path)), "{command}: no error at {path}:\n{text}");
        }
        assert!(text.contains("/proc/"), "the message says where the link leads:\n{text}");
    }
    assert!(!site.root.join("public").exists(), "a failed build writes nothing");
    // Without the links the site builds, and the secret is nowhere in it.
    for link in ["content/briefings/b/env.txt", "content/briefings/leak.hi.md", "templates/page.html", "static/more"] {
        std::fs::remove_file(site.root.join(link)).unwrap();
    }
    std::fs::remove_file(site.root.join("content/briefings/b/notes.txt")).unwrap();
    std::fs::remove_file(site.root.join("static/robots-extra.txt")).unwrap();
    site.write("content/briefings/b/env.txt", "x");
    site.write("content/briefings/b/notes.txt", "y");
    let (code, text) = run_with_secret(&site, "build");
    assert_eq!(code, 0, "{text}");
    assert_nowhere_below(&site.root.join("public"), SECRET);
    assert_nowhere_below(&site.root.join("public"), "SECRET_TOKEN");
}

#[test]
fn links_inside_the_site_are_followed_in_every_folder() {
    let site = bundle_site();
    site.write("shared/notes.txt", "shared notes");
    site.write("shared/pictures/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.write("shared/page.html", "{% extends \"base.html\" %}{% block content %}LINKED TEMPLATE{% endblock %}");
    site.write("shared/style.css", "body { color: red }");
    let bundle = site.root.join("content/briefings/b");
    symlink("../../../shared/notes.txt", bundle.join("notes.txt")).unwrap();
    symlink(site.root.join("shared/pictures"), bundle.join("pictures")).unwrap();
    site.write("content/briefings/b/env.txt", "plain");
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    symlink("../shared/style.css", site.root.join("static/style.css")).unwrap();
    symlink("../shared/pictures", site.root.join("static/pictures")).unwrap();
    let r = site.run("build", &[]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(site.output("hi/briefings/b/notes.txt"), "shared notes");
    assert!(site.output("hi/briefings/b/pictures/logo.svg").starts_with("<svg"));
    assert_eq!(site.output("style.css"), "body { color: red }");
    assert!(site.output("pictures/logo.svg").starts_with("<svg"));
}

#[test]
fn a_link_loop_or_a_second_way_into_a_folder_is_an_error_not_a_hang() {
    let site = bundle_site();
    site.write("content/briefings/b/env.txt", "x");
    site.write("content/briefings/b/notes.txt", "y");
    symlink("..", site.root.join("content/briefings/b/up")).unwrap();
    symlink("../../content", site.root.join("content/briefings/again")).unwrap();
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.out.contains("content/briefings/again:1:1: error: leads to a folder that is read already (content)"),
        "{}",
        r.out
    );
    assert!(r.out.contains("content/briefings/b/up:1:1: error: leads to a folder that is read already"), "{}", r.out);
}

#[test]
fn a_theme_may_be_a_link_to_a_theme_kept_elsewhere_but_its_links_stay_inside_it() {
    let site = bundle_site();
    site.write("content/briefings/b/env.txt", "x");
    site.write("content/briefings/b/notes.txt", "y");
    let elsewhere = site.root.parent().unwrap().join("themes-kept-elsewhere/plain");
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&default).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let to = elsewhere.join(entry.path().strip_prefix(&default).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(entry.path(), to).unwrap();
    }
    std::fs::create_dir_all(site.root.join("themes")).unwrap();
    symlink(&elsewhere, site.root.join("themes/plain")).unwrap();
    site.write("config.toml", &site.read("config.toml").replace("theme = \"default\"", "theme = \"plain\""));
    site.build();
    // A link inside the theme to a file outside both the site and the theme is refused.
    std::fs::write(site.root.parent().unwrap().join("secret.txt"), SECRET).unwrap();
    symlink(site.root.parent().unwrap().join("secret.txt"), elsewhere.join("static/leak.txt")).unwrap();
    let r = site.run("build", &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.err.contains("themes/plain/static/leak.txt:1:1: error: is a symbolic link that leads outside the site"),
        "{}",
        r.err
    );
    assert!(!r.err.contains(SECRET));
    // And a theme name may not climb out of themes/.
    site.write("config.toml", &site.read("config.toml").replace("theme = \"plain\"", "theme = \"../..\""));
    let r = site.run("check", &[]);
    assert!(r.out.contains("error: theme `../..` is not a folder name"), "{}", r.out);
}

#[test]
fn serve_never_serves_a_file_from_outside_the_site() {
    let site = bundle_site();
    site.write("content/briefings/b/env.txt", "harmless");
    site.write("content/briefings/b/notes.txt", "y");
    let server = crate::serve::serve_with(&site, &[("SECRET_TOKEN", SECRET)]);
    let path = "/hi/briefings/b/env.txt";
    assert_eq!(crate::serve::get(&server.address, path).2, "harmless");
    std::fs::remove_file(site.root.join("content/briefings/b/env.txt")).unwrap();
    symlink("/proc/self/environ", site.root.join("content/briefings/b/env.txt")).unwrap();
    // The rebuild fails at the link; the last good site stays up without it changing.
    let mut seen = Vec::new();
    while !seen.iter().any(|l: &String| l.contains("content/briefings/b/env.txt:1:1: error: is a symbolic link")) {
        seen.push(server.stderr.recv_timeout(Duration::from_secs(30)).expect("an error line"));
    }
    let (_, _, body) = crate::serve::get(&server.address, path);
    assert!(!body.contains(SECRET) && !body.contains("SECRET_TOKEN"), "{body}");
    let (_, _, page) = crate::serve::get(&server.address, "/hi/briefings/b/");
    assert!(!page.contains(SECRET), "{page}");
}
