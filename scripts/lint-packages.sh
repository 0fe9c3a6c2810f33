#!/usr/bin/env bash
# Checks the finished Linux packages (scripts/package-linux.sh) the way a
# distribution would, and fails on the first problem:
#   lintian              no errors and no warnings (overrides, each with its
#                        reason, ship in packaging/debian/lintian-overrides)
#   rpmlint              no errors; packaging/rpm/rpmlint.toml says why the
#                        one filtered message (no-signature) is not ours here
#   appstreamcli         the metainfo the packages install validates
#   desktop-file-validate  the desktop file the packages install validates
#   contents             man pages, completions, copyright, changelog present;
#                        package size at most 15 MB
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="${PIZHU_BUNDLE_DIR:-${CARGO_TARGET_DIR:-$root/target}/release/bundle}"
max_bytes=$((15 * 1000 * 1000))

fail() { echo "lint-packages: $*" >&2; exit 1; }
shopt -s nullglob
debs=("$bundle"/deb/pizhu_*.deb)
rpms=("$bundle"/rpm/pizhu-*.rpm)
[ "${#debs[@]}" = 1 ] || fail "expected one finished .deb in $bundle/deb (scripts/package-linux.sh), found ${#debs[@]}"
[ "${#rpms[@]}" = 1 ] || fail "expected one finished .rpm in $bundle/rpm (scripts/package-linux.sh), found ${#rpms[@]}"
deb="${debs[0]}" rpm="${rpms[0]}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "--- lintian $(basename "$deb")"
# --fail-on warning: an unexplained warning fails like an error. Overridden
# tags are listed (with their reasons) by --show-overrides.
lintian --fail-on error,warning --show-overrides --display-info "$deb" | tee "$work/lintian.txt" ||
  fail "lintian: $(grep -cE '^[EW]: ' "$work/lintian.txt") errors and warnings"
echo "lintian: $(grep -c '^E: ' "$work/lintian.txt") errors, $(grep -c '^W: ' "$work/lintian.txt") warnings, $(grep -c '^O: ' "$work/lintian.txt") overridden"

echo "--- rpmlint $(basename "$rpm")"
rpmlint -c "$root/packaging/rpm/rpmlint.toml" "$rpm" | tee "$work/rpmlint.txt" ||
  fail "rpmlint reports errors"
grep -q ' 0 errors' "$work/rpmlint.txt" || fail "rpmlint reports errors"

# What the packages install, as installed.
dpkg-deb -x "$deb" "$work/deb"
mkdir "$work/rpm" && (cd "$work/rpm" && rpm2cpio "$rpm" | cpio -idm --quiet --no-absolute-filenames)
for tree in "$work/deb" "$work/rpm"; do
  kind=$(basename "$tree")
  echo "--- $kind: appstreamcli validate, desktop-file-validate"
  metainfo="$tree/usr/share/metainfo/org.pizhu.reader.metainfo.xml"
  [ -f "$metainfo" ] || fail "$kind: no AppStream metainfo"
  # --no-net: the screenshots and homepage are not fetched here (no network
  # in CI builds); everything else is checked, pedantic issues included.
  appstreamcli validate --no-net --pedantic "$metainfo" || fail "$kind: appstreamcli validate"
  desktop=("$tree"/usr/share/applications/*.desktop)
  [ "${#desktop[@]}" = 1 ] || fail "$kind: expected one desktop file"
  out=$(desktop-file-validate "${desktop[0]}" 2>&1) || fail "$kind: desktop-file-validate: $out"
  [ -z "$out" ] || fail "$kind: desktop-file-validate: $out"
  grep -q "<launchable type=\"desktop-id\">$(basename "${desktop[0]}")<" "$metainfo" ||
    fail "$kind: the metainfo does not launch $(basename "${desktop[0]}")"
  for f in usr/share/man/man1/pizhu.1.gz usr/share/man/man1/pizhu-search.1.gz \
    usr/share/bash-completion/completions/pizhu usr/share/fish/vendor_completions.d/pizhu.fish; do
    [ -f "$tree/$f" ] || fail "$kind: /$f is missing"
  done
  # The page renders without groff warnings.
  warnings=$(MANROFFSEQ='' LC_ALL=C.UTF-8 man --warnings -E UTF-8 -l -Tutf8 -Z "$tree/usr/share/man/man1/pizhu.1.gz" 2>&1 >/dev/null) ||
    fail "$kind: man cannot render pizhu(1)"
  [ -z "$warnings" ] || fail "$kind: pizhu(1) has groff warnings: $warnings"
done
[ -f "$work/deb/usr/share/doc/pizhu/copyright" ] && [ -f "$work/deb/usr/share/doc/pizhu/changelog.gz" ] ||
  fail "deb: copyright or changelog missing"
[ -f "$work/deb/usr/share/zsh/vendor-completions/_pizhu" ] || fail "deb: zsh completion missing"
[ -f "$work/rpm/usr/share/zsh/site-functions/_pizhu" ] || fail "rpm: zsh completion missing"

for f in "$deb" "$rpm"; do
  size=$(stat -c %s "$f")
  echo "size: $(basename "$f") $((size / 1024)) KiB"
  [ "$size" -le "$max_bytes" ] || fail "$(basename "$f") is larger than 15 MB"
done
echo "lint-packages: ok"
