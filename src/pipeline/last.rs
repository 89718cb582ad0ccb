//! The last build: the one value a build leaves for the next. Only
//! [`finish`](super::finish::finish) makes one, at the end of every build, full or patched;
//! a full build reuses it by key, and a patch resumes from it.

use std::sync::Arc;

use crate::pipeline::findings::SourceFindings;
use crate::read::config::Lang;
use crate::render::LastRender;
use crate::render::markdown::RenderedBody;
use crate::render::theme::Theme;

/// Everything a build leaves for the next one.
pub(crate) struct LastBuild {
    /// Its pages, summaries, lists (with the related briefings found in them), navigation,
    /// dependency index and sitemap entries.
    pub render: LastRender,
    /// `sitemap.xml`, made from the render's entries.
    pub sitemap: Arc<[u8]>,
    /// Every language's feed, in config order.
    pub feeds: Vec<Feed>,
    /// Every page's rendered Markdown, by page index.
    pub bodies: Vec<Arc<RenderedBody>>,
    /// The theme and its key (the fingerprint of what every page shares).
    pub theme: (Arc<Theme>, u64),
    /// The hash of the config and the command-line options it was built with.
    pub config_fingerprint: u64,
    /// What the stages before rendering found.
    pub findings: SourceFindings,
    /// The picture variants its cards were drawn from (a patch changes no picture).
    pub pictures: crate::pipeline::cards::Pictures,
    /// The build succeeded and published everything (no images left for later): a patch may
    /// resume from it. After a failed build only a full one may follow, reusing its pages.
    pub complete: bool,
}

/// One language's Atom feed: the pages it carries, newest first, and its XML.
pub(crate) struct Feed {
    pub lang: Lang,
    pub pages: Vec<usize>,
    pub xml: Arc<[u8]>,
}

impl LastBuild {
    /// The same build after a later one failed before rendering: still there to reuse by
    /// key, but no longer one a patch may resume from (the site has problems it does not show).
    pub(crate) fn superseded(self) -> LastBuild {
        LastBuild { complete: false, ..self }
    }
}
