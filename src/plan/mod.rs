//! The second stage: pairs documents into translation sets and plans the site
//! (URLs, sections, link resolution). Pure; renders nothing.

pub mod brand;
pub mod bundles;
pub mod links;
pub mod menu;
pub mod publishing;
pub mod search_parts;
pub mod site;
pub mod translation;
