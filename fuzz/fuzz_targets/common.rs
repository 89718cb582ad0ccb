//! A small site in a temporary folder, checked through the command line as a user would:
//! whatever the input, Patrika must not panic, must exit 0 or 1, and must report every
//! problem as `path:line:col: severity: message`.

use clap::Parser;
use patrika::cli::{Cli, Streams};

pub const CONFIG: &str = "base_url = \"https://example.org/news/\"\ndefault_language = \"hi\"\n\n[languages.hi]\nname = \"हिन्दी\"\n\n[languages.en]\nname = \"English\"\n\n[topics.defence]\nhi = \"रक्षा\"\nen = \"Defence\"\n";

/// Writes `files` (path, bytes) into a new site and runs `patrika <command>` on it.
pub fn run_site(files: &[(&str, &[u8])], command: &str) {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    let root = dir.path().to_str().unwrap().to_string();
    let out = dir.path().join("public").to_str().unwrap().to_string();
    let args: Vec<&str> = match command {
        "build" => vec!["patrika", "build", "--root", &root, "--output", &out],
        _ => vec!["patrika", "check", "--root", &root],
    };
    let cli = Cli::try_parse_from(args).unwrap();
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = cli.run(&mut Streams { out: &mut stdout, err: &mut stderr });
    assert!(code <= 1, "exit {code}");
    for line in String::from_utf8_lossy(&stdout).lines().chain(String::from_utf8_lossy(&stderr).lines()) {
        if line.contains(": error: ") || line.contains(": warning: ") {
            let mut parts = line.splitn(4, ':');
            let (path, l, c) = (parts.next().unwrap(), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            assert!(!path.is_empty() && l.parse::<usize>().is_ok_and(|n| n > 0), "not path:line:col: {line}");
            assert!(c.parse::<usize>().is_ok_and(|n| n > 0), "not path:line:col: {line}");
        }
    }
}
