//! The translation desk (README, "The translation desk"): where a translator sees every
//! set's state, QA findings and what changed in stale translations' sources, and edits a
//! translation beside its source, with translation memory. `serve` keeps one
//! ([`service::DeskService`]) at `/__patrika/desk/` with its JSON API; `status --format
//! html` writes the list as one file ([`pages::file`]).

pub(crate) mod blocks;
mod changes;
pub(crate) mod edit;
mod editor;
mod editor_html;
pub(crate) mod files;
mod fonts;
mod html;
mod i18n;
pub(crate) mod memory;
pub(crate) mod overview;
mod page;
pub(crate) mod pages;
pub(crate) mod service;
pub(crate) mod sets;
pub(crate) mod translate;
pub(crate) mod view;

pub(crate) use fonts::{FONT_PATH, builtin as builtin_font};

/// The URL the desk is served at by `serve`.
pub(crate) const DESK_PATH: &str = "/__patrika/desk/";

/// The desk's script in `serve`: editing, saving, conflicts, suggestions, live reload.
pub(crate) const DESK_JS: &str = include_str!("desk.js");
