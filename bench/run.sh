#!/usr/bin/env bash
# bench/run.sh — tractage's benchmark (a benchmark, not a test; bench/README.md).
#
#   bench/run.sh [--only PART,...] [--no-fail] [--runs N] [--warmup N] [--rounds N]
#                [--batch-runs N] [--input FILE] [--build-dir DIR]
#
# Parts, all by default: instructions (callgrind), single (hyperfine wall time and GNU time
# peak memory of one content), typst (Typst 0.10's tract against tractage's tract + poster,
# alternated), batch (100 contents in one process on one core). Rebuilds first.
# Results go to bench/results/<date>-<commit>/ (gitignored), bench/results/latest points at
# the last run. Exits 1 when a target is missed (0 with --no-fail), 2 when a part could not
# measure. `bench/run.sh --help` lists the options.
set -euo pipefail
command -v python3 >/dev/null ||
	{ echo "bench: error: python3 not found: run tools/bootstrap setup" >&2; exit 2; }
exec python3 "$(dirname "${BASH_SOURCE[0]}")/bench.py" "$@"
