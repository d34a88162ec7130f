#!/usr/bin/env python3
"""Collect the blind authors' labeled drafts into the project's tune / blind corpus split.

Reads every `*.jsonl` batch directly under each draft folder (default: the English authors'
folders `en-*` under /work/corpus-drafts), validates each line (schema keys, channel, syntax,
categories, labeling mechanics), skips and reports invalid lines, drops exact duplicates of a
text already seen (a duplicate with different labels is reported and both copies dropped:
the label is in dispute), and splits the rest deterministically by a hash of the text:
about 35% go to tests/corpus/blind.jsonl (scored, never tuned on), the rest to
tests/corpus/tune.jsonl. A line's split depends on its text only, so re-running after new
batches arrive never moves an existing line from one split to the other.

usage: split_corpus.py [--drafts DIR] [--authors en-A,en-B] [--out tests/corpus] [--check]
"""
import argparse
import glob
import hashlib
import json
import os
import re
import sys

KEYS = {"id", "channel", "syntax", "text", "expect", "note"}
CHANNELS = {"sms", "email_subject", "email_text", "email_html", "push", "url"}
SYNTAXES = {"plain", "handlebars", "liquid", "jinja", "erb", "mailchimp", "gotemplate"}
CATEGORIES = {
    "diagnosis", "test_result", "medication", "procedure", "sensitive_service",
    "identifier", "url_phi", "insecure_link", "tracking",
}
BLIND_PERCENT = 35
# Salted so that the split is not the same as any other hash-keyed split of similar text.
SALT = b"phi-lint corpus split v1\n"


def is_blind(text):
    digest = hashlib.sha256(SALT + text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 100 < BLIND_PERCENT


def problems(row):
    """Why a parsed line is invalid (empty when it is valid)."""
    if not isinstance(row, dict):
        return ["not a JSON object"]
    out = []
    keys = set(row)
    if keys != KEYS:
        missing, extra = KEYS - keys, keys - KEYS
        out.append(f"keys: missing {sorted(missing)} extra {sorted(extra)}")
        return out
    if not isinstance(row["id"], str) or not row["id"]:
        out.append("id is not a non-empty string")
    if row["channel"] not in CHANNELS:
        out.append(f"unknown channel {row['channel']!r}")
    if row["syntax"] not in SYNTAXES:
        out.append(f"unknown syntax {row['syntax']!r}")
    if not isinstance(row["text"], str) or not row["text"].strip():
        out.append("empty text")
    expect = row["expect"]
    if not isinstance(expect, list) or not all(isinstance(c, str) for c in expect):
        out.append("expect is not a list of strings")
        return out
    unknown = [c for c in expect if c not in CATEGORIES]
    if unknown:
        out.append(f"unknown categories {unknown}")
    if len(set(expect)) != len(expect):
        out.append("duplicate categories")
    text = row["text"] if isinstance(row["text"], str) else ""
    # Mechanical conventions of TAXONOMY.md.
    if ("insecure_link" in expect) != bool(re.search(r"(?i)\bhttp://", text)):
        out.append("insecure_link is expected exactly when an http:// link is present")
    if "tracking" in expect and "url_phi" not in expect:
        out.append("tracking without url_phi")
    return out


def collect(drafts, authors):
    rows, invalid = [], []
    for author in authors:
        for path in sorted(glob.glob(os.path.join(drafts, author, "*.jsonl"))):
            with open(path, encoding="utf-8") as f:
                for n, raw in enumerate(f, 1):
                    if not raw.strip():
                        continue
                    where = f"{author}/{os.path.basename(path)}:{n}"
                    try:
                        row = json.loads(raw)
                    except json.JSONDecodeError as exc:
                        invalid.append((where, [f"not JSON ({exc.msg})"]))
                        continue
                    why = problems(row)
                    if why:
                        invalid.append((where, why))
                        continue
                    row["expect"] = sorted(row["expect"])
                    rows.append((where, row))
    return rows, invalid


def dedupe(rows):
    """Keep the first copy of each text; a text labeled two ways is dropped entirely."""
    by_text, order, disputed, duplicates = {}, [], set(), 0
    for where, row in rows:
        key = " ".join(row["text"].split()).casefold()
        if key in by_text:
            duplicates += 1
            first = by_text[key][1]
            if first["expect"] != row["expect"] or first["channel"] != row["channel"]:
                disputed.add(key)
            continue
        by_text[key] = (where, row)
        order.append(key)
    kept = [by_text[k] for k in order if k not in disputed]
    return kept, duplicates, [by_text[k][0] for k in order if k in disputed]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--drafts", default="/work/corpus-drafts")
    ap.add_argument("--authors", default="en-A,en-B", help="comma-separated draft folders")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "tests", "corpus"))
    ap.add_argument("--check", action="store_true", help="fail if the split files would change")
    args = ap.parse_args()

    rows, invalid = collect(args.drafts, [a for a in args.authors.split(",") if a])
    kept, duplicates, disputed = dedupe(rows)
    seen_ids, tune, blind = set(), [], []
    for where, row in kept:
        author = where.split("/", 1)[0]
        if row["id"] in seen_ids:  # ids are unique per author; keep them unique across authors
            row["id"] = f"{author}-{row['id']}"
        seen_ids.add(row["id"])
        line = json.dumps({k: row[k] for k in ("id", "channel", "syntax", "text", "expect", "note")},
                          ensure_ascii=False) + "\n"
        (blind if is_blind(row["text"]) else tune).append((row["id"], line))

    outputs = {}
    for name, part in (("tune.jsonl", tune), ("blind.jsonl", blind)):
        outputs[name] = "".join(line for _, line in sorted(part))
    changed = False
    for name, content in outputs.items():
        path = os.path.join(args.out, name)
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != content:
            changed = True
            if not args.check:
                os.makedirs(args.out, exist_ok=True)
                with open(path + ".tmp", "w", encoding="utf-8") as f:
                    f.write(content)
                os.replace(path + ".tmp", path)

    # Report counts and where invalid lines are; never the text of a line.
    for where, why in invalid:
        print(f"skipped {where}: {'; '.join(why)}", file=sys.stderr)
    for where in disputed:
        print(f"dropped {where}: the same text is labeled differently elsewhere", file=sys.stderr)
    benign = lambda part: sum(1 for _, l in part if '"expect": []' in l)  # noqa: E731
    print(f"lines read {len(rows) + len(invalid)}, invalid {len(invalid)}, duplicates {duplicates}, "
          f"disputed {len(disputed)}; tune {len(tune)} ({benign(tune)} benign), "
          f"blind {len(blind)} ({benign(blind)} benign)")
    if args.check and changed:
        sys.exit("split_corpus: tests/corpus is not what the drafts give; re-run without --check")


if __name__ == "__main__":
    main()
