"""Every entry point of the Python package, good and bad input."""

import json
import pickle
import threading

import pytest

import phi_lint
from phi_lint import ConfigError, Finding, Linter, Report

SSN = "SSN 078-05-1120 on file"
DIAGNOSIS = "Your HIV test came back positive. Call 555-0100."
CLEAN = "Lakeview Health: see you Tue 3/4 at 2:15 PM. Call 555-0123 to reschedule."
FIELDS = ["rule", "name", "category", "severity", "message", "start", "end", "location", "part", "excerpt"]


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def test_check_finds_a_diagnosis_with_byte_spans(linter):
    report = linter.check(DIAGNOSIS)
    assert isinstance(report, Report)
    assert report.blocks("warning")
    assert report and len(report) == len(report.findings) > 0
    diagnosis = [f for f in report.findings if f.category == "diagnosis"]
    assert diagnosis, report.to_dict()
    f = diagnosis[0]
    assert DIAGNOSIS.encode()[f.start : f.end].decode().upper() == "HIV"
    assert f.severity == "error" and f.location == "text" and f.part == 0
    assert f.excerpt == "[diagnosis]", "excerpts are redacted by default"
    assert f.code == f.rule and f.code[:2].isalpha()
    assert f.help and f.message and f.name


def test_clean_message(linter):
    report = linter.check(CLEAN)
    assert not report.blocks("warning")
    assert report.is_clean == (len(report) == 0)
    assert report.max_severity in (None, "info")


def test_findings_are_frozen_and_match_the_serialized_report(linter):
    report = linter.check(SSN)
    f = report.findings[0]
    assert isinstance(f, Finding)
    with pytest.raises(AttributeError):
        f.code = "X"  # type: ignore[misc]
    as_dict = report.to_dict()
    assert set(as_dict) == {"findings", "issues"}
    assert list(as_dict["findings"][0]) == FIELDS, "same fields as the CLI's JSON"
    for finding, d in zip(report.findings, as_dict["findings"]):
        assert finding.to_dict() == d
        assert [getattr(finding, k) for k in FIELDS] == [d[k] for k in FIELDS]
    assert report.findings is report.findings, "built once per report"
    assert list(report) == list(report.findings)
    assert hash(f) == hash(report.findings[0]) and f == report.findings[0]


def test_nothing_in_repr_or_serialization_quotes_the_message(linter):
    report = linter.check(f"{SSN}. {DIAGNOSIS}")
    text = repr(report) + "".join(repr(f) for f in report) + json.dumps(report.to_dict())
    for secret in ("078-05-1120", "HIV", "555-0100"):
        assert secret not in text


def test_redaction_none_shows_the_text_only_when_asked():
    raw = Linter(redaction="none").check(SSN)
    assert any("078-05-1120" in f.excerpt for f in raw)
    assert all("078-05-1120" not in repr(f) for f in raw), "repr never shows the excerpt"


def test_blocks_thresholds(linter):
    report = linter.check(DIAGNOSIS)
    assert report.blocks("error") and report.blocks("info") and report.blocks()
    with pytest.raises(ValueError, match="unknown severity"):
        report.blocks("fatal")


def test_channels_and_syntax(linter):
    assert linter.check("http://portal.example.org/visit", channel="url").blocks("warning")
    template = linter.check("Hi {{first_name}}, your {{lab_result}} is ready", syntax="handlebars")
    assert any(f.location == "variable" and f.category == "test_result" for f in template)
    # the same text read as plain text has no variable
    assert not any(f.location == "variable" for f in linter.check("Hi {{lab_result}}"))


def test_check_message_numbers_the_parts(linter):
    report = linter.check_message(subject="Your HIV results", text="Sign in to read them.", html="<p>Hi</p>")
    assert report.blocks("warning")
    assert {f.part for f in report if f.category == "diagnosis"} == {0}
    body = linter.check_message(text="Your HIV results are ready")
    assert any(f.part == 0 and f.category == "diagnosis" for f in body)
    assert not linter.check_message()


def test_check_url(linter):
    report = linter.check_url("https://portal.example.org/r?mrn=558120&dx=hiv")
    assert {f.location for f in report} == {"url"}
    assert report.blocks("warning")


def test_check_payload_dict_and_str(linter):
    payload = {
        "personalizations": [{"to": [{"email": "pat@example.org"}]}],
        "from": {"email": "noreply@example.org"},
        "subject": "A new message is waiting",
        "content": [
            {"type": "text/html", "value": '<a href="https://portal.example.org/r?patient_id=558120">Open</a>'}
        ],
        "tracking_settings": {"click_tracking": {"enable": True}},
    }
    from_dict = linter.check_payload(payload)
    from_str = linter.check_payload(json.dumps(payload))
    assert any(f.category == "tracking" and f.location == "payload" for f in from_dict)
    assert from_dict.to_dict() == from_str.to_dict()
    broken = linter.check_payload('{"To": "+15555550123", "Body": "HIV')
    assert broken.issues, "malformed JSON is an issue, not an exception"
    with pytest.raises(TypeError, match="dict or str"):
        linter.check_payload(42)


def test_check_many_keeps_order_and_drops_nothing(linter):
    texts = [DIAGNOSIS if i % 3 == 0 else SSN if i % 3 == 1 else CLEAN for i in range(2000)]
    many = linter.check_many(texts)
    assert len(many) == len(texts)
    for text, report in zip(texts, many):
        assert report.to_dict() == linter.check(text).to_dict()
    assert [r.to_dict() for r in linter.check_many(iter(texts), jobs=1)] == [r.to_dict() for r in many]
    assert linter.check_many([]) == []
    urls = linter.check_many(["http://x.example.org/"] * 300, channel="url", jobs=3)
    assert len(urls) == 300 and all(r.blocks("warning") for r in urls)


def test_non_ascii_text_gives_utf8_byte_spans_in_check_and_check_many(linter):
    # Non-ASCII strings take a different path to UTF-8 in CPython than ASCII ones.
    texts = ["José Müller 🙂: your HIV test came back positive.", "Grüße — see you Tue at 9 AM. 日本"]
    many = linter.check_many(texts * 200)
    for text, report in zip(texts * 200, many):
        assert report.to_dict() == linter.check(text).to_dict()
    hiv = [f for f in many[0] if f.category == "diagnosis"]
    assert hiv and texts[0].encode()[hiv[0].start : hiv[0].end] == b"HIV"


def test_a_lone_surrogate_is_an_encoding_error_not_a_crash(linter):
    with pytest.raises(UnicodeEncodeError):
        linter.check("HIV \ud800 positive")
    with pytest.raises(UnicodeEncodeError):
        linter.check_many(["fine", "HIV \ud800 positive"])
    assert linter.check("still works").is_clean


def test_check_many_rejects_bad_items_before_any_work(linter):
    with pytest.raises(TypeError, match="item 2 must be str, not int"):
        linter.check_many(["a", "b", 3])
    with pytest.raises(TypeError):
        linter.check_many(None)
    with pytest.raises(ValueError, match="jobs"):
        linter.check_many(["a"], jobs=0)


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["list"]])
def test_non_str_text_is_a_clear_type_error(linter, bad):
    with pytest.raises(TypeError, match="must be str"):
        linter.check(bad)
    with pytest.raises(TypeError, match="must be str"):
        linter.check_url(bad)
    if bad is not None:  # None means "no subject"
        with pytest.raises(TypeError, match="subject must be str"):
            linter.check_message(subject=bad)


def test_unknown_channel_syntax_and_redaction(linter):
    with pytest.raises(ValueError, match='unknown channel "pager"'):
        linter.check("hi", channel="pager")
    with pytest.raises(ValueError, match="unknown channel"):
        linter.check_many(["hi"], channel="fax")
    with pytest.raises(ValueError, match="unknown syntax"):
        linter.check("hi", syntax="cobol")
    with pytest.raises(ValueError, match="unknown redaction"):
        Linter(redaction="some")


def test_message_content_never_raises(linter):
    hostile = ["", "\x00", "\ud7ff" * 10, "{{#each}}" * 50, "http:\u2014x", "a" * 100_000, "<a href=" * 200]
    for text in hostile:
        for channel in ("sms", "email_html", "url"):
            report = linter.check(text, channel=channel)
            for f in report:
                assert 0 <= f.start <= f.end <= len(text.encode("utf-8", "surrogatepass"))


def test_select_ignore_allow_terms():
    ids_only = Linter(select=["identifier"])
    assert {f.category for f in ids_only.check(f"{SSN}. {DIAGNOSIS}")} == {"identifier"}
    no_ids = Linter(ignore=["identifier"])
    assert "identifier" not in {f.category for f in no_ids.check(SSN)}
    clinic = "Northgate Cancer Center: your visit is Tue at 3 PM."
    assert Linter().check(clinic).blocks("warning")
    assert not Linter(allow_terms=["Northgate Cancer Center"]).check(clinic).blocks("warning")
    assert len(ids_only.rules) < len(Linter().rules)


def test_unknown_selector_is_a_config_error_with_the_diagnostic():
    with pytest.raises(ConfigError) as e:
        Linter(select=["NOPE999"])
    assert "NOPE999" in str(e.value) and "phi-lint rules" in str(e.value)
    assert isinstance(e.value, ValueError)
    with pytest.raises(ConfigError, match="provider"):
        Linter(baa_providers=["carrier-pigeon"])
    with pytest.raises(TypeError):
        Linter(select="DX001")  # a str is not a list of selectors


def test_one_linter_shared_by_threads(linter):
    texts = [DIAGNOSIS, SSN, CLEAN] * 50
    expected = [linter.check(t).to_dict() for t in texts]
    results: list = [None] * 8

    def work(k):
        results[k] = [linter.check(t).to_dict() for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def test_module_surface():
    assert phi_lint.__version__
    assert set(phi_lint.__all__) >= {"Linter", "Report", "Finding", "ConfigError"}
    with pytest.raises(TypeError):
        pickle.dumps(Linter())
