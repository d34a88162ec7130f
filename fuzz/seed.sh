#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds from the project's own fixtures and examples (synthetic
# data only). Safe to re-run: existing corpus entries are kept.
set -euo pipefail
cd "$(dirname "$0")"
root=..
add() { # add TARGET FILE [PREFIX-BYTE]
  local dir="corpus/$1" name
  mkdir -p "$dir"
  name="$dir/seed-$(sha1sum < "$2" | cut -c1-16)${3:+-$3}"
  if [ -n "${3:-}" ]; then
    { printf "\\x$3"; cat "$2"; } > "$name"
  else
    cp "$2" "$name"
  fi
}
mapfile -t files < <(find "$root/tests/fixtures" "$root/examples" -type f -size -64k \
  ! -name '*.md' ! -name 'sarif-schema*' | sort)
i=0
for f in "${files[@]}"; do
  # check_message: the first byte picks channel and dialect; spread seeds over them.
  add check_message "$f" "$(printf '%02x' $(( (i * 7) % 54 )))"
  add template_scan "$f"
  add reporters "$f"
  add readers "$f"
  # fix_document: the first byte picks the path hint (13 of them).
  add fix_document "$f" "$(printf '%02x' $(( i % 13 )))"
  case "$f" in
    *.html|*.mjml|*.eml) add html_scan "$f" ;;
    *.json) add payload "$f" ;;
  esac
  i=$((i + 1))
done
# URLs from every fixture line that holds one.
mkdir -p corpus/url_decompose
grep -rhoE "https?://[^\"' <>]+" "$root/tests/fixtures" "$root/examples" 2>/dev/null | sort -u | head -500 |
  while IFS= read -r u; do printf '%s' "$u" > "corpus/url_decompose/seed-$(printf '%s' "$u" | sha1sum | cut -c1-16)"; done
for f in "$root"/rules/*.toml; do add rule_pack "$f"; done
echo "seeded: $(for d in corpus/*; do printf '%s=%s ' "${d#corpus/}" "$(ls "$d" | wc -l)"; done)"
