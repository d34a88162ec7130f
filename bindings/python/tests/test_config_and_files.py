"""`Linter(config=...)` (a file or a dict, read by the library's configuration reader) and
`check_file` (the library's document pipeline)."""

from __future__ import annotations

import json
import textwrap

import pytest

from phi_lint import ConfigError, Linter

CLINIC = "Northgate Cancer Center: your visit is Tue at 3 PM."
HBS = "{{!-- a reminder --}}\nHi {{first_name}},\nyour {{lab_result}} is ready at http://portal.example.org/r\n"


def test_config_file_and_dict_configure_the_same_linter(tmp_path):
    assert Linter().check(CLINIC).blocks("warning")
    config = tmp_path / ".phi-lint.toml"
    config.write_text(
        textwrap.dedent(
            """
            ignore = ["URL010"]

            [[allow]]
            term = "Northgate Cancer Center"
            reason = "our organisation's legal name"
            """
        )
    )
    from_file = Linter(config=config)
    from_str_path = Linter(config=str(config))
    from_dict = Linter(config={"ignore": ["URL010"], "allow": [{"term": "Northgate Cancer Center", "reason": "ours"}]})
    for linter in (from_file, from_str_path, from_dict):
        assert not linter.check(CLINIC).blocks("warning")
        assert "URL010" not in linter.rules
    assert "URL010" in Linter().rules
    # keyword arguments apply on top of the configuration
    assert "DX001" not in Linter(config=config, ignore=["DX001"]).rules


def test_broken_config_raises_the_diagnostic_at_the_line(tmp_path):
    config = tmp_path / ".phi-lint.toml"
    config.write_text('ignore = ["URL010"]\nignroe = ["DX001"]\n')
    with pytest.raises(ConfigError) as e:
        Linter(config=config)
    message = str(e.value)
    assert "ignroe" in message and ".phi-lint.toml" in message
    assert ":2:" in message or "2 │" in message, message
    with pytest.raises(ConfigError, match="ignroe"):
        Linter(config={"ignroe": ["DX001"]})
    with pytest.raises(ConfigError, match="NOPE999"):
        Linter(config={"select": ["NOPE999"]})
    with pytest.raises(ConfigError, match="cannot read"):
        Linter(config=tmp_path / "missing.toml")
    with pytest.raises(TypeError, match="config must be"):
        Linter(config=42)


def test_check_file_places_findings_in_the_file(tmp_path):
    template = tmp_path / "templates" / "email" / "results.hbs"
    template.parent.mkdir(parents=True)
    template.write_text(HBS)
    report = Linter().check_file(template)
    assert report.blocks("warning")
    by_code = {f.code: f for f in report}
    variable = next(f for f in report if f.location == "variable")
    assert HBS.encode()[variable.start : variable.end].decode() == "{{lab_result}}"
    assert (variable.line, variable.column) == (3, 6)
    assert variable.excerpt == f"[{variable.category}]"
    insecure = next(f for f in report if f.category == "insecure_link")
    assert insecure.line == 3
    assert by_code and all(f.part == 0 for f in report)
    d = report.to_dict()
    assert [f["rule"] for f in d["findings"]] == [f.code for f in report]
    assert all(f["line"] >= 1 for f in d["findings"])
    # message checks leave the file fields empty
    assert Linter().check("HIV positive").findings[0].line is None


def test_check_file_dict_is_the_text_free_record(tmp_path):
    # A gettext msgid is the message itself: the machine record keys it without its text.
    po = tmp_path / "locales" / "en.po"
    po.parent.mkdir()
    po.write_text('msgid "Your HIV test results are ready"\nmsgstr "Your HIV test results are ready"\n')
    report = Linter().check_file(po)
    assert report.findings
    as_json = json.dumps(report.to_dict())
    assert "HIV" not in as_json
    first = report.to_dict()["findings"][0]
    assert {"rule", "category", "line", "column", "start", "end", "part", "fingerprint"} <= first.keys()
    assert "excerpt" not in first


def test_check_file_honours_the_config_per_path_and_inline_directives(tmp_path):
    (tmp_path / ".phi-lint.toml").write_text('[[per-path]]\npaths = ["internal/**"]\nignore = ["insecure_link"]\n')
    internal = tmp_path / "internal" / "note.txt"
    internal.parent.mkdir()
    internal.write_text("See http://portal.example.org/visit\n")
    public = tmp_path / "public.txt"
    public.write_text("See http://portal.example.org/visit\n")
    linter = Linter(config=tmp_path / ".phi-lint.toml")
    assert any(f.category == "insecure_link" for f in linter.check_file(public))
    assert not any(f.category == "insecure_link" for f in linter.check_file(internal))

    suppressed = tmp_path / "legacy.hbs"
    suppressed.write_text(
        "{{!-- phi-lint: ignore-next-line[URL010] -- legacy portal, PRIV-142 --}}\nSee http://legacy.example.org/portal\n"
    )
    assert not any(f.code == "URL010" for f in Linter().check_file(suppressed))


def test_check_file_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        Linter().check_file(tmp_path / "nope.txt")
    with pytest.raises(TypeError):
        Linter().check_file(42)
