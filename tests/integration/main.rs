//! One integration test binary (as ripgrep and mdBook do), one module per feature.
//! Fixture sites live in `tests/fixtures/<case>/` and are copied to a temp dir.

mod architecture;
mod author_urls;
mod browser;
mod build;
mod cards;
mod commands;
mod corrections;
mod deploy;
mod desk;
mod desk_api;
mod desk_editor;
mod diagnostics;
mod diff;
mod embargo;
mod fuzz_regressions;
mod incremental;
mod languages;
mod links;
mod media;
mod news_sitemap;
mod pairing;
mod publish_safety;
mod readers;
mod safety;
mod search;
mod search_edits;
mod serve;
mod structural;
mod support;
mod theme;
mod translation;
mod validators;
