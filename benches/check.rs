//! Benchmarks for the hot paths: checking an SMS-sized message, an email-sized HTML message (a
//! repeated clean block and a realistic newsletter) and a template, and building the linter
//! from the embedded packs.
//!
//! Run: `cargo bench --bench check`. Inputs are synthetic (555-01xx, example.org).

use divan::{Bencher, black_box, counter::BytesCount};
use phi_lint::{Channel, Dialect, Linter, Message, Part};

fn main() {
    divan::main();
}

/// A 160-byte appointment reminder: the common, clean case.
const SMS_CLEAN: &str = "Northgate Clinic: Hi Dana, your visit with Dr. Patel is Tue 3/4 at 2:15 PM. \
                         Check in: https://portal.example.org/c/R4t8Wq Reply STOP to opt out.";
/// A 160-byte SMS with a result, a condition and a drug.
const SMS_PHI: &str = "Northgate Clinic: Hi Dana, your strep test came back positive. Dr. Patel sent \
                       amoxicillin 500 mg to your pharmacy. Questions? Call 503-555-0100.";

fn linter() -> Linter {
    Linter::builder().build().expect("embedded rules load")
}

/// An HTML newsletter-style email of about 40 KB.
fn email_html() -> String {
    let block = "<tr><td style=\"padding:12px;font-family:Arial\"><p>Hi Dana,</p><p>Thanks for \
                 visiting Northgate Clinic. Your visit summary is ready in the portal &mdash; \
                 sign in to read it.</p><p><a href=\"https://portal.example.org/login?utm_source=email\
                 &amp;utm_medium=summary\">Open the portal</a> or call 503-555-0100.</p>\
                 <img src=\"https://cdn.example.org/logo.png\" alt=\"Northgate Clinic\"></td></tr>\n";
    let mut html = String::from(
        "<html><head><title>Your visit</title><style>td{color:#333}</style></head><body><table>",
    );
    while html.len() < 40_000 {
        html.push_str(block);
    }
    html.push_str("</table></body></html>");
    html
}

/// A realistic newsletter of about 40 KB: a table layout with inline styles, ~200 links
/// (portal links with utm parameters, every seventh wrapped by a click tracker), images and an
/// open pixel, and paragraphs of which some carry PHI. Unlike `email_html`, whose one clean
/// block unlocks almost no rule, this unlocks nearly every rule's regexes, as real mail does.
fn newsletter_html() -> String {
    const PARAGRAPHS: [&str; 8] = [
        "Flu shots are here. Walk in any weekday at Northgate Clinic; most plans cover them.",
        "Dana, your strep test came back positive. Dr. Patel sent amoxicillin 500 mg to your \
         pharmacy.",
        "Our new patient portal makes it easy to message your care team and pay your bill.",
        "Good news: the Lakeview location now offers evening hours, and parking is free.",
        "Member ID W123456789 is on file for your visit on 03/14. Call 503-555-0100 with questions.",
        "Join our free healthy cooking class. Great recipes, clear tips, and a fine lunch.",
        "Your A1C was 8.2% at your last visit; please schedule a follow-up with endocrinology.",
        "Read the November newsletter: stable hours, clean clinics and critical updates.",
    ];
    const PATHS: [&str; 6] = [
        "login",
        "visits",
        "billing",
        "messages",
        "forms/intake",
        "help",
    ];
    let mut html = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>News from Northgate Clinic\
         </title><style>body{margin:0;background:#f4f4f4}td{font-family:Arial,sans-serif;\
         color:#333;font-size:14px}a{color:#0b5ed7}</style></head><body><table role=\
         \"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\">\n",
    );
    let mut n = 0;
    while html.len() < 40_000 {
        let url = format!(
            "https://portal.example.org/{}?utm_source=email&amp;utm_medium=newsletter&amp;\
             utm_campaign=nov{}&amp;n={n}",
            PATHS[n % PATHS.len()],
            n % 30 + 1
        );
        let href = if n % 7 == 3 {
            format!(
                "https://click.example.net/track/click?u={}&amp;id=a1b2c3",
                url.replace(':', "%3A").replace('/', "%2F")
            )
        } else {
            url
        };
        html.push_str(&format!(
            "<tr><td style=\"padding:12px 24px;line-height:1.5\"><p>{}</p><p><a href=\"{href}\" \
             style=\"color:#0b5ed7;text-decoration:underline\">Read more</a> &middot; <a \
             href=\"https://www.example.org/locations?n={n}\">Find a location</a></p></td></tr>\n",
            PARAGRAPHS[n % PARAGRAPHS.len()]
        ));
        n += 1;
    }
    html.push_str(
        "<tr><td><img src=\"https://cdn.example.org/o.gif?u=dana%40example.org\" width=\"1\" \
         height=\"1\" alt=\"\"><a href=\"https://portal.example.org/unsubscribe\">Unsubscribe\
         </a></td></tr></table></body></html>",
    );
    html
}

fn template() -> String {
    "{{!-- reminder --}}<p>Hi {{first_name}},</p>{{#if appointment.is_virtual}}<p>Your video visit \
     with {{provider_name}} starts at {{appointment_time}}.</p>{{else}}<p>Please arrive 15 minutes \
     early at {{location_name}}.</p>{{/if}}<p><a href=\"https://portal.example.org/a/{{token}}\">\
     Manage your visit</a></p>"
        .repeat(4)
}

#[divan::bench]
fn build_linter() -> Linter {
    linter()
}

#[divan::bench(args = [SMS_CLEAN, SMS_PHI])]
fn check_sms(bencher: Bencher<'_, '_>, text: &str) {
    let linter = linter();
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| linter.check(&Message::sms(black_box(text))));
}

#[divan::bench]
fn check_email_html(bencher: Bencher<'_, '_>) {
    let linter = linter();
    let html = email_html();
    bencher
        .counter(BytesCount::of_str(&html))
        .bench(|| linter.check(&Message::new().html(black_box(&html))));
}

#[divan::bench]
fn check_newsletter_html(bencher: Bencher<'_, '_>) {
    let linter = linter();
    let html = newsletter_html();
    bencher
        .counter(BytesCount::of_str(&html))
        .bench(|| linter.check(&Message::new().html(black_box(&html))));
}

#[divan::bench]
fn check_handlebars_template(bencher: Bencher<'_, '_>) {
    let linter = linter();
    let src = template();
    bencher.counter(BytesCount::of_str(&src)).bench(|| {
        linter.check(
            &Message::new()
                .part(Part::new(Channel::EmailHtml, black_box(&src)).syntax(Dialect::Handlebars)),
        )
    });
}

/// A whole file through `Linter::check_document` (placement, suppressions, fingerprints): one
/// line of repeated PHI, 16–64 KB. Each doubling should cost about twice the time: findings are
/// placed and fingerprinted in one sorted pass, not per finding over the line.
#[divan::bench(args = [16_384, 32_768, 65_536])]
fn check_document_one_line(bencher: Bencher<'_, '_>, len: usize) {
    let linter = linter();
    let unit = "Call 503-555-0100 about the HIV test. ";
    let text = unit.repeat(len / unit.len());
    let doc = phi_lint::Document::from_text("notes/one-line.txt", text.as_str());
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| linter.check_document(black_box(&doc)));
}

/// The same line through `Linter::check` alone: what `check_document` adds on top is the
/// difference.
#[divan::bench(args = [16_384, 32_768, 65_536])]
fn check_one_line(bencher: Bencher<'_, '_>, len: usize) {
    let linter = linter();
    let unit = "Call 503-555-0100 about the HIV test. ";
    let text = unit.repeat(len / unit.len());
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| linter.check(&Message::sms(black_box(&text))));
}
