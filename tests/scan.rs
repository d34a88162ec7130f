//! `phi-lint scan` as a sidecar: exactly one record per input line, in input order, with any
//! number of threads; each record flushed as written; exit 2 when any line was an error.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::util::root;

/// Runs `phi-lint scan` over `input`, writing stdin from a thread so that a large input never
/// deadlocks against a child that writes as it reads.
fn scan(args: &[&str], input: Vec<u8>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_phi-lint"))
        .arg("scan")
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

/// An input line: a valid request (with its index as id) or arbitrary bytes without a newline.
#[derive(Clone, Debug)]
enum Line {
    Request { channel: &'static str, text: String },
    Bytes(Vec<u8>),
}

fn line() -> impl Strategy<Value = Line> {
    let channel = prop::sample::select(vec!["sms", "push", "email_subject", "email_html", "url"]);
    let text = prop::sample::select(vec![
        "See you Tue at 3 PM.",
        "Your HIV test came back positive.",
        "SSN 078-05-1120 on file",
        "http://portal.example.org/r?mrn=558120",
        "",
    ]);
    prop_oneof![
        (channel, text, any::<String>()).prop_map(|(channel, text, tail)| Line::Request {
            channel,
            text: format!("{text}{tail}"),
        }),
        prop::collection::vec(
            any::<u8>().prop_filter("no newline", |b| *b != b'\n'),
            0..40
        )
        .prop_map(Line::Bytes),
        Just(Line::Bytes(Vec::new())),
        Just(Line::Bytes(b" \t\r".to_vec())),
    ]
}

fn encode(lines: &[Line]) -> Vec<u8> {
    let mut input = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match line {
            Line::Request { channel, text } => {
                let request = json!({"id": i, "channel": channel, "text": text});
                input.extend(serde_json::to_vec(&request).unwrap());
            }
            Line::Bytes(bytes) => input.extend(bytes),
        }
        input.push(b'\n');
    }
    input
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn one_record_per_input_line_in_order(lines in prop::collection::vec(line(), 1..40)) {
        let input = encode(&lines);
        for jobs in ["1", "3"] {
            let out = scan(&["--jobs", jobs, "--fail-on", "never"], input.clone());
            let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
            let records: Vec<Value> = stdout
                .lines()
                .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
                .collect();
            prop_assert_eq!(records.len(), lines.len(), "--jobs {}", jobs);
            let mut errors = 0;
            for (i, record) in records.iter().enumerate() {
                if record.get("error").is_some() {
                    prop_assert_eq!(&record["line"], &json!(i + 1), "--jobs {}", jobs);
                    errors += 1;
                } else {
                    prop_assert_eq!(&record["id"], &json!(i), "--jobs {}", jobs);
                    prop_assert!(record["findings"].is_array());
                }
                if let Line::Request { .. } = lines[i] {
                    prop_assert!(record.get("error").is_none(), "a valid request was rejected");
                }
            }
            let expected = if errors > 0 { 2 } else { 0 };
            prop_assert_eq!(out.status.code(), Some(expected), "--jobs {}", jobs);
        }
    }
}

#[test]
fn parallel_output_matches_sequential_output() {
    let lines: Vec<Line> = (0..600)
        .map(|i| Line::Request {
            channel: ["sms", "email_html", "url"][i % 3],
            text: match i % 4 {
                0 => format!("Your HIV test {i} came back positive."),
                1 => format!("See you at {i} PM at https://portal.example.org/v/{i}"),
                2 => format!("<a href=\"http://x.example.org/?mrn={i}\">x</a>"),
                _ => format!("Reminder {i}: reply STOP to opt out."),
            },
        })
        .collect();
    let input = encode(&lines);
    let sequential = scan(&[], input.clone());
    let parallel = scan(&["--jobs", "4", "--batch", "50"], input);
    assert_eq!(sequential.status.code(), Some(1));
    assert_eq!(parallel.status.code(), Some(1));
    assert_eq!(
        sequential.stdout.iter().filter(|b| **b == b'\n').count(),
        600
    );
    assert!(
        sequential.stdout == parallel.stdout,
        "same records in the same order"
    );
}

#[test]
fn each_record_is_flushed_while_stdin_stays_open() {
    for jobs in ["1", "2"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_phi-lint"))
            .args(["scan", "--jobs", jobs])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in stdout.lines() {
                if tx.send(line.unwrap()).is_err() {
                    break;
                }
            }
        });
        for i in 0..3 {
            writeln!(
                stdin,
                r#"{{"id": {i}, "channel": "sms", "text": "SSN 078-05-1120"}}"#
            )
            .unwrap();
            stdin.flush().unwrap();
            // Generous: this checks that the answer comes before stdin closes, not how fast.
            let answer = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("a result before stdin closes");
            let record: Value = serde_json::from_str(&answer).unwrap();
            assert_eq!(record["id"], i);
        }
        drop(stdin);
        assert_eq!(child.wait().unwrap().code(), Some(1));
        reader.join().unwrap();
    }
}

#[test]
fn an_error_record_wins_over_findings_in_the_exit_status() {
    let input =
        b"{\"id\": 1, \"channel\": \"sms\", \"text\": \"HIV positive\"}\n{\"id\": 2}\n".to_vec();
    let out = scan(&[], input);
    assert_eq!(out.status.code(), Some(2));
    let records: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[1]["line"], 2);
}

#[test]
fn a_clean_line_is_its_id_and_no_findings_with_keys_sorted() {
    let input = concat!(
        r#"{"id":"a1","channel":"sms","text":"See you Tue at 3 PM."}"#,
        "\n",
        r#"{"channel":"sms","id":7,"text":"See you Tue at 3 PM."}"#,
        "\n",
        r#"{"channel":"sms","text":"See you Tue at 3 PM."}"#,
        "\n",
        r#"{"id":{"z":1,"b":[2,"x"]},"channel":"push","text":"See you Tue at 3 PM."}"#,
        "\n",
    );
    let out = scan(&["--fail-on", "never"], input.as_bytes().to_vec());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        concat!(
            "{\"findings\":[],\"id\":\"a1\"}\n",
            "{\"findings\":[],\"id\":7}\n",
            "{\"findings\":[],\"id\":null}\n",
            "{\"findings\":[],\"id\":{\"b\":[2,\"x\"],\"z\":1}}\n",
        )
    );
    assert!(out.status.success());
}

#[test]
fn escaped_and_plain_strings_in_a_request_read_the_same() {
    let plain = r#"{"id":1,"channel":"sms","text":"Your HIV test came back positive."}"#;
    let escaped =
        r#"{"id":1,"channel":"\u0073ms","text":"Your \u0048IV test came back positive."}"#;
    let run = |line: &str| scan(&["--fail-on", "never"], format!("{line}\n").into_bytes()).stdout;
    let out = run(plain);
    assert!(String::from_utf8_lossy(&out).contains("\"category\":\"diagnosis\""));
    assert_eq!(run(escaped), out);
}
