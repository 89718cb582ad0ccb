//! The parts of a committed version of a source that a translator translates,
//! read from the file's bytes as Patrika reads a file on disk. Pure.

use serde::Deserialize;

use crate::plan::translation::hash_parts;
use crate::read::controls::is_stray_control;
use crate::read::document::split_front_matter;

/// Title, summary and body of one version of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parts {
    pub title: String,
    pub summary: String,
    pub body: String,
}

/// The front matter keys that count; any other key (valid or not then) is ignored.
#[derive(Deserialize)]
struct Translated {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: Option<String>,
}

impl Parts {
    /// Reads a version from a file's bytes; `None` when it is not a briefing Patrika could read.
    pub(crate) fn read(bytes: &[u8]) -> Option<Parts> {
        let text = crate::text::normalise(std::str::from_utf8(bytes).ok()?);
        let split = split_front_matter(&text).ok()?;
        let front: Translated = toml::from_str(split.front).ok()?;
        // As when a file is read from disk: a control character in the body becomes as
        // many spaces as its UTF-8 bytes.
        let mut body = String::with_capacity(split.body.len());
        for c in split.body.chars() {
            if is_stray_control(c) {
                body.extend(std::iter::repeat_n(' ', c.len_utf8()));
            } else {
                body.push(c);
            }
        }
        Some(Parts { title: front.title, summary: front.summary.unwrap_or_default(), body })
    }

    /// The `source_hash` of this version.
    pub(crate) fn hash(&self) -> String {
        hash_parts(&self.title, &self.summary, &self.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_hashes_as_the_same_file_read_from_disk() {
        let crlf = "\u{feff}+++\r\ntitle = \"क़ीमत\"\r\nsummary = \"सार\"\r\ntopics = [\"x\"]\r\n+++\r\n\r\nपहला।\r\n";
        let parts = Parts::read(crlf.as_bytes()).unwrap();
        assert_eq!(parts.title, "क़ीमत");
        assert_eq!(parts.summary, "सार");
        assert_eq!(parts.hash(), hash_parts("क़ीमत", "सार", "पहला।"));
        // Other keys (even ones that are not allowed any more) do not count.
        let other = "+++\ntitle = \"क़ीमत\"\nsummary = \"सार\"\nold_key = 3\n+++\nपहला।\n";
        assert_eq!(Parts::read(other.as_bytes()).unwrap().hash(), parts.hash());
    }

    #[test]
    fn unreadable_versions_are_none() {
        assert_eq!(Parts::read(b"no front matter"), None);
        assert_eq!(Parts::read(&[0xff, 0xfe, 0x00]), None);
        assert_eq!(Parts::read(b"+++\ntitle = [\n+++\n"), None);
    }
}
