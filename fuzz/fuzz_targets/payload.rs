//! Provider payloads: any JSON-ish text, checked twice, findings slice the payload.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phi_lint::Provider;
use phi_lint_fuzz::{fingerprint, linters};

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Provider::detect(json);
    let (default, _) = linters();
    let report = default.check_payload(json);
    for f in report.findings() {
        // Payload findings index the payload itself.
        phi_lint_fuzz::assert_span(json, f.span(), f.code());
    }
    assert_eq!(
        fingerprint(&report),
        fingerprint(&default.check_payload(json))
    );
});
