//! The memory budget of reading pictures: what one picture may cost (its file,
//! the pixels decoded, the copies made while orienting and resizing), and what
//! all pictures being read at once may cost together. A picture over its own
//! budget is refused from its header; one within it waits for its share, so peak
//! memory stays bounded whatever a site holds and however many threads decode.

use std::sync::{Condvar, Mutex};

/// What one picture may cost. A 60-megapixel photo fits; larger ones are
/// refused with their size and this limit.
pub(crate) const PER_IMAGE: u64 = 1 << 30;
/// What all pictures being read at once may cost together.
pub(crate) const AT_ONCE: u64 = 2 << 30;

/// A budget of bytes shared by the threads that read pictures.
#[derive(Debug)]
pub(crate) struct Budget {
    per_item: u64,
    total: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

/// The budget of every picture this process reads (builds, `check`, `serve`'s background encoding).
pub(crate) static DECODING: Budget = Budget::new(PER_IMAGE, AT_ONCE);

impl Budget {
    pub(crate) const fn new(per_item: u64, total: u64) -> Budget {
        Budget { per_item, total, used: Mutex::new(0), freed: Condvar::new() }
    }

    /// What one picture may cost.
    pub(crate) fn per_item(&self) -> u64 {
        self.per_item
    }

    /// Waits until `bytes` fit beside what others hold, and holds them until the
    /// reservation is dropped; `None` at once when `bytes` is over one item's budget.
    pub(crate) fn reserve(&self, bytes: u64) -> Option<Reservation<'_>> {
        if bytes > self.per_item {
            return None;
        }
        // A poisoned lock only means a thread panicked while holding it; the count is still right.
        let mut used = self.used.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        while *used + bytes > self.total {
            used = self.freed.wait(used).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *used += bytes;
        Some(Reservation { budget: self, bytes })
    }
}

/// Bytes held from a [`Budget`] until dropped.
#[derive(Debug)]
pub(crate) struct Reservation<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut used = self.budget.used.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *used -= self.bytes;
        self.budget.freed.notify_all();
    }
}

/// Bytes decoding a picture takes at its peak: the file, the decoded pixels (at the
/// source's own depth), the decoder's working copy (a progressive JPEG keeps every
/// coefficient, a lossy WebP its YUV planes), and two 8-bit RGBA copies made while
/// converting, orienting and resizing.
pub(crate) fn decoding_cost(file_len: u64, width: u32, height: u32, bytes_per_pixel: u8) -> u64 {
    let pixels = u64::from(width) * u64::from(height);
    let decoded = pixels * u64::from(bytes_per_pixel.max(1));
    file_len.saturating_add(decoded.saturating_mul(2)).saturating_add(pixels.saturating_mul(8))
}

/// A byte count as people read it: `1.5 GiB`, `300 MiB`.
pub(crate) fn shown(bytes: u64) -> String {
    const MIB: f64 = (1u64 << 20) as f64;
    let mib = bytes as f64 / MIB;
    if mib >= 1024.0 { format!("{:.1} GiB", mib / 1024.0) } else { format!("{mib:.0} MiB") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn reservations_never_exceed_the_total_and_oversized_ones_are_refused() {
        let budget = Arc::new(Budget::new(60, 100));
        assert!(budget.reserve(61).is_none());
        let peak = Arc::new(AtomicU64::new(0));
        let held = Arc::new(AtomicU64::new(0));
        let threads: Vec<_> = (0..8)
            .map(|n| {
                let (budget, peak, held) = (Arc::clone(&budget), Arc::clone(&peak), Arc::clone(&held));
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        let bytes = 20 + (n * 5) as u64;
                        let _r = budget.reserve(bytes).unwrap();
                        let now = held.fetch_add(bytes, Ordering::SeqCst) + bytes;
                        peak.fetch_max(now, Ordering::SeqCst);
                        std::thread::yield_now();
                        held.fetch_sub(bytes, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert!(peak.load(Ordering::SeqCst) <= 100, "{}", peak.load(Ordering::SeqCst));
        assert_eq!(*budget.used.lock().unwrap(), 0);
    }

    #[test]
    fn costs_read_as_people_say_them() {
        assert_eq!(shown(1 << 30), "1.0 GiB");
        assert_eq!(shown(300 << 20), "300 MiB");
        assert_eq!(decoding_cost(0, 1000, 1000, 3), 14_000_000);
    }
}
