//! The one memo of the pipeline: a value kept with the hash of the inputs it was made
//! from. Below every stage that remembers something, and names none of them.

use std::hash::Hash;

use crate::text::hash_of;

/// A value kept with the hash of the inputs it was made from. A stage builds its output
/// from one inputs value and the memo keys on that same value, so a key cannot leave out
/// something the stage read.
#[derive(Clone)]
pub(crate) struct Memo<V> {
    key: u64,
    pub value: V,
}

impl<V> Memo<V> {
    /// Remembers `value` as made from `inputs`.
    pub(crate) fn new(inputs: &impl Hash, value: V) -> Memo<V> {
        Memo { key: hash_of(inputs), value }
    }

    /// The same key with another value: for a value made from inputs no longer at hand.
    pub(crate) fn with<W>(self, value: W) -> Memo<W> {
        Memo { key: self.key, value }
    }

    /// The value, if it was made from inputs that hash like `inputs`.
    pub(crate) fn get(&self, inputs: &impl Hash) -> Option<&V> {
        (self.key == hash_of(inputs)).then_some(&self.value)
    }
}
