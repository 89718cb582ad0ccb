#![no_main]
//! `patrika::fuzzing::front_matter` on arbitrary bytes (see the invariants there).

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    patrika::fuzzing::front_matter(data);
});
