#![no_main]
//! `patrika::fuzzing::markdown` on arbitrary bytes (see the invariants there).

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    patrika::fuzzing::markdown(data);
});
