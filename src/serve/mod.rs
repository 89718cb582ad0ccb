//! Watch mode and the development server: the pipeline run again on every
//! change, and the last good site served from memory with live reload.

mod client;
mod desk;
pub(crate) mod host;
pub mod live;
pub mod server;
pub mod watch;
