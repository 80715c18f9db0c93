#!/usr/bin/env bash
# bench/run.sh — time and weigh whole tractage processes (a benchmark, not a test).
#
#   bench/run.sh [--no-fail] [--runs N] [--warmup N] [--input FILE] [--build-dir DIR]
#
# Wall time with hyperfine (no shell in between, warm-up first, >= 20 runs) of
#   tractage build --output-dir TMP FILE                 (tract + poster)
#   tractage build --output-dir TMP --only tract FILE
#   tractage build --output-dir TMP --only poster FILE
# and peak RSS of each with GNU time (/usr/bin/time -f %M, median of 5 runs).
# Results go to bench/results/<date>-<commit>/ (gitignored), bench/results/latest
# points at the last run. Exits 1 when a target is missed (0 with --no-fail),
# 2 when nothing could be measured.
set -euo pipefail

# Targets (bench/README.md) and the peer to beat (shared/peers.md, Typst 0.10).
target_both_ms=100
target_rss_mib=25
typst_tract_s_lo=0.9
typst_tract_s_hi=1.25
typst_rss_mib=24

usage() {
	awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"
}
die() { printf 'bench: error: %s\n' "$*" >&2; exit 2; }
say() { printf 'bench: %s\n' "$*" >&2; }

caller_dir=$PWD
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

no_fail=0
runs=20
warmup=3
input=content/riposte-au-tout-numerique.yaml
build_dir=build
while (($#)); do
	case $1 in
	--no-fail) no_fail=1 ;;
	--runs) runs=${2:?--runs needs a number}; shift ;;
	--warmup) warmup=${2:?--warmup needs a number}; shift ;;
	--input) input=${2:?--input needs a file}; shift
		[[ $input == /* ]] || input=$caller_dir/$input ;;
	--build-dir) build_dir=${2:?--build-dir needs a directory}; shift
		[[ $build_dir == /* ]] || build_dir=$caller_dir/$build_dir ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" ;;
	esac
	shift
done
if ! [[ $runs =~ ^[0-9]+$ ]] || ((runs < 20)); then die "--runs must be a number >= 20 (got '$runs')"; fi
[[ $warmup =~ ^[0-9]+$ ]] || die "--warmup must be a number (got '$warmup')"
input=${input#"$root"/}

for tool in hyperfine /usr/bin/time python3; do
	command -v "$tool" >/dev/null ||
		die "$tool not found: run tools/bootstrap setup (it installs tools/debian-packages.txt)"
done
[[ -r $input ]] || die "$input: no such input file"

# Benchmark the current sources, not a stale binary.
if [[ $build_dir == build ]]; then
	tools/bootstrap setup >&2 || die "tools/bootstrap setup failed"
else
	meson compile -C "$build_dir" >&2 || die "meson compile -C $build_dir failed"
fi
bin=$build_dir/src/tractage
[[ -x $bin ]] || die "$bin was not built"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

names=(both tract poster)
extra=("" "--only tract" "--only poster")
expect=("tract-a5 poster-a3" "tract-a5" "poster-a3")
# run I [PREFIX…]: runs variant I of the command, after PREFIX (e.g. /usr/bin/time).
run() {
	local i=$1
	shift
	# shellcheck disable=SC2086 # extra options are split on purpose
	"$@" "$bin" build --output-dir "$tmp" ${extra[i]} "$input"
}
# The same as one string, for hyperfine -N (which splits it like a shell would).
cmd() {
	# shellcheck disable=SC2086
	printf '%q ' "$bin" build --output-dir "$tmp" ${extra[$1]}
	printf '%q' "$input"
}

# One checked run of each first: a benchmark of an error message measures nothing.
for i in "${!names[@]}"; do
	rm -rf "${tmp:?}"/*
	if ! out=$(run "$i" 2>&1); then
		printf '%s\n' "$out" >&2
		die "'$(cmd "$i")' failed; fix it before benchmarking"
	fi
	for kind in ${expect[i]}; do
		compgen -G "$tmp/*-$kind.pdf" >/dev/null ||
			die "'$(cmd "$i")' wrote no *-$kind.pdf (it wrote: $(find "$tmp" -mindepth 1 -printf '%f '))"
	done
done

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src 2>/dev/null || commit+=-dirty
mkdir -p bench/results
results=bench/results/$(date +%Y%m%d-%H%M%S)-$commit
mkdir -p "$results"
ln -sfn "$(basename "$results")" bench/results/latest

say "timing ${names[*]}: $warmup warm-up + $runs runs each"
hf=(hyperfine -N --warmup "$warmup" --runs "$runs"
	--export-json "$results/hyperfine.json" --export-markdown "$results/hyperfine.md")
for i in "${!names[@]}"; do
	hf+=(-n "${names[i]}" "$(cmd "$i")")
done
"${hf[@]}" >&2 || die "hyperfine failed"

say "peak memory: median of 5 runs of /usr/bin/time -f %M"
: >"$results/peak-rss.tsv"
for i in "${!names[@]}"; do
	kib=()
	for _ in 1 2 3 4 5; do
		run "$i" /usr/bin/time -f %M -o "$tmp/rss" >/dev/null 2>&1 ||
			die "'$(cmd "$i")' failed under /usr/bin/time"
		kib+=("$(tail -n 1 "$tmp/rss")")
	done
	median=$(printf '%s\n' "${kib[@]}" | sort -n | sed -n 3p)
	printf '%s\t%s\t%s\n' "${names[i]}" "$median" "${kib[*]}" >>"$results/peak-rss.tsv"
done

{
	echo "tractage benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $commit"
	echo "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "build: $bin ($(meson introspect "$build_dir" --buildoptions 2>/dev/null |
		python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "buildtype"))' \
		2>/dev/null || echo "buildtype unknown"))"
	echo "input: $input; hyperfine $warmup warm-up + $runs runs; peak RSS median of 5"
	echo
} >"$results/summary.txt"

status=0
python3 - "$results" "$target_both_ms" "$target_rss_mib" \
	"$typst_tract_s_lo" "$typst_tract_s_hi" "$typst_rss_mib" >>"$results/summary.txt" <<'EOF' || status=$?
import json, sys

results, both_ms, rss_mib, typst_lo, typst_hi, typst_rss = sys.argv[1:]
both_ms, rss_mib = float(both_ms), float(rss_mib)
typst_lo, typst_hi, typst_rss = float(typst_lo), float(typst_hi), float(typst_rss)

with open(f"{results}/hyperfine.json", encoding="utf-8") as fp:
    timing = {r["command"]: r for r in json.load(fp)["results"]}
rss = {}
with open(f"{results}/peak-rss.tsv", encoding="utf-8") as fp:
    for line in fp:
        name, median, _ = line.rstrip("\n").split("\t")
        rss[name] = int(median) / 1024  # GNU time %M is in KiB

ms = lambda s: s * 1000
print(f"{'':8} {'median':>9} {'mean ± σ':>17} {'min':>8} {'max':>8} {'peak RSS':>10}")
for name in ("both", "tract", "poster"):
    r = timing[name]
    print(f"{name:8} {ms(r['median']):6.1f} ms {ms(r['mean']):7.1f} ± {ms(r['stddev']):4.1f} ms"
          f" {ms(r['min']):5.1f} ms {ms(r['max']):5.1f} ms {rss[name]:6.1f} MiB")

missed = 0
def check(what, value, limit, unit):
    global missed
    ok = value < limit
    missed += not ok
    print(f"  {'ok  ' if ok else 'MISS'} {what}: {value:.1f} {unit} (target < {limit:g} {unit})")

print("\ntargets")
check("tract + poster, one process, median wall", ms(timing["both"]["median"]), both_ms, "ms")
peak = max(rss.values())
check("peak memory, largest of the three", peak, rss_mib, "MiB")

tract = timing["tract"]["median"]
print("\npeers (shared/peers.md)")
print(f"  Typst 0.10, tract alone: {typst_lo:g}–{typst_hi:g} s, {typst_rss:g} MiB")
print(f"  tractage, tract alone:   {ms(tract):.1f} ms ({typst_lo / tract:.0f}–{typst_hi / tract:.0f}× faster),"
      f" {rss['tract']:.1f} MiB ({rss['tract'] / typst_rss:.2f}× Typst's memory)")
print(f"\n{missed} target(s) missed" if missed else "\nall targets met")
sys.exit(1 if missed else 0)
EOF

echo
cat "$results/summary.txt"
echo
echo "results: $results/ (hyperfine.json, hyperfine.md, peak-rss.tsv, summary.txt)"
if ((status == 1)); then
	if ((no_fail)); then
		say "targets missed (--no-fail: exit 0)"
	else
		say "error: targets missed (see above); pass --no-fail to only report"
		exit 1
	fi
elif ((status != 0)); then
	die "summary failed (status $status)"
fi
