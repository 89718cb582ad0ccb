//! The folders of `src/` are the pipeline: a module may import only the
//! layers below its own, so data flows one way; inside a folder, files import
//! each other one way too (no circles); files and functions stay short enough
//! to read in one sitting.

use std::collections::{BTreeMap, BTreeSet};
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

/// One source file: its path below `src/`, its module path, and its code without
/// comments or a trailing test module.
struct Source {
    rel: String,
    module: Vec<String>,
    code: String,
}

/// Every `.rs` file below `src/` but the binary's `main.rs`, with its module path
/// (`render/mod.rs` is `render`; a `#[path]` module is named by its declaration).
fn sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut texts = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let rel = entry.path().strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            texts.insert(rel, std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    texts.remove("main.rs");
    let mut renamed = BTreeMap::new();
    for (rel, text) in &texts {
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            let file = pair[0].trim().strip_prefix("#[path = \"").and_then(|p| p.strip_suffix("\"]"));
            let name = pair[1].trim().trim_start_matches("pub ").strip_prefix("mod ").and_then(|m| m.strip_suffix(';'));
            if let (Some(file), Some(name)) = (file, name) {
                let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
                let mut module = module_of(rel);
                module.push(name.to_string());
                renamed.insert(format!("{dir}/{file}"), module);
            }
        }
    }
    texts
        .into_iter()
        .map(|(rel, text)| {
            let module = renamed.get(&rel).cloned().unwrap_or_else(|| module_of(&rel));
            let code = without_comments(without_trailing_tests(&text));
            Source { rel, module, code }
        })
        .collect()
}

/// `render/mod.rs` → `[render]`, `render/jobs.rs` → `[render, jobs]`, `lib.rs` → `[]`.
fn module_of(rel: &str) -> Vec<String> {
    let rel = rel.trim_end_matches(".rs");
    let mut module: Vec<String> = rel.split('/').map(String::from).collect();
    if module.last().is_some_and(|m| m == "mod" || m == "lib") {
        module.pop();
    }
    module
}

/// The text before a trailing `#[cfg(test)] mod tests { … }` (the unit tests at the end
/// of a file); a file without one, or with test code elsewhere, is returned whole.
fn without_trailing_tests(text: &str) -> &str {
    let lines: Vec<&str> = text.lines().collect();
    // Unit tests in a file of their own: `#[cfg(test)] mod tests;` closing the file.
    let mut from_end = lines.iter().rev().copied().skip_while(|l| l.trim().is_empty());
    if from_end.next() == Some("mod tests;")
        && from_end.take_while(|l| l.starts_with("#[")).any(|l| l == "#[cfg(test)]")
    {
        return &text[..text.rfind("#[cfg(test)]").unwrap_or(text.len())];
    }
    let Some(open) = lines.iter().rposition(|l| *l == "mod tests {") else { return text };
    let mut first = open;
    while first > 0 && lines[first - 1].starts_with("#[") {
        first -= 1;
    }
    let attributes = &lines[first..open];
    let close = (open + 1..lines.len()).find(|&i| lines[i] == "}");
    let trailing = close.is_some_and(|c| lines[c + 1..].iter().all(|l| l.trim().is_empty()));
    if !attributes.contains(&"#[cfg(test)]") || !trailing {
        return text;
    }
    let cut: usize = lines[..first].iter().map(|l| l.len() + 1).sum();
    &text[..cut.min(text.len())]
}

/// The code without whole-line comments (`//`, `///`, `//!`), which may name paths in prose.
fn without_comments(text: &str) -> String {
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Every path written from `crate::` or `super::` in `code`, resolved against `module` to
/// the full path it names (a `use` group gives one path per member).
fn paths_in(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let mut paths = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let starts = bytes[at..].starts_with(b"crate::") || bytes[at..].starts_with(b"super::");
        let boundary = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || b"_$:".contains(&bytes[at - 1]));
        if !(starts && boundary) {
            at += 1;
            continue;
        }
        let mut base: Vec<String> = if bytes[at..].starts_with(b"crate::") {
            at += "crate::".len();
            Vec::new()
        } else {
            let mut base = module.to_vec();
            while bytes[at..].starts_with(b"super::") {
                at += "super::".len();
                base.pop();
            }
            base
        };
        parse_tree(bytes, &mut at, &mut base, &mut paths);
    }
    paths
}

/// Parses one path or `use` tree (`a::b`, `a::{self, b, c::*}`) at `at`, below `prefix`.
fn parse_tree(bytes: &[u8], at: &mut usize, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let depth = prefix.len();
    let skip_space = |at: &mut usize| {
        while *at < bytes.len() && bytes[*at].is_ascii_whitespace() {
            *at += 1;
        }
    };
    loop {
        skip_space(at);
        if bytes.get(*at) == Some(&b'{') {
            *at += 1;
            loop {
                skip_space(at);
                match bytes.get(*at) {
                    None => break,
                    Some(b'}') => {
                        *at += 1;
                        break;
                    }
                    Some(b',') => *at += 1,
                    Some(_) => parse_tree(bytes, at, prefix, out),
                }
            }
            break;
        }
        let start = *at;
        while *at < bytes.len() && (bytes[*at].is_ascii_alphanumeric() || bytes[*at] == b'_') {
            *at += 1;
        }
        let name = String::from_utf8_lossy(&bytes[start..*at]).into_owned();
        if name.is_empty() || name == "self" {
            // `*`, `self` or the end of the path: the prefix itself is what is named.
            *at += usize::from(bytes.get(*at) == Some(&b'*'));
            out.push(prefix.clone());
            break;
        }
        prefix.push(name);
        if bytes[*at..].starts_with(b"::") {
            *at += 2;
        } else {
            out.push(prefix.clone());
            // A rename (`a as b`) names nothing more.
            if bytes[*at..].starts_with(b" as ") {
                *at += 4;
                while *at < bytes.len() && (bytes[*at].is_ascii_alphanumeric() || bytes[*at] == b'_') {
                    *at += 1;
                }
            }
            break;
        }
    }
    prefix.truncate(depth);
}

/// The file → file import graph: for each file, the other files whose module a path of
/// its code names (the longest module prefix of the path).
fn import_graph(sources: &[Source]) -> BTreeMap<&str, BTreeSet<&str>> {
    let by_module: BTreeMap<&[String], &str> = sources.iter().map(|s| (s.module.as_slice(), s.rel.as_str())).collect();
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for source in sources {
        let edges = graph.entry(source.rel.as_str()).or_default();
        for path in paths_in(&source.code, &source.module) {
            let target = (1..=path.len()).rev().find_map(|n| by_module.get(&path[..n]));
            if let Some(&target) = target.filter(|&&t| t != source.rel) {
                edges.insert(target);
            }
        }
    }
    graph
}

/// The strongly connected components with more than one file (Tarjan's algorithm): the circles.
fn circles<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<Vec<&'a str>> {
    struct Walk<'g, 'a> {
        graph: &'g BTreeMap<&'a str, BTreeSet<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<&'a str>>,
    }
    impl<'a> Walk<'_, 'a> {
        fn visit(&mut self, node: &'a str) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.insert(node);
            for &next in self.graph.get(node).into_iter().flatten() {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    component.push(top);
                    if top == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for &node in graph.keys() {
        if !walk.index.contains_key(node) {
            walk.visit(node);
        }
    }
    walk.found
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let sources = sources();
    let graph = import_graph(&sources);
    let top = |rel: &str| rel.split('/').next().unwrap_or(rel).trim_end_matches(".rs").to_string();
    let mut violations = Vec::new();
    let mut modules = BTreeSet::new();
    for (file, imports) in graph.iter().filter(|(f, _)| **f != "lib.rs") {
        let module = top(file);
        let Some(own) = layer_of(&module) else {
            violations.push(format!("{file} is in no layer"));
            continue;
        };
        modules.insert(module.clone());
        for imported in imports.iter().map(|i| top(i)).filter(|i| *i != module) {
            match layer_of(&imported) {
                Some(layer) if layer < own => {}
                _ => violations.push(format!("{file} ({module}) imports crate::{imported}")),
            }
        }
    }
    violations.dedup();
    assert!(violations.is_empty(), "imports against the pipeline's direction:\n{}", violations.join("\n"));
    // The test must see the real tree, not an empty folder.
    for module in LAYERS.iter().flat_map(|layer| layer.iter()) {
        assert!(modules.contains(*module), "no files found for `{module}`");
    }
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let sources = sources();
    let graph = import_graph(&sources);
    // The walk must see real edges: the pipeline imports its stages, a child its parent.
    assert!(graph["pipeline/mod.rs"].contains("render/mod.rs"), "{:?}", graph["pipeline/mod.rs"]);
    assert!(graph["render/jobs.rs"].contains("render/mod.rs"), "`use super::*` is an import");
    let found: Vec<String> = circles(&graph).iter().map(|c| c.join(" ⇄ ")).collect();
    assert!(found.is_empty(), "files that import each other, directly or around a circle:\n{}", found.join("\n"));
}

#[test]
fn the_circle_finder_finds_circles() {
    let graph: BTreeMap<&str, BTreeSet<&str>> = [
        ("a.rs", BTreeSet::from(["b.rs"])),
        ("b.rs", BTreeSet::from(["c.rs"])),
        ("c.rs", BTreeSet::from(["a.rs", "d.rs"])),
        ("d.rs", BTreeSet::new()),
    ]
    .into();
    assert_eq!(circles(&graph), vec![vec!["a.rs", "b.rs", "c.rs"]]);
    let module = ["render".to_string(), "jobs".to_string()];
    let paths = paths_in("use super::*;\nuse crate::render::{self, theme::{Theme, X as Y}, sink};", &module);
    let named: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(named, ["render", "render", "render::theme::Theme", "render::theme::X", "render::sink"]);
}

#[test]
fn a_trailing_test_module_is_all_that_is_not_counted() {
    let tests = "fn a() {}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n";
    assert_eq!(without_trailing_tests(tests), "fn a() {}\n\n");
    // A test-only item in the middle of a file is code like any other.
    let middle = "#[cfg(test)]\nimpl A {\n}\n\nfn b() {}\n";
    assert_eq!(without_trailing_tests(middle), middle);
    let own_file = "fn a() {}\n\n#[cfg(test)]\n#[path = \"a_tests.rs\"]\nmod tests;\n";
    assert_eq!(without_trailing_tests(own_file), "fn a() {}\n\n");
}

#[test]
fn no_source_file_is_longer_than_one_sitting() {
    let sources = sources();
    let mut long = Vec::new();
    for source in &sources {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(&source.rel);
        let text = std::fs::read_to_string(src).unwrap();
        let lines = without_trailing_tests(&text).lines().count();
        if lines > 500 {
            long.push(format!("{}: {lines} lines", source.rel));
        }
    }
    assert!(sources.len() > 20, "only {} source files found", sources.len());
    assert!(long.is_empty(), "files over 500 lines of code:\n{}", long.join("\n"));
}

/// Whether a line opens a function: `fn`, after any visibility and qualifiers.
fn opens_function(head: &str) -> bool {
    let mut rest = head;
    if let Some(after) = rest.strip_prefix("pub") {
        rest = after.strip_prefix('(').map_or(after, |r| r.split_once(')').map_or(r, |(_, r)| r)).trim_start();
    }
    for qualifier in ["const ", "async ", "unsafe ", "extern \"C\" "] {
        rest = rest.strip_prefix(qualifier).unwrap_or(rest);
    }
    rest.starts_with("fn ")
}

#[test]
fn no_function_is_longer_than_eighty_lines() {
    assert!(opens_function("pub(crate) async fn serve(") && opens_function("async fn live_js()"));
    assert!(!opens_function("let fn_name = 1;") && !opens_function("// fn in prose"));
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut long = Vec::new();
    let (mut functions, mut asynchronous) = (0, 0);
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
            if opens_function(head) && !line.trim_end().ends_with(';') {
                // The body ends at the first `}` back at the signature's indentation.
                let close = format!("{}}}", " ".repeat(indent));
                let end = (i + 1..lines.len()).find(|&j| lines[j].trim_end() == close).unwrap_or(i);
                functions += 1;
                asynchronous += usize::from(head.contains("async fn "));
                if end - i > 80 {
                    let name = head.split_once("fn ").map_or(head, |(_, n)| n).split(['(', '<']).next().unwrap_or(head);
                    long.push(format!("{}:{}: {name} ({} lines)", entry.path().display(), i + 1, end - i));
                }
                i = end;
            }
            i += 1;
        }
    }
    assert!(functions > 200, "only {functions} functions found");
    assert!(asynchronous >= 5, "only {asynchronous} async functions found (the server has several)");
    assert!(long.is_empty(), "functions over 80 lines:\n{}", long.join("\n"));
}
