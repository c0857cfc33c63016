//! Any text typed at the filter prompt: a filter or a message, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = turnout::filter::Filter::parse(text);
    }
});
