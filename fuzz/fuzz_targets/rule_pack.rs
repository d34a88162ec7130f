//! The rule-pack loader: any TOML text either builds a linter or fails with an error that
//! points into the pack; a built linter checks a message without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phi_lint::{Linter, Message};

fuzz_target!(|data: &[u8]| {
    let Ok(toml) = std::str::from_utf8(data) else {
        return;
    };
    let built = Linter::builder()
        .no_default_rules()
        .pack("fuzz", toml)
        .wordlist("fuzz", toml)
        .build();
    match built {
        Ok(linter) => {
            let report = linter.check(&Message::sms(toml));
            for f in report.findings() {
                phi_lint_fuzz::assert_span(toml, f.span(), f.code());
            }
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
});
