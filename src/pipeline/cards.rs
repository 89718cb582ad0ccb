//! The card stage: a share card (`card.png`) for every published briefing in every
//! language, drawn in parallel and kept in `.patrika/cards/` under the hash of everything
//! it shows, so that a card is drawn once, whatever the number of builds.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::media::card::{self, CardSpec, Drawer};
use crate::plan::bundles::Placed;
use crate::plan::links::normalise_path;
use crate::plan::site::Site;
use crate::read::config::Direction;
use crate::render::card_theme::{CardTheme, has_card};
use crate::render::locale::format_date;
use crate::render::theme::FileSource;
use crate::render::{Content, OutputTree};

/// The keys of the cards known to be in the disk cache (so a rebuild need not look).
pub(crate) type CardMemo = HashSet<String>;

/// The pictures cards are made from: a picture's fallback variant by its output path.
pub(crate) type Pictures = Arc<HashMap<String, Arc<[u8]>>>;

/// How many cards a build published, and how many it had to draw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CardCount {
    pub cards: usize,
    pub drawn: usize,
}

/// The picture variants of `files` that cards show (each picture's fallback), by output path.
pub(crate) fn pictures_of(site: &Site, files: &OutputTree) -> Pictures {
    let wanted: HashSet<&str> = site
        .assets
        .values()
        .filter_map(|(_, placed)| match placed {
            Placed::Image { fallback, .. } => Some(fallback.path.as_str()),
            Placed::File { .. } | Placed::Refused => None,
        })
        .collect();
    let found =
        files.iter().filter(|(path, _)| wanted.contains(path.as_str())).filter_map(|(path, content)| match content {
            Content::Bytes(bytes) => Some((path.clone(), Arc::clone(bytes))),
            Content::Copy(_) => None,
        });
    Arc::new(found.collect())
}

/// What the card of page `index` shows; `None` for a page that has none (see [`has_card`]).
fn spec_of(site: &Site, index: usize, theme: &CardTheme, pictures: &Pictures) -> Option<CardSpec> {
    let plan = &site.pages[index];
    let doc = site.doc(plan);
    if !has_card(&site.config, doc) {
        return None;
    }
    let language = site.config.language(&plan.lang);
    let placed = doc.front.image.as_deref().and_then(|image| {
        let target = normalise_path(doc.info.folder(), &crate::text::normalise(image))?;
        site.assets.get(&target).map(|(_, placed)| placed)
    });
    let picture = match placed {
        // A picture still being encoded (serve): its card follows with it.
        Some(Placed::Image { fallback, .. }) => Some(pictures.get(&fallback.path).cloned()?),
        Some(Placed::File { .. } | Placed::Refused) | None => None,
    };
    Some(CardSpec {
        headline: doc.front.title.clone(),
        site_name: language.title.clone(),
        date: doc.front.date.as_ref().map(|d| format_date(d.day, language)).unwrap_or_default(),
        rtl: language.direction == Direction::Rtl,
        picture,
        style: theme.style,
    })
}

/// Adds the card of every briefing among `pages` (every page when `None`) to `files`:
/// from the disk cache when it has the card, else drawn now, in parallel.
pub(crate) fn card_stage(
    site: &Site,
    pages: Option<&[usize]>,
    theme: &CardTheme,
    pictures: &Pictures,
    memo: &mut CardMemo,
    files: &mut OutputTree,
) -> CardCount {
    let all: Vec<usize>;
    let pages = match pages {
        Some(pages) => pages,
        None => {
            all = (0..site.pages.len()).collect();
            &all
        }
    };
    let dir = site.config.root.join(crate::pipeline::media::CACHE_DIR).join("cards");
    let wanted: Vec<(String, String, CardSpec)> = pages
        .par_iter()
        .filter_map(|&i| {
            let spec = spec_of(site, i, theme, pictures)?;
            Some((format!("{}{}", site.pages[i].path, card::FILE_NAME), spec.key(&theme.fonts), spec))
        })
        .collect();
    let missing: Vec<&(String, String, CardSpec)> =
        wanted.iter().filter(|(_, key, _)| !memo.contains(key) && !is_cached(&dir, key)).collect();
    // Only the cards the cache could not take stay in memory.
    let unstored: HashMap<String, Option<Arc<[u8]>>> = draw_all(&missing, theme, &dir).into_iter().collect();
    let count = CardCount { cards: wanted.len(), drawn: missing.len() };
    for (path, key, _) in wanted {
        match unstored.get(&key) {
            Some(Some(bytes)) => files.push((path, Content::Bytes(Arc::clone(bytes)))),
            // Drawing fails only when encoding does; the page then names a card that is not there.
            Some(None) => {}
            None => {
                files.push((path, Content::Copy(FileSource::Disk(dir.join(format!("{key}.png"))))));
                memo.insert(key);
            }
        }
    }
    count
}

/// Draws `missing` in parallel and writes each card into the cache as it is drawn, so the
/// cards of a large site are never all in memory at once. Returns the cards the cache did
/// not take: with their bytes (a read-only checkout still builds, publishing them from
/// memory), or none when drawing failed.
///
/// Loading the fonts takes as long as drawing a few cards, and a drawer's glyph cache
/// serves every card after the first: so the cards go in a few runs per thread, and each
/// run takes a drawer left by an earlier one (one per thread at most).
fn draw_all(
    missing: &[&(String, String, CardSpec)],
    theme: &CardTheme,
    dir: &Path,
) -> Vec<(String, Option<Arc<[u8]>>)> {
    let drawers: Mutex<Vec<Drawer>> = Mutex::new(Vec::new());
    let run = missing.len().div_ceil(rayon::current_num_threads() * 4).max(1);
    missing
        .par_chunks(run)
        .flat_map_iter(|cards| {
            let kept = drawers.lock().ok().and_then(|mut kept| kept.pop());
            let mut drawer = kept.unwrap_or_else(|| theme.fonts.drawer());
            let unstored: Vec<_> = cards
                .iter()
                .filter_map(|(_, key, spec)| match card::draw(&mut drawer, spec) {
                    Ok(png) => store(dir, key, &png).is_err().then(|| (key.clone(), Some(Arc::from(png)))),
                    Err(_) => Some((key.clone(), None)),
                })
                .collect();
            if let Ok(mut kept) = drawers.lock() {
                kept.push(drawer);
            }
            unstored
        })
        .collect()
}

/// Whether the cache holds the card: a regular file of Patrika's, never a link (the cache
/// may come from a checkout, and a link there could publish a file from outside the site).
fn is_cached(dir: &Path, key: &str) -> bool {
    std::fs::symlink_metadata(dir.join(format!("{key}.png"))).is_ok_and(|m| m.file_type().is_file() && m.len() > 0)
}

/// Makes temporary names unique across the threads and builds of one machine.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes a card into the cache: a temporary file renamed into place, so that a killed
/// build leaves a whole card or none.
fn store(dir: &Path, key: &str, png: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".tmp-{key}-{}-{n}", std::process::id()));
    let path = dir.join(format!("{key}.png"));
    std::fs::write(&temp, png).and_then(|()| std::fs::rename(&temp, &path)).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })?;
    Ok(path)
}
