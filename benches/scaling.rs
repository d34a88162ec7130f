//! Scaling benchmarks: cost must grow linearly with input size and template nesting (each
//! doubling of the input ≤ 2.3× time and memory; issue 16). Inputs are synthetic (555-01xx,
//! example.org, the invalid SSN 078-05-1120).
//!
//! Run: `cargo bench --bench scaling`. Compare consecutive rows: the time and the `max alloc`
//! bytes of each should roughly double from one size to the next.

use divan::{AllocProfiler, Bencher, black_box, counter::BytesCount};
use phi_lint::document::Limits;
use phi_lint::{Channel, Dialect, Document, Linter, Message, Part, Redaction};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

const MB: usize = 1 << 20;

/// One line of PHI, repeated to `bytes`: a finding every few words.
fn dense_phi(bytes: usize) -> String {
    let unit = "HIV positive, SSN 078-05-1120, call 503-555-0100, A1c 9.1%, metformin 500 mg. ";
    unit.repeat(bytes / unit.len() + 1)[..bytes].to_owned()
}

/// A minified HTML email on one line, with links and some PHI.
fn one_line_html(bytes: usize) -> String {
    let unit = "<td><p>Hi Dana, your visit summary is ready &mdash; your strep test came back \
                positive.</p><a href=\"https://portal.example.org/r?mrn=00482913&amp;u=1\">Open</a>\
                <img src=\"http://cdn.example.org/p.gif?e=dana%40example.org\"></td>";
    let mut html = unit.repeat(bytes / unit.len() + 1);
    html.truncate(bytes - bytes % unit.len());
    html
}

/// The default linter without the findings bound: dense PHI holds far more than 10,000
/// findings, and every stage must stay linear in them however many there are.
fn unbounded() -> Linter {
    Linter::builder().max_findings(usize::MAX).build().unwrap()
}

fn check(linter: &Linter, channel: Channel, dialect: Dialect, text: &str) -> usize {
    let part = Part::new(channel, text).syntax(dialect);
    linter.check(&Message::new().part(part)).findings().len()
}

#[divan::bench(args = [1, 2, 4, 8], sample_count = 3, sample_size = 1)]
fn dense_phi_text_mb(bencher: Bencher<'_, '_>, mb: usize) {
    let linter = unbounded();
    let text = dense_phi(mb * MB);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| check(&linter, Channel::Sms, Dialect::Plain, black_box(&text)));
}

#[divan::bench(args = [1, 2, 4, 8], sample_count = 3, sample_size = 1)]
fn dense_phi_text_masked_mb(bencher: Bencher<'_, '_>, mb: usize) {
    let linter = Linter::builder()
        .max_findings(usize::MAX)
        .redaction(Redaction::Mask)
        .allow_terms(["Northgate Clinic"])
        .build()
        .unwrap();
    let text = dense_phi(mb * MB);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| check(&linter, Channel::Sms, Dialect::Plain, black_box(&text)));
}

#[divan::bench(args = [1, 2, 4, 8], sample_count = 3, sample_size = 1)]
fn one_line_html_mb(bencher: Bencher<'_, '_>, mb: usize) {
    let linter = unbounded();
    let html = one_line_html(mb * MB);
    bencher.counter(BytesCount::of_str(&html)).bench(|| {
        check(
            &linter,
            Channel::EmailHtml,
            Dialect::Plain,
            black_box(&html),
        )
    });
}

/// A one-line file through the whole document pipeline, as `phi-lint check` reads it: decoding
/// and the line-length bound, checking, placing findings (line and column), suppressions and
/// baseline fingerprints. Lines this long are over the default 1 MiB bound: raised here.
fn check_file(linter: &Linter, path: &str, bytes: &[u8]) -> usize {
    let limits = Limits::default().max_line_length(16 * MB as u64);
    let doc = Document::within(path, bytes, &limits).expect("within the raised bound");
    linter.check_document(&doc).findings().len()
}

#[divan::bench(args = [1, 2, 4, 8], sample_count = 3, sample_size = 1)]
fn one_line_html_file_mb(bencher: Bencher<'_, '_>, mb: usize) {
    let linter = unbounded();
    let html = one_line_html(mb * MB);
    bencher
        .counter(BytesCount::of_str(&html))
        .bench(|| check_file(&linter, "mail/summary.html", black_box(html.as_bytes())));
}

#[divan::bench(args = [1, 2, 4, 8], sample_count = 3, sample_size = 1)]
fn one_line_phi_file_mb(bencher: Bencher<'_, '_>, mb: usize) {
    let linter = unbounded();
    let text = dense_phi(mb * MB);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| check_file(&linter, "sms/reminder.txt", black_box(text.as_bytes())));
}

#[divan::bench(args = [1000, 2000, 4000, 8000, 16000], sample_count = 5)]
fn nested_handlebars_each(bencher: Bencher<'_, '_>, depth: usize) {
    let linter = unbounded();
    let src = "{{#each results}}".repeat(depth) + "{{ssn}}" + &"{{/each}}".repeat(depth);
    bencher
        .counter(BytesCount::of_str(&src))
        .bench(|| check(&linter, Channel::Sms, Dialect::Handlebars, black_box(&src)));
}

#[divan::bench(args = [1000, 2000, 4000, 8000, 16000], sample_count = 5)]
fn nested_go_range(bencher: Bencher<'_, '_>, depth: usize) {
    let linter = unbounded();
    let src = "{{range .Results}}".repeat(depth) + "{{.SSN}}" + &"{{end}}".repeat(depth);
    bencher
        .counter(BytesCount::of_str(&src))
        .bench(|| check(&linter, Channel::Sms, Dialect::GoTemplate, black_box(&src)));
}

#[divan::bench(args = [1000, 2000, 4000, 8000, 16000], sample_count = 5)]
fn unclosed_handlebars_if(bencher: Bencher<'_, '_>, depth: usize) {
    let linter = unbounded();
    let src = "{{#if x}}".repeat(depth) + "{{ssn}}";
    bencher
        .counter(BytesCount::of_str(&src))
        .bench(|| check(&linter, Channel::Sms, Dialect::Handlebars, black_box(&src)));
}
