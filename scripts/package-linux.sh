#!/usr/bin/env bash
# Finishes the .deb and .rpm that `scripts/tauri.sh build --bundles deb rpm`
# made, so that a distribution would accept them. The Tauri bundler already
# puts in what its settings reach (tauri.conf.json `bundle.linux.*.files`:
# copyright, AppStream metainfo, shell completions; Maintainer, Homepage,
# description). What they cannot express is done here, openly:
#
#   .deb  - man pages and the Debian changelog, gzip -9n (the bundler's own
#           `changelog` setting installs under /usr/share/doc/Pizhu, the
#           product name, not the package name `pizhu`);
#         - Depends computed from the binary with dpkg-shlibdeps (the
#           bundler writes none, and a hand-kept list goes stale);
#         - Installed-Size and md5sums for the new contents; root:root
#           ownership, 0755/0644 modes; xz compression.
#   .rpm  - rebuilt with rpmbuild from the bundler's payload plus the man
#           pages, because the bundler's RPM writer has no Packager, Group or
#           %changelog and names the file Pizhu_VERSION-1.ARCH.rpm; rpmbuild
#           also computes Requires from the binary's ELF dependencies.
#
# The finished packages replace the bundler's in the bundle folders:
#   target/release/bundle/deb/pizhu_VERSION_ARCH.deb
#   target/release/bundle/rpm/pizhu-VERSION-1.ARCH.rpm
# Run scripts/lint-packages.sh to check them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="${PIZHU_BUNDLE_DIR:-${CARGO_TARGET_DIR:-$root/target}/release/bundle}"
pkg=pizhu
maintainer="Pizhu developers <maintainers@pizhu.org>"
# Same bytes for the same commit: file times and the changelog date come from
# the last commit, not from the clock.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}"

die() { echo "package-linux: $*" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps rpm2cpio cpio rpmbuild gzip; do
  command -v "$tool" >/dev/null || die "$tool is missing (scripts/setup-debian.sh installs it)"
done

# The one package the bundler just wrote (its names start with the product
# name, "Pizhu"); a finished package from an earlier run is not an input.
shopt -s nullglob
only() {
  [ "$#" -gt 0 ] || die "no bundler output in $bundle; run scripts/tauri.sh build --bundles deb rpm first"
  [ "$#" = 1 ] || die "more than one bundler output: $*"
  echo "$1"
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Files both packages add beyond the bundler's: gzipped man pages.
man_into() {
  local dest="$1/usr/share/man/man1"
  mkdir -p "$dest"
  for page in "$root"/packaging/man/*.1; do
    gzip -9n <"$page" >"$dest/$(basename "$page").gz"
  done
}

# Directories 0755, files 0644, programs 0755: the bundler keeps whatever
# modes the files had in the checkout (umask, core.fileMode).
normalise_modes() {
  find "$1" -type d -exec chmod 0755 {} +
  find "$1" -type f -exec chmod 0644 {} +
  chmod 0755 "$1/usr/bin/$pkg"
}

build_deb() {
  local in; in=$(only "$bundle"/deb/Pizhu_*.deb)
  local tree="$work/deb"
  dpkg-deb -R "$in" "$tree"
  local version; version=$(dpkg-deb -f "$in" Version)
  local arch; arch=$(dpkg-deb -f "$in" Architecture)

  man_into "$tree"
  gzip -9n <"$root/packaging/debian/changelog" >"$tree/usr/share/doc/$pkg/changelog.gz"
  [ -f "$tree/usr/share/doc/$pkg/copyright" ] || die "the bundler did not install the copyright file (bundle.linux.deb.files)"
  normalise_modes "$tree"
  chmod 0755 "$tree/DEBIAN"

  # dpkg-shlibdeps reads the package name from debian/control.
  local shlib="$work/shlibdeps"
  mkdir -p "$shlib/debian"
  printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$pkg" "$pkg" >"$shlib/debian/control"
  local depends
  depends=$(cd "$shlib" && dpkg-shlibdeps -O -e"$tree/usr/bin/$pkg" 2>"$work/shlibdeps.log") ||
    { cat "$work/shlibdeps.log" >&2; die "dpkg-shlibdeps failed"; }
  depends=${depends#shlibs:Depends=}
  [ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies"

  # Installed-Size in KiB, as dpkg-gencontrol counts it (each file rounded up).
  local size
  size=$(find "$tree" -path "$tree/DEBIAN" -prune -o \( -type f -o -type l \) -printf '%s\n' |
    awk '{ kib += int(($1 + 1023) / 1024) } END { print kib }')

  local control="$tree/DEBIAN/control"
  awk -v depends="$depends" -v size="$size" '
    /^Depends:/ { next }
    /^Installed-Size:/ { print "Installed-Size: " size; next }
    /^Description:/ { print "Depends: " depends }
    { print }' "$control" >"$control.new"
  mv "$control.new" "$control"
  chmod 0644 "$control"
  grep -q '^Maintainer: .*<.*@.*>' "$control" || die "Maintainer has no address (Cargo.toml authors)"

  (cd "$tree" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z |
    xargs -0 md5sum >DEBIAN/md5sums)
  chmod 0644 "$tree/DEBIAN/md5sums"

  local out="$bundle/deb/${pkg}_${version}_${arch}.deb"
  dpkg-deb --root-owner-group -Zxz -z9 --build "$tree" "$out" >/dev/null
  rm -f "$in"
  echo "package-linux: $(basename "$out") $(( $(stat -c %s "$out") / 1024 )) KiB; Depends: $depends"
}

build_rpm() {
  local in; in=$(only "$bundle"/rpm/Pizhu-*.rpm "$bundle"/rpm/Pizhu_*.rpm)
  local version; version=$(rpm -qp --qf '%{VERSION}' "$in" 2>/dev/null)
  local release; release=$(rpm -qp --qf '%{RELEASE}' "$in" 2>/dev/null)
  local arch; arch=$(rpm -qp --qf '%{ARCH}' "$in" 2>/dev/null)
  local summary; summary=$(rpm -qp --qf '%{SUMMARY}' "$in" 2>/dev/null)
  local url; url=$(rpm -qp --qf '%{URL}' "$in" 2>/dev/null)
  local license; license=$(rpm -qp --qf '%{LICENSE}' "$in" 2>/dev/null)
  local tree="$work/rpmroot"
  mkdir -p "$tree"
  # rpm2cpio exits 1 on the bundler's RPMs (their header's payload size
  # disagrees with the payload), so the extraction is checked file by file
  # against the SHA-256 digests in the package header instead.
  (cd "$tree" && { rpm2cpio "$in" || true; } | cpio -idm --quiet --no-absolute-filenames)
  [ "$(rpm -qp --qf '%{FILEDIGESTALGO}' "$in" 2>/dev/null)" = 8 ] || die "$in: file digests are not SHA-256"
  rpm -qp --qf '[%{FILEDIGESTS}  .%{FILENAMES}\n]' "$in" 2>/dev/null | (cd "$tree" && sha256sum --quiet -c -) ||
    die "$in: extracted files do not match the package's digests"
  man_into "$tree"
  normalise_modes "$tree"

  # The file list is what is in the tree; directories the package owns are
  # the ones no other package does (its doc, licence and share folders).
  local files="$work/files.list"
  (cd "$tree" && find . -type f -o -type l) | sed 's|^\.||' | LC_ALL=C sort |
    awk -v pkg="$pkg" '
      $0 == "/usr/share/licenses/" pkg "/LICENSE" { print "%license " $0; next }
      { print }' >"$files"
  grep -q '^%license ' "$files" || die "the bundler did not install the licence (bundle.linux.rpm.files)"
  # The date in %changelog is the last commit's; rpmlint wants it not in the future.
  local date; date=$(LC_ALL=C date -u -d "@$SOURCE_DATE_EPOCH" '+%a %b %d %Y')
  local spec="$work/$pkg.spec"
  {
    echo "Name: $pkg"
    echo "Version: $version"
    echo "Release: $release"
    echo "Summary: $summary"
    echo "License: $license"
    echo "URL: $url"
    echo "Group: Applications/Text"
    echo "Packager: $maintainer"
    echo "Vendor: Pizhu developers"
    echo "BuildArch: $arch"
    # The tree is finished: the binary is stripped (nothing for a -debuginfo
    # package), the man pages are compressed. No brp-* post-processing, which
    # on Debian's rpm also trips over dash.
    echo "%global debug_package %{nil}"
    echo "%global _build_id_links none"
    echo "%global __os_install_post %{nil}"
    echo
    echo "%description"
    rpm -qp --qf '%{DESCRIPTION}\n' "$in" 2>/dev/null
    echo
    echo "%install"
    echo "cp -a '$tree'/. %{buildroot}/"
    echo
    echo "%files"
    cat "$files"
    echo "%dir /usr/share/licenses/$pkg"
    echo
    echo "%changelog"
    echo "* $date $maintainer - $version-$release"
    # The Debian changelog's entries for this version, as rpm list items.
    awk 'NR > 1 && /^ -- / { exit } /^  \* / { sub(/^  \* /, "- "); print; next } /^    / { sub(/^    /, "  "); print }' \
      "$root/packaging/debian/changelog"
  } >"$spec"

  rpmbuild -bb --quiet "$spec" \
    --define "_topdir $work/rpmbuild" \
    --define "_rpmdir $work/rpms" \
    --define "_binary_payload w9.xzdio" \
    --define "use_source_date_epoch_as_buildtime 1" \
    --define "clamp_mtime_to_source_date_epoch 1" \
    --define "_buildhost pizhu.build" >/dev/null
  local built; built=$(only "$work"/rpms/"$arch"/*.rpm)
  local out="$bundle/rpm/$pkg-$version-$release.$arch.rpm"
  mv "$built" "$out"
  rm -f "$in"
  echo "package-linux: $(basename "$out") $(( $(stat -c %s "$out") / 1024 )) KiB; Requires: $(rpm -qp --requires "$out" 2>/dev/null | grep -v '^rpmlib(' | paste -sd' ')"
}

build_deb
build_rpm
