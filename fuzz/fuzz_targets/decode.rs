//! Encoding detection and decoding: any bytes, no panic, and every malformed byte is counted.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mdkpi_core::ingest::decode::{decode, decode_as, TextEncoding};

fuzz_target!(|data: &[u8]| {
    let d = decode(data);
    assert!(d.text.matches('\u{FFFD}').count() >= d.malformed);
    for e in [TextEncoding::Utf8, TextEncoding::Cp932, TextEncoding::Utf16le, TextEncoding::Utf16be] {
        let _ = decode_as(data, e);
    }
});
