"""Type stubs for the native module (re-exported by ``phi_lint``)."""

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, Optional, Union, final

Channel = Literal["sms", "push", "email_subject", "email_text", "email_html", "url"]
Severity = Literal["error", "warning", "info"]
Redaction = Literal["label", "mask", "none"]

__version__: str

class ConfigError(ValueError):
    """A configuration, rule pack or selector error carrying the full diagnostic text."""

@final
class Finding:
    """One violation; immutable. Fields as in the CLI's JSON (``code`` is its ``rule``)."""

    @property
    def code(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def message(self) -> str: ...
    @property
    def help(self) -> str: ...
    @property
    def start(self) -> int:
        """UTF-8 byte offset."""
    @property
    def end(self) -> int:
        """UTF-8 byte offset (exclusive)."""
    @property
    def location(self) -> Literal["text", "url", "variable", "metadata", "payload"]: ...
    @property
    def part(self) -> int: ...
    @property
    def excerpt(self) -> str:
        """Redacted as configured: the category label by default."""
    @property
    def line(self) -> Optional[int]:
        """check_file only: 1-based line of the start."""
    @property
    def column(self) -> Optional[int]:
        """check_file only: 1-based column (characters) of the start."""
    @property
    def label(self) -> Optional[str]:
        """check_file only: the i18n key path or MIME part."""
    def to_dict(self) -> dict[str, Any]: ...
    def __hash__(self) -> int: ...

@final
class Report:
    """The result of one check."""

    @property
    def findings(self) -> tuple[Finding, ...]: ...
    @property
    def issues(self) -> tuple[dict[str, Any], ...]: ...
    @property
    def is_clean(self) -> bool: ...
    @property
    def max_severity(self) -> Optional[Severity]: ...
    def blocks(self, severity: Severity = "warning") -> bool:
        """True when a finding is at or above ``severity``: do not send as is."""
    def to_dict(self) -> dict[str, Any]:
        """``{"findings": [...], "issues": [...]}`` as the library serializes it."""
    def __len__(self) -> int: ...
    def __bool__(self) -> bool: ...
    def __iter__(self) -> Iterator[Finding]: ...

@final
class Linter:
    """Checks outbound messages for PHI. Build once; thread-safe; checks release the GIL."""

    def __init__(
        self,
        config: Union[None, str, os.PathLike[str], Mapping[str, Any]] = None,
        *,
        select: Optional[Sequence[str]] = None,
        ignore: Optional[Sequence[str]] = None,
        allow_terms: Optional[Sequence[str]] = None,
        redaction: Redaction = "label",
        baa_providers: Optional[Sequence[str]] = None,
    ) -> None: ...
    def check(self, text: str, channel: Channel = "sms", syntax: Optional[str] = None) -> Report: ...
    def check_message(
        self,
        *,
        subject: Optional[str] = None,
        text: Optional[str] = None,
        html: Optional[str] = None,
    ) -> Report: ...
    def check_url(self, url: str) -> Report: ...
    def check_payload(self, payload: Union[str, Mapping[str, Any]]) -> Report: ...
    def check_file(self, path: Union[str, os.PathLike[str]]) -> Report: ...
    def check_many(
        self, texts: Iterable[str], channel: Channel = "sms", jobs: Optional[int] = None
    ) -> list[Report]: ...
    @property
    def rules(self) -> list[str]: ...
