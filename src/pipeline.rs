//! Runs the stages in order — config, content, documents, site plan, Markdown,
//! theme, templates, feeds — and collects every diagnostic on the way. `build`,
//! `check` and `status` all go through here, so they can never disagree.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::{self, CONTENT_DIR};
use crate::diagnostic::{Diagnostic, Severity, did_you_mean, sorted};
use crate::document::{self, SourceDoc};
use crate::feeds;
use crate::markdown::{self, RenderedBody};
use crate::output::{Content, OutputTree};
use crate::render;
use crate::site::Site;
use crate::theme::{self, FileSource};

/// Command-line choices that change what is built.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub drafts: bool,
    pub base_url: Option<String>,
    pub output_dir: Option<PathBuf>,
}

/// A site read and checked up to (not including) templates.
pub struct LoadedSite {
    pub site: Site,
    pub bodies: Vec<RenderedBody>,
}

/// A fully rendered site, ready for the writer.
pub struct BuiltSite {
    pub site: Site,
    pub files: OutputTree,
    pub elapsed: Duration,
}

/// The result of running stages: what was made, if anything, and every finding.
pub struct Outcome<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Outcome<T> {
    fn failed(diagnostics: Vec<Diagnostic>) -> Self {
        Outcome {
            value: None,
            diagnostics: sorted(diagnostics),
        }
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads the config with command-line overrides applied.
pub fn load_config(root: &Path, options: &BuildOptions) -> Result<Config, Vec<Diagnostic>> {
    let mut config = config::load(root)?;
    if let Some(url) = &options.base_url {
        config = config
            .with_base_url(url)
            .map_err(|m| vec![Diagnostic::error("--base-url", 1, 1, m)])?;
    }
    if let Some(dir) = &options.output_dir {
        config.output_dir = if dir.is_absolute() {
            dir.clone()
        } else {
            std::env::current_dir()
                .map(|c| c.join(dir))
                .unwrap_or_else(|_| dir.clone())
        };
    }
    Ok(config)
}

/// Reads, parses and plans a site and renders its Markdown; no templates yet.
pub fn load(root: &Path, options: &BuildOptions) -> Outcome<LoadedSite> {
    let config = match load_config(root, options) {
        Ok(c) => c,
        Err(d) => return Outcome::failed(d),
    };
    let (files, mut diags) = content::read_all(root);
    let parsed: Vec<Result<SourceDoc, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|f| document::parse(f, &config))
        .collect();
    let mut docs = Vec::with_capacity(parsed.len());
    for p in parsed {
        match p {
            Ok(d) => docs.push(d),
            Err(d) => diags.extend(d),
        }
    }
    diags.extend(topic_warnings(&docs, &config));
    let (site, plan_diags) = Site::plan(config, docs, options.drafts);
    diags.extend(plan_diags);
    let rendered: Vec<(RenderedBody, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .map(|page| {
            let doc = site.doc(page);
            let (body, problems) =
                markdown::render(&doc.body, &|dest| site.resolve_link(page.doc, dest));
            let found = problems
                .into_iter()
                .map(|p| {
                    Diagnostic::error_at(
                        &doc.path,
                        &doc.text,
                        doc.body_offset + p.offset,
                        p.message,
                    )
                })
                .collect();
            (body, found)
        })
        .collect();
    let mut bodies = Vec::with_capacity(rendered.len());
    for (body, found) in rendered {
        bodies.push(body);
        diags.extend(found);
    }
    Outcome {
        value: Some(LoadedSite { site, bodies }),
        diagnostics: sorted(diags),
    }
}

fn topic_warnings(docs: &[SourceDoc], config: &Config) -> Vec<Diagnostic> {
    let known: Vec<&str> = config.topics.keys().map(String::as_str).collect();
    let mut diags = Vec::new();
    for doc in docs {
        for topic in doc
            .front
            .topics
            .iter()
            .filter(|t| !config.topics.contains_key(*t))
        {
            let at = doc.text.find(&format!("\"{topic}\"")).map_or(0, |i| i + 1);
            let hint = did_you_mean(topic, known.iter().copied())
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            let mut d = Diagnostic::error_at(
                &doc.path,
                &doc.text,
                at,
                format!("topic `{topic}` has no display names in config.toml [topics]{hint}"),
            );
            d.severity = Severity::Warning;
            diags.push(d);
        }
    }
    diags
}

/// Checks that the output folder is not one the build must never replace.
pub fn check_output_dir(config: &Config) -> Result<(), Diagnostic> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let out = canon(&config.output_dir);
    let root = canon(&config.root);
    let content = canon(&config.root.join(CONTENT_DIR));
    let why = if root.starts_with(&out) {
        Some("is the site root (or contains it)")
    } else if out.starts_with(&content) {
        Some("is inside content/")
    } else if out.join(config::CONFIG_FILE).exists() {
        Some("holds a config.toml")
    } else {
        None
    };
    match why {
        Some(why) => Err(Diagnostic::error(
            config::CONFIG_FILE,
            1,
            1,
            format!(
                "refusing to write the site to {}: it {why}, and a build replaces the whole folder",
                config.output_dir.display()
            ),
        )),
        None => Ok(()),
    }
}

/// Runs every stage and returns the files of the site, or every problem found.
pub fn build(root: &Path, options: &BuildOptions) -> Outcome<BuiltSite> {
    let started = Instant::now();
    let loaded = load(root, options);
    let mut diags = loaded.diagnostics;
    let Some(LoadedSite { site, bodies }) = loaded.value else {
        return Outcome::failed(diags);
    };
    if let Err(d) = check_output_dir(&site.config) {
        diags.push(d);
    }
    let theme = match theme::load(&site.config) {
        Ok((t, warnings)) => {
            diags.extend(warnings);
            t
        }
        Err(errors) => {
            diags.extend(errors);
            return Outcome::failed(diags);
        }
    };
    let (pages, sitemap, render_diags) = render::render_site(&site, &bodies, &theme);
    diags.extend(render_diags);
    let mut files: OutputTree = pages
        .into_iter()
        .map(|f| (f.path, Content::Bytes(f.bytes)))
        .collect();
    for lang in &site.config.languages {
        files.push((
            format!("{}/atom.xml", lang.code),
            Content::Bytes(feeds::atom(&site, &lang.code, &bodies).into_bytes()),
        ));
    }
    files.push((
        "sitemap.xml".into(),
        Content::Bytes(feeds::sitemap(&sitemap).into_bytes()),
    ));
    files.push((
        "robots.txt".into(),
        Content::Bytes(feeds::robots(&site).into_bytes()),
    ));
    for (rel, source) in &theme.assets {
        files.push((format!("theme/{rel}"), Content::Copy(source.clone())));
    }
    diags.extend(static_files(&site.config, &mut files));
    let diags = sorted(diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Outcome::failed(diags);
    }
    Outcome {
        value: Some(BuiltSite {
            site,
            files,
            elapsed: started.elapsed(),
        }),
        diagnostics: diags,
    }
}

/// Adds the site's `static/` files, which may not replace generated files.
fn static_files(config: &Config, files: &mut OutputTree) -> Vec<Diagnostic> {
    let dir = config.root.join("static");
    let mut diags = Vec::new();
    if !dir.is_dir() {
        return diags;
    }
    let generated: std::collections::HashSet<String> =
        files.iter().map(|(p, _)| p.clone()).collect();
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file()
            || content::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if generated.contains(&rel) {
            diags.push(Diagnostic::error(
                format!("static/{rel}"),
                1,
                1,
                format!("static/{rel} would overwrite the generated /{rel}"),
            ));
            continue;
        }
        files.push((
            rel,
            Content::Copy(FileSource::Disk(entry.path().to_path_buf())),
        ));
    }
    diags
}
