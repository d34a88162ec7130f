"""Synthetic outbound messages for the benches and the Spark test (no real data).

Deterministic for a seed: 555-01xx phones, example.org links, the invalid SSN 078-05-1120.
About one message in three carries PHI, as in a mixed reminder stream.
"""

from __future__ import annotations

import random

CLINICS = ["Lakeview Health", "Riverside Clinic", "Northgate Medical", "Cedar Family Care"]
NAMES = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana"]

SMS = [
    "{clinic}: Hi {name}, this is a reminder of your appointment on Tue 3/{day} at {hour}:15 PM. "
    "Call 555-01{nn} to reschedule. Reply STOP to opt out.",
    "{clinic}: {name}, your visit is confirmed for {hour}:30 AM. Directions: https://maps.example.org/{nn}",
    "{clinic}: Hi {name}, your HIV test came back positive. Call 555-01{nn}.",
    "{clinic}: {name}, your A1C was 9.{day}%. Please refill metformin 500 mg before Friday.",
    "{clinic}: Your records for SSN 078-05-1120 are ready at http://portal.example.org/r?mrn=55{nn}12",
    "{clinic}: {name}, time for your annual flu shot. Book at https://book.example.org/{nn}. Reply STOP to opt out.",
]
SUBJECTS = ["Your visit summary is ready", "Your chemotherapy schedule", "Appointment on Tue at {hour} PM"]
HTML = [
    '<p>Hi {name},</p><p>Your <a href="https://portal.example.org/msg/{nn}">message</a> is waiting.</p>',
    '<p>{name}, your <a href="http://portal.example.org/labs?test=hiv&patient_id=55{nn}">lab results</a>.</p>',
]
URLS = ["https://portal.example.org/m/{nn}", "http://portal.example.org/r?dx=diabetes&mrn=55{nn}"]


def message(rng: random.Random) -> tuple[str, str]:
    """A (channel, text) pair."""
    fill = {
        "clinic": rng.choice(CLINICS),
        "name": rng.choice(NAMES),
        "day": rng.randint(1, 9),
        "hour": rng.randint(1, 11),
        "nn": f"{rng.randint(0, 99):02d}",
    }
    roll = rng.random()
    if roll < 0.7:
        return "sms", rng.choice(SMS).format(**fill)
    if roll < 0.8:
        return "email_subject", rng.choice(SUBJECTS).format(**fill)
    if roll < 0.93:
        return "email_html", rng.choice(HTML).format(**fill)
    return "url", rng.choice(URLS).format(**fill)


def messages(n: int, seed: int = 7) -> list[dict[str, str]]:
    """`n` rows of {"id", "channel", "text"}."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        channel, text = message(rng)
        rows.append({"id": f"m{i}", "channel": channel, "text": text})
    return rows


def sms_160() -> str:
    """A 160-byte reminder SMS (the size of one SMS segment)."""
    text = (
        "Lakeview Health: Hi Ana, this is a reminder of your appointment on Tue 3/4 at 2:15 PM "
        "with Dr. Rivera. Call 555-0123 to reschedule. Reply STOP to opt out."
    )
    return text[:160].ljust(160)
