"""The wheel builds, installs into a fresh virtual environment, and the README's pre-send
example works there as a new user would run it."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent

# Stand-ins for the Twilio SDK: record what would have been sent.
FAKE_TWILIO = {
    "twilio/__init__.py": "",
    "twilio/rest.py": textwrap.dedent(
        """
        SENT = []

        class _Messages:
            def create(self, to, from_, body):
                SENT.append(body)
                return type("Message", (), {"sid": "SM%032d" % len(SENT)})()

        class Client:
            def __init__(self, *args, **kwargs):
                self.messages = _Messages()
        """
    ),
}

SCENARIO = textwrap.dedent(
    """
    from twilio.rest import Client, SENT
    client = Client("AC0", "token")
    assert send_sms(client, "+15555550123", "See you Tue at 3 PM. Reply STOP to opt out.").startswith("SM")
    try:
        send_sms(client, "+15555550123", "Your HIV test came back positive.")
    except PhiBlocked as blocked:
        assert "diagnosis" in str(blocked) and "HIV" not in str(blocked)
    else:
        raise AssertionError("a message with PHI was sent")
    assert len(SENT) == 1
    print("pre-send example ok")
    """
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheels")
    build = subprocess.run(
        [sys.executable, "-m", "maturin", "build", "--release", "-m", str(PACKAGE / "Cargo.toml"), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_is_abi3_for_cpython_3_9_on(wheel):
    assert "-cp39-abi3-" in wheel.name, wheel.name
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("phi_lint/__init__.py", "phi_lint/_native.pyi", "phi_lint/py.typed", "phi_lint/spark.py"):
        assert expected in names, names


def test_fresh_venv_install_and_readme_example(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    for name, source in FAKE_TWILIO.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    readme = (PACKAGE / "README.md").read_text()
    example = re.findall(r"```python\n(.*?)```", readme, re.S)[0]
    assert "def send_sms" in example
    (tmp_path / "example.py").write_text(example + SCENARIO)
    run = subprocess.run(
        [str(python), "example.py"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "pre-send example ok" in run.stdout
