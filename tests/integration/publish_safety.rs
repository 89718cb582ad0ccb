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
    // Inside the site, but hidden: a CI checkout's .git/config may hold the deploy token.
    site.write(".git/config", &format!("[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n"));
    symlink("../../../.git/config", bundle.join("git.txt")).unwrap();
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
        let hidden =
            "content/briefings/b/git.txt:1:1: error: is a symbolic link to a hidden file or folder (.git/config)";
        assert!(text.contains(hidden), "{command}:\n{text}");
    }
    assert!(!site.root.join("public").exists(), "a failed build writes nothing");
    // Without the links the site builds, and the secret is nowhere in it.
    for link in ["content/briefings/b/env.txt", "content/briefings/leak.hi.md", "templates/page.html", "static/more"] {
        std::fs::remove_file(site.root.join(link)).unwrap();
    }
    std::fs::remove_file(site.root.join("content/briefings/b/notes.txt")).unwrap();
    std::fs::remove_file(site.root.join("static/robots-extra.txt")).unwrap();
    std::fs::remove_file(site.root.join("content/briefings/b/git.txt")).unwrap();
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

/// Moves `folder` down into `depth` new folders named `name`, each made beside it, so that
/// no path used on the way is long: the result is deeper than the system's path limit.
fn bury(folder: &Path, name: &str, depth: usize) -> std::path::PathBuf {
    let parent = folder.parent().unwrap();
    let mut top = folder.to_path_buf();
    for i in 0..depth {
        let outer = parent.join(format!("outer-{i}"));
        std::fs::create_dir(&outer).unwrap();
        std::fs::rename(&top, outer.join(name)).unwrap();
        top = outer;
    }
    top
}

#[test]
fn a_file_deeper_than_the_path_limit_is_an_error_not_left_out() {
    let site = bundle_site();
    site.write("content/briefings/b/env.txt", "x");
    site.write("content/briefings/b/notes.txt", "y");
    let long = "ग".repeat(80); // 240 bytes a name, 18 of them: more than 4,096 bytes
    site.write("deep/p.hi.md", "+++\ntitle = \"गहरा\"\ndate = 2030-03-01\n+++\nपाठ\n");
    site.write("deeper/b/index.hi.md", "+++\ntitle = \"फ़ाइल\"\ndate = 2030-03-01\n+++\nपाठ\n");
    site.write("deeper/b/map.pdf", "%PDF-1.4");
    std::fs::rename(bury(&site.root.join("deep"), &long, 18), site.root.join("content/analysis/deep")).unwrap();
    std::fs::rename(bury(&site.root.join("deeper"), &long, 17), site.root.join("content/briefings/deeper")).unwrap();
    for command in ["check", "build"] {
        let r = site.run(command, &[]);
        assert_eq!(r.code, 1, "{command} built a site without them:\n{}{}", r.out, r.err);
        let text = r.out + &r.err;
        let found = text.lines().filter(|l| l.contains(":1:1: error: cannot be read: ")).count();
        assert!(found >= 2, "{command}: the deep files are not reported:\n{text}");
        assert!(text.contains("content/analysis/deep/"), "{text}");
        assert!(text.contains("content/briefings/deeper/"), "{text}");
    }
}

#[test]
fn no_published_name_holds_a_character_that_hides_or_turns_it() {
    use std::os::unix::ffi::OsStrExt;
    let site = bundle_site();
    site.write("content/briefings/b/env.txt", "x");
    site.write("content/briefings/b/notes.txt", "y");
    // U+202E shows `abc\u{202e}lmth.exe` as `abcexe.html`, in a URL and in a download dialog.
    site.write("content/briefings/b/photo\u{202e}gpj.exe", "MZ");
    site.write(
        "content/briefings/rtl.hi.md",
        "+++\ntitle = \"उलटा\"\ndate = 2030-03-01\nslug = \"abc\u{202e}lmth.exe\"\ntopics = [\"a\u{200b}b\"]\n+++\nपाठ\n",
    );
    site.write("content/briefings/in\u{2067}visible.hi.md", "+++\ntitle = \"x\"\ndate = 2030-03-01\n+++\nपाठ\n");
    let not_utf8 = std::ffi::OsStr::from_bytes(b"scan\xff.pdf");
    std::fs::write(site.root.join("content/briefings/b").join(not_utf8), "%PDF").unwrap();
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    for expected in [
        "content/briefings/b/photo\u{202e}gpj.exe:1:1: error: the name holds U+202E, an invisible character",
        "content/briefings/in\u{2067}visible.hi.md:1:1: error: the name holds U+2067",
        "content/briefings/rtl.hi.md:4:8: error: slug `abc\u{202e}lmth.exe` must not contain invisible or direction-changing characters",
        "content/briefings/rtl.hi.md:5:11: error: topic `a\u{200b}b` must not contain invisible",
        "content/briefings/b/scan\u{fffd}.pdf:1:1: error: the name is not UTF-8 text",
    ] {
        assert!(r.out.contains(expected), "no `{expected}` in\n{}", r.out);
    }
    let r = site.run("new", &["briefings", "--title", "x", "--slug", "abc\u{202e}lmth.exe"]);
    assert_eq!(r.code, 2, "{}{}", r.out, r.err);
    assert!(r.err.contains("must not contain invisible or direction-changing characters"), "{}", r.err);
    // Joiners are parts of Indic words, and stay.
    site.write(
        "content/briefings/rtl.hi.md",
        "+++\ntitle = \"x\"\ndate = 2030-03-01\nslug = \"क्\u{200d}ष\"\n+++\nपाठ\n",
    );
    std::fs::remove_file(site.root.join("content/briefings/in\u{2067}visible.hi.md")).unwrap();
    std::fs::remove_file(site.root.join("content/briefings/b/photo\u{202e}gpj.exe")).unwrap();
    std::fs::remove_file(site.root.join("content/briefings/b").join(not_utf8)).unwrap();
    let r = site.run("build", &[]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(site.output("hi/briefings/क्\u{200d}ष/index.html").contains("<html"));
}

#[test]
fn new_never_writes_through_a_folder_link_that_leads_outside() {
    let site = bundle_site();
    let outside = site.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    symlink(&outside, site.root.join("content/reports")).unwrap();
    symlink(&outside, site.root.join("content/briefings/archive")).unwrap();
    for section in ["reports", "briefings/archive/rail-budget", "reports/deeper/rail-budget"] {
        let r = site.run("new", &[section, "--title", "Rail budget"]);
        assert_eq!(r.code, 1, "{section}: {}", r.out);
        assert!(r.err.contains("is a symbolic link that leads outside the site"), "{section}: {}", r.err);
    }
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "nothing was written outside the site");
    // A section folder linked from inside the site is written as any other.
    std::fs::create_dir_all(site.root.join("shared/notes")).unwrap();
    symlink("../shared/notes", site.root.join("content/notes")).unwrap();
    let r = site.run("new", &["notes", "--title", "Rail budget"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(site.read("shared/notes/rail-budget.hi.md").contains("title = \"Rail budget\""));
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

/// Whether `needle` occurs in `bytes`.
fn holds(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// A bundle briefing that shows `files` (names in the bundle) as pictures.
fn picture_site(files: &[&str]) -> TestSite {
    let site = fixture("basic");
    let body: String = files.iter().map(|f| format!("![चित्र]({f})\n\n")).collect();
    site.write("content/briefings/p/index.hi.md", &format!("+++\ntitle = \"चित्र\"\ndate = 2030-03-01\n+++\n\n{body}"));
    site
}

fn put(site: &TestSite, name: &str, bytes: &[u8]) {
    std::fs::write(site.root.join("content/briefings/p").join(name), bytes).unwrap();
}

#[test]
fn photos_are_cleaned_whatever_their_name_says() {
    use patrika::media::testing::{photo_with_metadata_jpeg, photo_with_metadata_tiff};
    let site = picture_site(&["camera.jfif", "scan.tif", "also-a-photo.txt", "big.TIFF"]);
    put(&site, "camera.jfif", &photo_with_metadata_jpeg(800, 600, 1));
    put(&site, "scan.tif", &photo_with_metadata_tiff(640, 480, 2));
    put(&site, "also-a-photo.txt", &photo_with_metadata_jpeg(300, 200, 3));
    put(&site, "big.TIFF", &photo_with_metadata_tiff(1300, 700, 4));
    // The sources do carry what must not be published.
    for name in ["camera.jfif", "scan.tif"] {
        let source = std::fs::read(site.root.join("content/briefings/p").join(name)).unwrap();
        assert!(holds(&source, b"SN-4242-SECRET"), "{name}");
        let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&source)).unwrap();
        assert!(exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).is_some(), "{name} has a GPS position");
    }
    site.build();
    let published: Vec<String> =
        site.output_files().into_iter().filter(|f| f.starts_with("hi/briefings/p/") && !f.ends_with(".html")).collect();
    assert_eq!(
        published,
        [
            "hi/briefings/p/also-a-photo-300.jpg",
            "hi/briefings/p/also-a-photo-300.webp",
            "hi/briefings/p/big-1200.jpg",
            "hi/briefings/p/big-1300.webp",
            "hi/briefings/p/big-480.webp",
            "hi/briefings/p/big-960.webp",
            "hi/briefings/p/camera-480.webp",
            "hi/briefings/p/camera-800.jpg",
            "hi/briefings/p/camera-800.webp",
            // The share card: drawn from a cleaned variant, and checked like the pictures below.
            "hi/briefings/p/card.png",
            "hi/briefings/p/scan-480.webp",
            "hi/briefings/p/scan-640.jpg",
            "hi/briefings/p/scan-640.webp",
        ]
    );
    for file in &published {
        let bytes = std::fs::read(site.root.join("public").join(file)).unwrap();
        for needle in [&b"SN-4242-SECRET"[..], b"PatrikaCam", b"Model X9", b"Exif"] {
            assert!(!holds(&bytes, needle), "{file} carries {}", String::from_utf8_lossy(needle));
        }
        assert!(exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes)).is_err(), "{file} has EXIF");
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert!(decoded.width() >= 300, "{file} is a real picture");
    }
    let page = site.output("hi/briefings/p/index.html");
    assert!(
        page.contains("srcset=\"/news/hi/briefings/p/scan-480.webp 480w, /news/hi/briefings/p/scan-640.webp 640w\"")
    );
}

#[test]
fn heif_pages_and_fake_pictures_are_refused_with_a_reason() {
    let site = picture_site(&["IMG_0042.HEIC", "cover.avif", "notes.png"]);
    let index = site.read("content/briefings/p/index.hi.md");
    site.write(
        "content/briefings/p/index.hi.md",
        &index.replace("+++\n\n", "image = \"IMG_0042.HEIC\"\nimage_alt = \"x\"\n+++\n\n"),
    );
    put(&site, "IMG_0042.HEIC", b"\0\0\0\x18ftypheic\0\0\0\0mif1heicmeta and GPS");
    put(&site, "cover.avif", b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf");
    put(&site, "notes.png", b"this is not a picture");
    put(&site, "report.html", b"<p>hello</p><script>alert(document.domain)</script>");
    put(&site, "data.xml", b"<x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">alert(1)</x:script>");
    put(&site, "README", b"<!doctype html><script>alert(1)</script>");
    put(&site, "table.csv", b"a,b\n1,2\n");
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    let at = |name: &str| format!("content/briefings/p/{name}:1:1: error: `{name}` ");
    for (name, says) in [
        (
            "IMG_0042.HEIC",
            "is a HEIF/HEIC picture, which Patrika cannot read: there is no well-kept HEIF/HEIC decoder in Rust",
        ),
        ("cover.avif", "is an AVIF picture, which Patrika cannot read"),
        ("notes.png", "is named like a picture but is not one"),
        ("report.html", "would be served as a `.html` page, and a page among an author's files could run script"),
        ("data.xml", "would be served as a `.xml` page"),
        ("README", "is an HTML or XML page, and a server that guesses a file's type serves it as one"),
    ] {
        assert!(r.out.contains(&format!("{}{says}", at(name))), "{name}:\n{}", r.out);
    }
    assert!(r.out.contains("Export it as JPEG (on an iPhone"), "{}", r.out);
    // A link to a refused file is not a second, misleading error.
    assert!(!r.out.contains("is not a file of this bundle"), "{}", r.out);
    assert!(!r.out.contains("content/briefings/p/index.hi.md"), "{}", r.out);
    assert!(!r.out.contains("table.csv"), "{}", r.out);
}

#[test]
fn files_a_server_would_make_pages_or_programs_are_refused_whatever_their_extension() {
    let site = picture_site(&[]);
    // An XHTML document in a file of any XML type runs its script on the site in Chromium
    // (checked by hand for .rss, .atom, .mml, .xsd, .wsdl, .dtd and .aspx, as served by
    // `patrika serve` and `patrika deploy`).
    let page = b"<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></html>";
    let refused = [
        ("feed.rss", "would be served as `application/rss+xml`, which a browser shows as a page"),
        ("entries.atom", "would be served as `application/atom+xml`"),
        ("formula.mml", "would be served as `text/mathml`"),
        ("schema.xsd", "would be served as `text/xml`"),
        ("service.wsdl", "would be served as `text/xml`"),
        ("web.config", "would be served as `application/xml`"),
        ("route.kml", "would be served as `application/vnd.google-earth.kml+xml`"),
        ("Default.aspx", "would be run as a `.aspx` program by a web server that runs them"),
        ("upload.php", "would be run as a `.php` program"),
        ("page.phtml", "would be run as a `.phtml` program"),
        ("LICENSE", "is an HTML or XML page, and a server that guesses a file's type serves it as one"),
        ("notes.unknownext", "is an HTML or XML page"),
    ];
    for (name, _) in refused {
        put(&site, name, page);
    }
    put(&site, "lede.data", b"<p>a paragraph</p><img src=x onerror=alert(1)>");
    // What is not a page stays a file of the briefing, whatever its bytes.
    let kept = ["report.docx", "sheet.xlsx", "data.json", "notes.txt", "chart.js", "table.csv"];
    for name in kept {
        put(&site, name, page);
    }
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    let at = |name: &str| format!("content/briefings/p/{name}:1:1: error: `{name}` ");
    for (name, says) in refused.iter().chain(&[("lede.data", "is an HTML or XML page")]) {
        assert!(r.out.contains(&format!("{}{says}", at(name))), "{name}:\n{}", r.out);
    }
    for name in kept {
        assert!(!r.out.contains(name), "{name}:\n{}", r.out);
    }
    for (name, _) in refused {
        std::fs::remove_file(site.root.join("content/briefings/p").join(name)).unwrap();
    }
    std::fs::remove_file(site.root.join("content/briefings/p/lede.data")).unwrap();
    site.build();
    for name in kept {
        assert_eq!(site.output(&format!("hi/briefings/p/{name}")).as_bytes(), page, "{name}");
    }
}

const SVG_WITH_SCRIPT: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\n\
    <rect width=\"10\" height=\"10\" fill=\"red\"/>\n\
    <script>document.title = 'PWNED ' + document.domain</script>\n\
    </svg>\n";

#[test]
fn an_svg_that_runs_or_loads_anything_is_refused_at_the_element() {
    let site = picture_site(&["chart.svg", "map.svg", "clean.svg"]);
    put(&site, "chart.svg", SVG_WITH_SCRIPT.as_bytes());
    put(
        &site,
        "map.svg",
        b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n\
          <a xlink:href=\"javascript:alert(1)\"><circle r=\"4\" onmouseover=\"alert(2)\"/></a>\n\
          <foreignObject width=\"9\" height=\"9\"><iframe xmlns=\"http://www.w3.org/1999/xhtml\" src=\"https://x.example/\"/></foreignObject>\n\
          <image href=\"https://tracker.example/pixel.png\"/>\n</svg>\n",
    );
    // An SVG's bytes named as something else are checked all the same.
    put(&site, "drawing.dat", SVG_WITH_SCRIPT.as_bytes());
    put(
        &site,
        "clean.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><defs><linearGradient id=\"g\"/></defs>\
          <rect fill=\"url(#g)\" width=\"5\" height=\"5\"/></svg>",
    );
    let r = site.run("build", &[]);
    assert_eq!(r.code, 1);
    let errors: Vec<&str> = r.err.lines().filter(|l| l.contains(": error: ")).collect();
    let p = "content/briefings/p/";
    let expected = [
        format!("{p}chart.svg:3:1: error: <script> runs script on every page that shows the drawing: remove it"),
        format!("{p}drawing.dat:3:1: error: <script> runs script on every page that shows the drawing: remove it"),
        format!(
            "{p}map.svg:3:4: error: <a> refers to `javascript:alert(1)` outside the drawing; an SVG may only refer to its own parts (`#id`)"
        ),
        format!("{p}map.svg:3:51: error: <circle> has the event attribute `onmouseover`, which runs script: remove it"),
        format!("{p}map.svg:4:1: error: <foreignObject> can hold HTML, and with it script: remove it"),
        format!("{p}map.svg:4:37: error: <html:iframe> is HTML inside the drawing, which can run script: remove it"),
        format!(
            "{p}map.svg:5:8: error: <image> refers to `https://tracker.example/pixel.png` outside the drawing; an SVG may only refer to its own parts (`#id`)"
        ),
    ];
    assert_eq!(errors, expected, "{}", r.err);
    assert!(!site.root.join("public").exists());
    // Without the bad drawings the clean one is published as it is.
    for name in ["chart.svg", "map.svg", "drawing.dat"] {
        std::fs::remove_file(site.root.join(p).join(name)).unwrap();
    }
    site.write(
        "content/briefings/p/index.hi.md",
        "+++\ntitle = \"चित्र\"\ndate = 2030-03-01\n+++\n\n![चित्र](clean.svg)\n",
    );
    site.build();
    assert!(site.output("hi/briefings/p/clean.svg").contains("url(#g)"));
}

/// A two-frame GIF, with or without what a publisher must not leak (a comment, an XMP
/// block, bytes after the trailer).
fn gif(with_metadata: bool) -> Vec<u8> {
    let mut gif = b"GIF89a\x02\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
    gif.extend_from_slice(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00");
    let block = |label: u8, parts: &[&[u8]]| {
        let mut b = vec![0x21, label];
        for part in parts {
            b.push(part.len() as u8);
            b.extend_from_slice(part);
        }
        b.push(0);
        b
    };
    if with_metadata {
        gif.extend(block(0xFE, &[b"GPS 28.6139N 77.2090E"]));
        gif.extend(block(0xFF, &[b"XMP DataXMP", b"<x:xmpmeta x=1/>"]));
    }
    for _ in 0..2 {
        gif.extend_from_slice(b"\x21\xF9\x04\x04\x0A\x00\x00\x00");
        gif.extend_from_slice(b"\x2C\x00\x00\x00\x00\x02\x00\x02\x00\x00\x02\x02\x84\x51\x00");
    }
    gif.push(0x3B);
    if with_metadata {
        gif.extend_from_slice(b"<script>alert(1)</script>");
    }
    gif
}

/// A two-frame animated PNG, with or without text, EXIF, profile and time chunks.
fn apng(with_metadata: bool) -> Vec<u8> {
    use patrika::media::testing::png_chunk;
    let rows = |shade: u8| {
        let raw: Vec<u8> = (0..4).flat_map(|_| std::iter::once(0).chain([shade; 12])).collect();
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, &raw).unwrap();
        z.finish().unwrap()
    };
    let frame = |seq: u32| {
        let mut f = seq.to_be_bytes().to_vec();
        for v in [4u32, 4, 0, 0] {
            f.extend(v.to_be_bytes());
        }
        f.extend([0, 1, 0, 10, 0, 0]);
        f
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &[0, 0, 0, 4, 0, 0, 0, 4, 8, 2, 0, 0, 0]));
    png.extend(png_chunk(b"acTL", &[0, 0, 0, 2, 0, 0, 0, 0]));
    if with_metadata {
        png.extend(png_chunk(b"tEXt", b"Comment\0GPS 28.6139N 77.2090E"));
        png.extend(png_chunk(b"eXIf", b"MM\0*\0\0\0\x08\0\0"));
        png.extend(png_chunk(b"tIME", &[7, 233, 1, 1, 0, 0, 0]));
    }
    png.extend(png_chunk(b"fcTL", &frame(0)));
    png.extend(png_chunk(b"IDAT", &rows(40)));
    png.extend(png_chunk(b"fcTL", &frame(1)));
    png.extend(png_chunk(b"fdAT", &[&2u32.to_be_bytes()[..], &rows(200)].concat()));
    png.extend(png_chunk(b"IEND", &[]));
    if with_metadata {
        png.extend_from_slice(b"trailing secret");
    }
    png
}

/// A two-frame animated WebP, with or without an EXIF, an XMP, a profile and an unknown chunk.
fn animated_webp(with_metadata: bool) -> Vec<u8> {
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_vec();
        out.extend((data.len() as u32).to_le_bytes());
        out.extend_from_slice(data);
        if data.len() % 2 == 1 {
            out.push(0);
        }
        out
    }
    let still = webp::Encoder::from_rgb(&[120u8; 4 * 4 * 3], 4, 4).encode_lossless().to_vec();
    let vp8l = &still[12..]; // the VP8L chunk, whole
    let mut flags_and_size = vec![if with_metadata { 0x02 | 0x20 | 0x08 | 0x04 } else { 0x02 }, 0, 0, 0];
    flags_and_size.extend([3, 0, 0, 3, 0, 0]);
    let mut body = chunk(b"VP8X", &flags_and_size);
    if with_metadata {
        body.extend(chunk(b"ICCP", b"a profile naming a camera"));
    }
    body.extend(chunk(b"ANIM", &[0, 0, 0, 0, 0, 0]));
    for _ in 0..2 {
        let mut frame = vec![0, 0, 0, 0, 0, 0, 3, 0, 0, 3, 0, 0, 100, 0, 0, 0];
        frame.extend_from_slice(vp8l);
        if with_metadata {
            frame.extend(chunk(b"XYZW", b"hidden"));
        }
        body.extend(chunk(b"ANMF", &frame));
    }
    if with_metadata {
        body.extend(chunk(b"EXIF", b"MM\0*GPS 28.6139N"));
        body.extend(chunk(b"XMP ", b"<x:xmpmeta/>"));
    }
    let mut out = b"RIFF".to_vec();
    out.extend(((body.len() + 4) as u32).to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend(body);
    out
}

#[test]
fn animations_keep_every_frame_and_lose_their_metadata() {
    let site = picture_site(&["loop.gif", "spinner.png", "clip.webp"]);
    put(&site, "loop.gif", &gif(true));
    put(&site, "spinner.png", &apng(true));
    put(&site, "clip.webp", &animated_webp(true));
    site.build();
    let published = |name: &str| std::fs::read(site.root.join("public/hi/briefings/p").join(name)).unwrap();
    assert_eq!(published("loop.gif"), gif(false));
    assert_eq!(published("spinner.png"), apng(false));
    assert_eq!(published("clip.webp"), animated_webp(false));
    for name in ["loop.gif", "spinner.png", "clip.webp"] {
        let bytes = published(name);
        for needle in [&b"GPS"[..], b"xmpmeta", b"script", b"secret", b"camera", b"hidden"] {
            assert!(!holds(&bytes, needle), "{name} carries {}", String::from_utf8_lossy(needle));
        }
    }
    // Published as they are: the page shows the animation itself, not a still variant.
    let page = site.output("hi/briefings/p/index.html");
    assert!(page.contains("src=\"/news/hi/briefings/p/spinner.png\""), "{page}");
    assert!(image::load_from_memory(&published("clip.webp")).is_ok());
    let frames = image::codecs::png::PngDecoder::new(std::io::Cursor::new(published("spinner.png"))).unwrap();
    assert!(frames.is_apng().unwrap());
}

/// A JPEG carrying `segments` APP1 blocks of 60 KB each (an EXIF/XMP flood).
fn jpeg_with_huge_metadata(segments: usize) -> Vec<u8> {
    let photo = patrika::media::testing::noise_photo_jpeg(64, 48, 5);
    let mut out = photo[..2].to_vec();
    for _ in 0..segments {
        out.extend([0xFF, 0xE1]);
        out.extend(60_002u16.to_be_bytes());
        out.extend(b"http://ns.adobe.com/xap/1.0/\0");
        out.extend(std::iter::repeat_n(b'x', 60_000 - 29));
    }
    out.extend(&photo[2..]);
    out
}

#[test]
fn bombs_and_broken_pictures_are_errors_that_say_what_is_wrong() {
    use patrika::media::testing::{noise_photo_jpeg, png_chunk, png_with_bomb};
    let names = ["profile.png", "text.png", "xmp.png", "flood.jpg", "huge.png", "broken.png", "map.jpg", "map.jpeg"];
    let site = picture_site(&names);
    // The page's own picture is one of them: its error is the file's, not a second one.
    let index = site
        .read("content/briefings/p/index.hi.md")
        .replace("+++\n\n", "image = \"profile.png\"\nimage_alt = \"x\"\n+++\n\n");
    // And a figure shows another: no "not a file there" for a file that is there.
    let index = index + "{{ figure(src=\"broken.png\", alt=\"x\") }}\n";
    site.write("content/briefings/p/index.hi.md", &index);
    put(&site, "profile.png", &png_with_bomb(b"iCCP", 2 << 30));
    put(&site, "text.png", &png_with_bomb(b"zTXt", 1 << 30));
    put(&site, "xmp.png", &png_with_bomb(b"iTXt", 1 << 30));
    put(&site, "flood.jpg", &jpeg_with_huge_metadata(300));
    let mut huge = b"\x89PNG\r\n\x1a\n".to_vec();
    huge.extend(png_chunk(b"IHDR", &[0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20, 8, 6, 0, 0, 0]));
    huge.extend(png_chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    huge.extend(png_chunk(b"IEND", &[]));
    put(&site, "huge.png", &huge);
    let mut broken = png_with_bomb(b"tEXt", 0);
    let idat = broken.windows(4).position(|w| w == b"IDAT").unwrap();
    broken[idat + 10] ^= 0xFF;
    put(&site, "broken.png", &broken);
    put(&site, "map.jpg", &noise_photo_jpeg(500, 300, 6));
    put(&site, "map.jpeg", &noise_photo_jpeg(500, 300, 7));
    for command in ["build", "check"] {
        let r = site.run(command, &[]);
        assert_eq!(r.code, 1);
        let shown = if command == "build" { &r.err } else { &r.out };
        let p = "content/briefings/p/";
        let bomb = "once unpacked (the limit was reached at";
        for expected in [
            format!(
                "{p}profile.png:1:1: error: `profile.png` carries more than 16 MiB of metadata {bomb} a colour profile (iCCP chunk))"
            ),
            format!(
                "{p}text.png:1:1: error: `text.png` carries more than 16 MiB of metadata {bomb} compressed text (zTXt chunk))"
            ),
            format!("{p}xmp.png:1:1: error: `xmp.png` carries more than 16 MiB of metadata {bomb} text (iTXt chunk))"),
            format!(
                "{p}flood.jpg:1:1: error: `flood.jpg` carries more than 16 MiB of metadata {bomb} metadata segments"
            ),
            format!(
                "{p}huge.png:1:1: error: `huge.png` is 20000×20000 pixels; reading it would take about 6.0 GiB, over the 1.0 GiB one picture may use, so scale it down"
            ),
            format!("{p}broken.png:1:1: error: cannot decode `broken.png` as a PNG image: "),
            format!(
                "{p}map.jpg:1:1: error: content/briefings/p/map.jpeg and content/briefings/p/map.jpg would both be written to /hi/briefings/p/map-"
            ),
        ] {
            assert!(shown.contains(&expected), "{command}: no `{expected}` in\n{shown}");
        }
        assert!(shown.contains("refused as a likely decompression bomb"), "{shown}");
        // The pages' links to them are not reported again as missing files.
        assert!(!shown.contains("is not a file of this bundle"), "{shown}");
        assert!(!shown.contains("content/briefings/p/index.hi.md"), "{shown}");
    }
}

#[test]
#[ignore = "needs headless Chromium (apt-get install -y chromium); .ci/run installs it and runs ignored tests"]
fn an_svg_with_a_script_never_runs_on_the_site_in_a_browser() {
    use crate::browser::{Page, launch};
    let site = picture_site(&["clean.svg"]);
    put(&site, "clean.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>");
    // The control: the same drawing among the maintainer's static files, copied as it is, runs.
    site.write("static/control.svg", SVG_WITH_SCRIPT);
    let server = crate::serve::serve(&site);
    let profile = tempfile::tempdir().unwrap();
    let (_browser, port) = launch(&format!("http://{}/control.svg", server.address), profile.path());
    let mut page = Page::connect(port);
    page.wait_until("document.title.startsWith('PWNED')", Duration::from_secs(15));
    // The author's copy in a bundle is refused, so nothing of it is served to run.
    put(&site, "chart.svg", SVG_WITH_SCRIPT.as_bytes());
    let mut seen = Vec::new();
    while !seen.iter().any(|l: &String| l.contains("chart.svg:3:1: error: <script> runs script")) {
        seen.push(server.stderr.recv_timeout(Duration::from_secs(30)).expect("an error line"));
    }
    let chart = format!("http://{}/hi/briefings/p/chart.svg", server.address);
    page.call("Page.navigate", serde_json::json!({ "url": chart }));
    page.wait_until(
        &format!("location.href === '{chart}' && document.readyState === 'complete'"),
        Duration::from_secs(15),
    );
    assert_eq!(page.eval("document.title.startsWith('PWNED')"), serde_json::Value::Bool(false));
    assert_ne!(page.eval("document.documentElement.localName"), serde_json::Value::String("svg".into()));
    let clean = format!("http://{}/hi/briefings/p/clean.svg", server.address);
    page.call("Page.navigate", serde_json::json!({ "url": clean }));
    page.wait_until("document.documentElement.localName === 'svg'", Duration::from_secs(15));
}
