//! A message of any channel, in any dialect, through both linters: spans, redaction,
//! determinism.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phi_lint::{Channel, Dialect, Message, Part};
use phi_lint_fuzz::{assert_report, fingerprint, linters};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let channel = Channel::ALL[selector as usize % Channel::ALL.len()];
    let dialect = Dialect::ALL[(selector as usize / Channel::ALL.len()) % Dialect::ALL.len()];
    let message = Message::new().part(Part::new(channel, &text).syntax(dialect));
    let (default, mask) = linters();
    let report = default.check(&message);
    assert_report(&[&text], &report, true);
    assert_eq!(fingerprint(&report), fingerprint(&default.check(&message)));
    let masked = mask.check(&message);
    assert_report(&[&text], &masked, false);
    // Masking never shows a character of a finding.
    for f in masked.findings() {
        if f.span().len() >= 8 {
            assert!(!f.excerpt().contains(f.span().slice(&text)), "{}", f.code());
        }
    }
});
