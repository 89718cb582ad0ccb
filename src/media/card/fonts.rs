//! The fonts cards are set in: the theme's font files, loaded into a font system of their
//! own (never the machine's fonts), one per drawing thread.

use std::sync::Arc;

use cosmic_text::{FontSystem, SwashCache, fontdb};

/// The font files cards are set in, shared by every thread that draws.
#[derive(Clone, Default)]
pub(crate) struct CardFonts {
    faces: Vec<Arc<Vec<u8>>>,
    /// A hash of the faces' bytes, for card keys.
    pub fingerprint: [u8; 32],
}

impl std::fmt::Debug for CardFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CardFonts({} faces)", self.faces.len())
    }
}

impl CardFonts {
    /// Fonts from TTF/OTF bytes (the theme's `cards/` files).
    pub(crate) fn new(faces: Vec<Vec<u8>>) -> CardFonts {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for face in &faces {
            hasher.update((face.len() as u64).to_le_bytes());
            hasher.update(face);
        }
        CardFonts { faces: faces.into_iter().map(Arc::new).collect(), fingerprint: hasher.finalize().into() }
    }

    /// Whether there is anything to set text in.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.faces.is_empty()
    }

    /// A drawing kit for one thread: a font system that knows these fonts and no others.
    pub(crate) fn drawer(&self) -> Drawer {
        let mut db = fontdb::Database::new();
        for face in &self.faces {
            db.load_font_source(fontdb::Source::Binary(Arc::clone(face) as Arc<dyn AsRef<[u8]> + Sync + Send>));
        }
        let faces: Vec<(fontdb::ID, String)> = db.faces().map(|f| (f.id, f.families[0].0.clone())).collect();
        let mut fonts = FontSystem::new_with_locale_and_db("en-US".into(), db);
        // The first face with Latin letters sets Latin text (and stands for "sans-serif"); every
        // other script falls back to the face that has it.
        let has_latin = |fonts: &mut FontSystem, id| {
            fonts.get_font(id, fontdb::Weight::NORMAL).is_some_and(|f| f.as_swash().charmap().map('a') != 0)
        };
        if let Some((_, family)) = faces.iter().find(|(id, _)| has_latin(&mut fonts, *id)) {
            fonts.db_mut().set_sans_serif_family(family.clone());
        }
        Drawer { fonts, glyphs: SwashCache::new() }
    }
}

/// A font system and glyph cache: one per thread, reused card after card.
pub(crate) struct Drawer {
    pub(crate) fonts: FontSystem,
    pub(crate) glyphs: SwashCache,
}

impl Drawer {
    /// Empties the glyph cache once it holds more than `most` glyphs.
    pub(crate) fn forget_glyphs_past(&mut self, most: usize) {
        if self.glyphs.image_cache.len() > most {
            self.glyphs.image_cache.clear();
            self.glyphs.outline_command_cache.clear();
        }
    }
}
