//! The first stage: reads `config.toml`, walks `content/` and parses each file's
//! front matter into typed documents. Everything later works on these values.

pub mod assets;
pub mod authors;
pub mod config;
pub mod content;
pub mod controls;
pub(crate) mod dates;
pub mod deploy;
pub mod disk;
pub mod document;
pub mod glossary;
pub mod identity;
pub mod language;
pub(crate) mod newsroom;
pub mod settings;
pub mod shortcodes;
pub mod site;
pub mod splice;
pub mod tomlread;
pub mod urls;
