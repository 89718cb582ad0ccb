#![no_main]
//! `patrika::fuzzing::image` on arbitrary bytes: a bundle file through the image stage
//! with its budget (see the invariants there).

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    patrika::fuzzing::image(data);
});
