//! Fixture sites copied into temporary folders, and commands run against them.

use std::path::{Path, PathBuf};

use clap::Parser;
use patrika::cli::{Cli, Streams};

/// A copy of a fixture site in a temporary folder.
pub struct TestSite {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// What a command printed and returned.
pub struct Run {
    pub code: u8,
    pub out: String,
    pub err: String,
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The folder of a named fixture.
pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Copies `tests/fixtures/<name>` into a fresh temporary folder.
pub fn fixture(name: &str) -> TestSite {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&fixture_dir(name), &root);
    TestSite { _dir: dir, root }
}

/// The config of a small bilingual site (Hindi first, English), for tests that write their own.
pub const SMALL_CONFIG: &str = "base_url = \"https://example.org/\"\ndefault_language = \"hi\"\ntheme = \"default\"\n\n\
    [languages.hi]\nname = \"हिन्दी\"\ntitle = \"समाचार\"\ndescription = \"परीक्षण\"\n\n\
    [languages.en]\nname = \"English\"\ntitle = \"News\"\ndescription = \"A test\"\n";

/// A site in a fresh temporary folder holding [`SMALL_CONFIG`] and `files` (path, text).
pub fn small_site(files: &[(&str, &str)]) -> TestSite {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let site = TestSite { _dir: dir, root };
    site.write("config.toml", SMALL_CONFIG);
    for (path, text) in files {
        site.write(path, text);
    }
    site
}

/// Runs the CLI in-process with the given arguments.
pub fn run(args: &[&str]) -> Run {
    let cli = Cli::try_parse_from(std::iter::once("patrika").chain(args.iter().copied())).expect("valid arguments");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli.run(&mut Streams { out: &mut out, err: &mut err });
    let run = Run { code, out: String::from_utf8(out).unwrap(), err: String::from_utf8(err).unwrap() };
    audit_positions(&run.out);
    audit_positions(&run.err);
    run
}

/// Problems whose cause is a file as a whole (its name, its kind, its encoding, the
/// front matter block as such), so that line 1, column 1 is the honest position.
const WHOLE_FILE_CAUSES: &[&str] = &[
    "is named like a briefing but is",
    "cannot read",
    "is not valid UTF-8",
    "in the file name is not a configured language",
    "the extension must be lower-case",
    "language suffixes are lower-case",
    "the name has two language suffixes",
    "missing front matter",
    "unclosed front matter",
    "missing required key",
    "section folder",
    "would overwrite the generated",
    "missing UI strings",
    "no languages configured",
    "no default_language",
    // URL conflicts of a page without a `slug`: its file name is what collides.
    "would both be written to",
    "are both the `",
    "is the name of a file Patrika writes",
    "would overwrite the `/",
    "is reserved for list pagination",
    // An image file as a whole: its format, its size, its bytes.
    "is not a JPEG, PNG or WebP image",
    "cannot decode",
    "pixels; the limit is",
    "pixels; reading it would take",
    "one file may use",
    "is named like a picture but is not one",
    "which Patrika cannot read",
    "could run script on the site",
    "by a web server that runs them",
    "is not a whole",
    "is an animation of",
    "is an SVG of",
    "is not an SVG drawing",
    "is not well-formed XML",
    "is not UTF-8 text",
    "of metadata once unpacked",
    "belongs to a bundle but is",
    // A link or folder on disk as a whole (DESIGN §11).
    "is a symbolic link that leads outside the site",
    "is a symbolic link to a hidden file or folder",
    "leads to a folder that is read already",
    "cannot be read: ",
    // A name on disk that cannot be published as it is.
    "the name holds U+",
    "the name is not UTF-8 text",
    "so it cannot be published",
    // A Markdown file that should not be in its folder at all.
    "is a bundle (it has an index file)",
    // A section folder as a whole, reported on its first page.
    "navigation calls it",
];

/// Every diagnostic any test sees at `:1:1:` must be one whose cause really is there:
/// a position invented for want of a real one fails the test that produced it.
fn audit_positions(text: &str) {
    for line in text.lines().filter(|l| l.contains(":1:1: error: ") || l.contains(":1:1: warning: ")) {
        let message = line.split_once(":1:1: ").map_or("", |(_, m)| m);
        let allowed = WHOLE_FILE_CAUSES.iter().any(|cause| message.contains(cause))
            // A TOML or template error that the parser itself placed at the very start.
            || message.contains("invalid TOML")
            || message.contains("template");
        assert!(allowed, "a diagnostic at an invented position 1:1:\n{line}");
    }
}

impl TestSite {
    /// The root as a string argument.
    pub fn root_arg(&self) -> String {
        self.root.display().to_string()
    }

    /// Runs `patrika <command> --root <this site> <extra…>`.
    pub fn run(&self, command: &str, extra: &[&str]) -> Run {
        let root = self.root_arg();
        let mut args = vec![command, "--root", root.as_str()];
        args.extend_from_slice(extra);
        run(&args)
    }

    /// Builds the site and fails the test with the diagnostics if it does not build.
    pub fn build(&self) -> Run {
        let r = self.run("build", &[]);
        assert_eq!(r.code, 0, "build failed:\n{}", r.err);
        r
    }

    /// Reads a file of the built output.
    pub fn output(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join("public").join(rel)).unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    /// Lists the built output files, sorted, with `/` separators.
    pub fn output_files(&self) -> Vec<String> {
        let out = self.root.join("public");
        let mut files: Vec<String> = walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        files.sort();
        files
    }

    /// Writes a file of the site (creating folders).
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Reads a file of the site.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }
}

/// The text of the first element matching an opening-tag prefix, up to its end tag.
pub fn fragment<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no `{start}` in:\n{html}"));
    let to = html[from..].find(end).map_or(html.len(), |i| from + i + end.len());
    &html[from..to]
}

/// Where `.ci/run` makes the Python virtual environment the tests use.
const TEST_VENV: &str = "target/ci-tools/venv";

/// How to get a Python package for the tests, said in the failure of a test that needs it.
fn python_install_hint(package: &str) -> String {
    format!(
        ".ci/run installs it (into {TEST_VENV}, and sets PATRIKA_TEST_PYTHON to that venv's python); \
         or by hand: python3 -m venv {TEST_VENV} && {TEST_VENV}/bin/pip install '{package}'"
    )
}

/// The Python the tests run: `PATRIKA_TEST_PYTHON` (`.ci/run` sets it to its venv's), else
/// that venv's interpreter when it is there, else `python3` from `PATH`.
pub fn test_python() -> PathBuf {
    if let Some(python) = std::env::var_os("PATRIKA_TEST_PYTHON") {
        return PathBuf::from(python);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(TEST_VENV).join("bin/python");
    if venv.exists() { venv } else { PathBuf::from("python3") }
}

/// [`test_python`], once it can import `module` (from the pip package `package`); else the
/// test fails saying what to install and how.
pub fn python_with(module: &str, package: &str) -> PathBuf {
    let python = test_python();
    let tried = std::process::Command::new(&python).args(["-c", &format!("import {module}")]).output();
    match tried {
        Ok(out) if out.status.success() => python,
        Ok(out) => panic!(
            "this test needs the Python package `{package}`, and {} cannot import `{module}` ({}): {}",
            python.display(),
            String::from_utf8_lossy(&out.stderr).trim().lines().last().unwrap_or(""),
            python_install_hint(package)
        ),
        Err(e) => panic!("this test needs Python ({}: {e}): {}", python.display(), python_install_hint(package)),
    }
}

/// A program a Python package installed beside [`test_python`] (a venv's `bin/`), once
/// the package can be imported; else the test fails saying what to install and how.
pub fn python_program(program: &str, module: &str, package: &str) -> PathBuf {
    let python = python_with(module, package);
    let beside = python.parent().map(|bin| bin.join(program)).filter(|p| p.exists());
    beside.unwrap_or_else(|| PathBuf::from(program))
}
