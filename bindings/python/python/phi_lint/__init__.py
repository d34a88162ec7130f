"""phi-lint: find protected health information (PHI) in outbound SMS, push and email messages.

Build a :class:`Linter` once, then check each message right before it is sent::

    import phi_lint

    linter = phi_lint.Linter()
    report = linter.check("Your HIV test came back positive.", channel="sms")
    if report.blocks("warning"):
        ...  # do not send

Findings never carry message text unless asked (``redaction="none"``): the default excerpt is
the category label. Every rule and check is the Rust library's; this package is a thin binding.
"""

from ._native import ConfigError, Finding, Linter, Report, __version__

__all__ = ["ConfigError", "Finding", "Linter", "Report", "__version__"]
