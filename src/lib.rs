//! Patrika turns Markdown briefings in several languages into one static site.
//!
//! The pipeline, one module per stage, each handing the next a new value:
//! [`config`] → [`content`] → [`document`] → [`translation`] → [`site`] →
//! [`markdown`] → [`render`] (with [`theme`], [`locale`], [`feeds`]) → [`output`].
//! [`pipeline`] runs the stages; [`commands`] are what the CLI calls.

pub mod cache;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod document;
pub mod feeds;
pub mod glossary;
pub mod live;
pub mod locale;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod qa;
pub mod render;
pub mod serve;
pub mod site;
pub mod theme;
pub mod tomlread;
pub mod translation;
pub mod watch;
pub mod words;
