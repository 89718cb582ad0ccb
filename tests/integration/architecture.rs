//! The folders of `src/` are the pipeline: a module may import only the
//! layers below its own, so data flows one way and no import circle can form.

use std::path::Path;

/// Layers from the bottom; modules in one layer do not import each other.
const LAYERS: &[&[&str]] = &[
    &["diagnostic", "text"],
    &["read", "media"],
    &["plan"],
    &["render", "qa", "history"],
    &["search"],
    &["pipeline", "publish"],
    &["desk", "deploy"],
    &["serve"],
    &["commands"],
    &["cli", "fuzzing"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level modules named by `crate::x` paths in a source text.
fn imports(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let before = &text[..at];
        // `patrika::crate::` does not occur; skip doc links and comments' prose alike.
        if before.ends_with("$") {
            continue;
        }
        let rest = &text[at + "crate::".len()..];
        let mut names: Vec<String> = Vec::new();
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            names.extend(group[..end].split(',').map(|s| s.trim().split("::").next().unwrap_or("").to_string()));
        } else {
            names.push(rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect());
        }
        found.extend(names.into_iter().filter(|n| !n.is_empty()));
    }
    found
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    let mut modules = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry.path().strip_prefix(&src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy();
        let module = top.trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            violations.push(format!("{} is in no layer", rel.display()));
            continue;
        };
        modules.push(module.clone());
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for imported in imports(&text) {
            if imported == module {
                continue;
            }
            match layer_of(&imported) {
                Some(layer) if layer < own => {}
                _ => violations.push(format!("{} ({module}) imports crate::{imported}", rel.display())),
            }
        }
    }
    violations.sort();
    violations.dedup();
    assert!(violations.is_empty(), "imports against the pipeline's direction:\n{}", violations.join("\n"));
    // The test must see the real tree, not an empty folder.
    for layer in LAYERS {
        for module in *layer {
            assert!(modules.iter().any(|m| m == module), "no files found for `{module}`");
        }
    }
}

#[test]
fn no_source_file_is_longer_than_one_sitting() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut long = Vec::new();
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            seen += 1;
            let text = std::fs::read_to_string(entry.path()).unwrap();
            // Unit tests sit at the end of a file and do not count against its length.
            let code = text.split("\n#[cfg(test)]").next().unwrap_or(&text);
            let lines = code.lines().count();
            if lines > 500 {
                long.push(format!("{}: {lines} lines", entry.path().strip_prefix(&src).unwrap().display()));
            }
        }
    }
    assert!(seen > 20, "only {seen} source files found");
    assert!(long.is_empty(), "files over 500 lines of code:\n{}", long.join("\n"));
}

#[test]
fn no_function_is_longer_than_eighty_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut long = Vec::new();
    let mut functions = 0;
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let indent = line.len() - line.trim_start().len();
            let head = line.trim_start();
            let is_fn = ["fn ", "pub fn ", "pub(super) fn ", "pub(crate) fn "].iter().any(|p| head.starts_with(p));
            if is_fn && !line.trim_end().ends_with(';') {
                // The body ends at the first `}` back at the signature's indentation.
                let close = format!("{}}}", " ".repeat(indent));
                let end = (i + 1..lines.len()).find(|&j| lines[j].trim_end() == close).unwrap_or(i);
                functions += 1;
                if end - i > 80 {
                    let name = head.split('(').next().unwrap_or(head);
                    long.push(format!("{}:{}: {name} ({} lines)", entry.path().display(), i + 1, end - i));
                }
                i = end;
            }
            i += 1;
        }
    }
    assert!(functions > 200, "only {functions} functions found");
    assert!(long.is_empty(), "functions over 80 lines:\n{}", long.join("\n"));
}
