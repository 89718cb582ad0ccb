//! The image stage on one camera-sized photo (a 3000×2000 JPEG made from noise): the
//! time per picture of decoding, resizing and encoding its variants, in release mode:
//!
//! ```sh
//! cargo bench --bench photo
//! ```
//!
//! Whole builds of 400 such photos are measured with `bench/images.py` (`bench/images.md`).

use std::time::Instant;

use patrika::media::testing::{noise_photo_jpeg, variants};

fn main() {
    let photo = noise_photo_jpeg(3000, 2000, 42);
    let made = variants(&photo).expect("the photo is processed");
    let runs = 5;
    let started = Instant::now();
    for _ in 0..runs {
        variants(&photo).expect("the photo is processed");
    }
    println!("source JPEG 3000×2000: {} bytes", photo.len());
    println!("variants made in {:?} per photo (mean of {runs})", started.elapsed() / runs);
    for (name, width, height, size) in made {
        println!("{name:>18} {width:>4}×{height:<4} {size:>8} bytes");
    }
}
