//! Patrika turns Markdown briefings in several languages into one static site.
//!
//! The folders are the pipeline, each stage handing the next a new value and
//! importing only the stages before it:
//! [`read`] (config, files, front matter) and [`media`] (image sizes and
//! variants) → [`plan`] (translation sets, URLs,
//! links) → [`render`] (Markdown, templates, feeds), [`qa`] (translation
//! checks) and [`history`] (a source's versions in git) → [`search`] (the search
//! index) → [`pipeline`] (runs the stages, with the rebuild cache) and
//! [`publish`] (the one writer) → [`desk`] (the translation desk page) and
//! [`deploy`] (the built output onto object storage) →
//! [`serve`] (watch and preview) →
//! [`commands`] → [`cli`]. [`diagnostic`] and [`text`] sit below them all.

pub mod cli;
pub mod commands;
pub mod deploy;
pub mod desk;
pub mod diagnostic;
#[doc(hidden)]
pub mod fuzzing;
pub mod history;
pub mod media;
pub mod pipeline;
pub mod plan;
pub mod publish;
pub mod qa;
pub mod read;
pub mod render;
pub mod search;
pub mod serve;
pub mod text;
