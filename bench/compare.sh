#!/usr/bin/env bash
# piid scan beside ripgrep given piid's own regexes (what a regex search
# alone gives: no validation, no scoring), on the same folders, one worker
# each, interleaved, median of REPS runs. Prints a Markdown table.
# ripgrep runs with -U because one of the catalog's patterns (a name under a
# closing line of a letter) spans a line break; it searches whole files then,
# as piid does.
#
#   bench/compare.sh                 # generates 200 MB corpora under bench/out
#   SIZE=1GB REPS=5 bench/compare.sh
#   bench/compare.sh DIR...          # your own folders
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-./bin/piid}
REPS=${REPS:-3}
SIZE=${SIZE:-200MB}
OUT=${OUT:-bench/out}

dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
  for p in logs prose exports; do
    if [ ! -d "$OUT/$p" ]; then
      "$BIN" bench gen --profile "$p" --size "$SIZE" --out "$OUT/$p" >/dev/null
    fi
    dirs+=("$OUT/$p/$p")  # the files, not the ground truth beside them
  done
fi

pat=$(mktemp)
trap 'rm -f "$pat"' EXIT
"$BIN" types --regex >"$pat"
have_rg=yes
command -v rg >/dev/null || { have_rg=no; echo "note: ripgrep (rg) is not installed; its column is left out" >&2; }

# seconds for one run of a command, output discarded
timeit() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f\n", (b - a) / 1e9}'
}
div() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.6f\n", a / b}'; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
minmax() { sort -g | awk 'NR==1{lo=$1} {hi=$1} END {printf "%.0f–%.0f", lo, hi}'; }

echo "| corpus | MB | piid 1 worker MB/s | piid 2 workers MB/s | ripgrep -j1 MB/s | piid/rg | 2w/1w |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for d in "${dirs[@]}"; do
  bytes=$(du -sb "$d" | cut -f1)
  mb=$(div "$bytes" 1000000)
  # Warm the page cache once.
  cat $(find "$d" -type f) >/dev/null
  p1=(); p2=(); r1=()
  for _ in $(seq "$REPS"); do
    p1+=("$(timeit "$BIN" scan --workers 1 --format jsonl --quiet "$d")")
    [ $have_rg = yes ] && r1+=("$(timeit rg -U -j1 -uuu --no-unicode --count-matches -f "$pat" "$d")")
    p2+=("$(timeit "$BIN" scan --workers 2 --format jsonl --quiet "$d")")
  done
  rate() { for t in "$@"; do div "$mb" "$t"; done; }
  mp1=$(rate "${p1[@]}" | median); mp2=$(rate "${p2[@]}" | median)
  rp1=$(rate "${p1[@]}" | minmax); rp2=$(rate "${p2[@]}" | minmax)
  if [ $have_rg = yes ]; then
    mr=$(rate "${r1[@]}" | median); rr=$(rate "${r1[@]}" | minmax)
    ratio=$(printf "%.2f" "$(div "$mp1" "$mr")")
    rgcol="$(printf "%.0f" "$mr") ($rr)"
  else
    ratio="n/a"; rgcol="not installed"
  fi
  printf "| %s | %.0f | %.0f (%s) | %.0f (%s) | %s | %s | %.2f |\n" "$(basename "$d")" "$mb" "$mp1" "$rp1" "$mp2" "$rp2" "$rgcol" "$ratio" "$(div "$mp2" "$mp1")"
done
