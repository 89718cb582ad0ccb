//! The floors of a build's three big stages (issue 25), on both cores, with nothing of
//! Patrika's own in them: what a build could not beat doing the same work.
//!
//! - read: walk `content/`, read every Markdown file to a `String`, split off the front matter;
//! - Markdown: pulldown-cmark alone, each body to HTML (the options Patrika uses), in parallel;
//! - write: the bytes of a built output folder (loaded beforehand) written to a fresh folder,
//!   each folder made once, each file with one create, in parallel.
//!
//! cargo run --release --example floors -- SITE_ROOT BUILT_OUTPUT SCRATCH [RUNS]
//!
//! Prints one line per run: `read_ms markdown_ms write_ms`, then the bytes each stage handled.

use std::path::{Path, PathBuf};
use std::time::Instant;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, root, built, scratch, rest @ ..] = args.as_slice() else {
        eprintln!("usage: floors SITE_ROOT BUILT_OUTPUT SCRATCH [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = rest.first().and_then(|r| r.parse().ok()).unwrap_or(3);
    let outputs = load(Path::new(built));
    let output_bytes: usize = outputs.iter().map(|(_, b)| b.len()).sum();
    let mut sizes = (0, 0, 0);
    for _ in 0..runs {
        let started = Instant::now();
        let bodies = read_floor(&Path::new(root).join("content"));
        let read = started.elapsed();
        let started = Instant::now();
        let html_bytes = markdown_floor(&bodies);
        let markdown = started.elapsed();
        let _ = std::fs::remove_dir_all(scratch);
        let started = Instant::now();
        write_floor(Path::new(scratch), &outputs);
        let write = started.elapsed();
        let _ = std::fs::remove_dir_all(scratch);
        println!("{} {} {}", read.as_millis(), markdown.as_millis(), write.as_millis());
        sizes = (bodies.iter().map(String::len).sum::<usize>(), html_bytes, output_bytes);
        drop(bodies);
    }
    eprintln!(
        "bodies: {} MB of Markdown → {} MB of HTML; output: {} files, {} MB",
        sizes.0 >> 20,
        sizes.1 >> 20,
        outputs.len(),
        sizes.2 >> 20
    );
}

/// Every Markdown file under `content`, read whole; returns the bodies after the front matter.
fn read_floor(content: &Path) -> Vec<String> {
    let paths: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .follow_links(true)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    paths
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("a content file");
            match text.strip_prefix("+++\n").and_then(|t| t.split_once("\n+++\n")) {
                Some((_, body)) => body.to_string(),
                None => text,
            }
        })
        .collect()
}

/// pulldown-cmark over every body, each to its own HTML `String`; returns the bytes made.
fn markdown_floor(bodies: &[String]) -> usize {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    bodies
        .par_iter()
        .map(|body| {
            let mut out = String::with_capacity(body.len() * 3 / 2);
            html::push_html(&mut out, Parser::new_ext(body, options));
            out.len()
        })
        .sum()
}

/// Every file below `dir` with its bytes, by path relative to it.
fn load(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("below the folder").to_path_buf();
            (rel, std::fs::read(e.path()).expect("a built file"))
        })
        .collect()
}

/// Writes `files` below `dir`: folders first (each once), then every file, in parallel.
fn write_floor(dir: &Path, files: &[(PathBuf, Vec<u8>)]) {
    let mut folders: Vec<PathBuf> = files.iter().filter_map(|(rel, _)| rel.parent().map(|p| dir.join(p))).collect();
    folders.sort();
    folders.dedup();
    folders.par_iter().for_each(|f| std::fs::create_dir_all(f).expect("a folder"));
    files.par_iter().for_each(|(rel, bytes)| std::fs::write(dir.join(rel), bytes).expect("a file"));
}
