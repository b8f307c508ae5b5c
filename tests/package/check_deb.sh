#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package as a user gets it: builds the .deb with CPack from the build tree (the
# app and the CLI must be built), unpacks it into a scratch root (dpkg -x) and checks
#  - its control data: name, version, and a Depends field every entry of which is installed
#    here at a version that satisfies it;
#  - that every shared library the packaged binaries link comes from a package it declares
#    (so the Depends line is complete), and that no RPATH points back into the build tree;
#  - that `fuselab-cli default` and `fuselab --version` run from the scratch root;
#  - the desktop file (desktop-file-validate) and the AppStream metadata (appstreamcli).
#   check_deb.sh <build dir> <expected version>
set -euo pipefail
build=$(readlink -f "$1")
version=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
for p in cpack dpkg-deb dpkg-query desktop-file-validate appstreamcli readelf ldd; do
  command -v "$p" >/dev/null || fail "$p is missing (Debian packages dpkg-dev, desktop-file-utils, appstream)"
done
T=$(mktemp -d "${TMPDIR:-/tmp}/fuselab-deb.XXXXXX")
trap 'rm -rf "$T"' EXIT

# 1. Build the package into the scratch folder.
if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$T/out" >"$T/cpack.log" 2>&1; then
  tail -n 30 "$T/cpack.log"
  fail "cpack failed"
fi
deb=$(ls "$T"/out/*.deb)
echo "package: $(basename "$deb")"

# 2. Control data.
[ "$(dpkg-deb -f "$deb" Package)" = fuselab ] || fail "package name is not fuselab"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "version $(dpkg-deb -f "$deb" Version), expected $version"
depends=$(dpkg-deb -f "$deb" Depends)
[ -n "$depends" ] || fail "no Depends field"
echo "Depends: $depends"
declared=()
IFS=',' read -ra entries <<<"$depends"
for entry in "${entries[@]}"; do
  ok=""
  IFS='|' read -ra alts <<<"$entry"
  for alt in "${alts[@]}"; do
    # "name (op version)" or "name"
    name=$(sed -E 's/^ *([^ (]+).*/\1/' <<<"$alt")
    declared+=("$name")
    installed=$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null | sed -n 's/^install ok installed //p')
    [ -n "$installed" ] || continue
    if [[ $alt =~ \(([<>=]+)\ *([^\)]+)\) ]]; then
      op=${BASH_REMATCH[1]}
      want=${BASH_REMATCH[2]// /}
      case $op in '>=') op=ge ;; '<=') op=le ;; '=') op=eq ;; '>>') op=gt ;; '<<') op=lt ;; esac
      dpkg --compare-versions "$installed" "$op" "$want" || continue
    fi
    ok=1
  done
  [ -n "$ok" ] || fail "dependency not satisfied on this system: $entry"
done

# 3. Unpack into the scratch root.
root=$T/root
dpkg -x "$deb" "$root"
for f in usr/bin/fuselab usr/bin/fuselab-cli usr/share/applications/fuselab.desktop \
         usr/share/metainfo/io.fuselab.FuseLab.metainfo.xml usr/share/icons/hicolor/scalable/apps/fuselab.svg; do
  [ -e "$root/$f" ] || fail "$f is not in the package"
done

# 4. Every library the binaries load belongs to a declared dependency; no RPATH into the build.
owner() { # the package owning a library file (usrmerge: /lib and /usr/lib are the same)
  local f=$1 p
  for cand in "$f" "$(readlink -f "$f")" "/usr${f}" "${f#/usr}"; do
    p=$(dpkg-query -S "$cand" 2>/dev/null | head -n1 | cut -d: -f1) && [ -n "$p" ] && { echo "$p"; return; }
  done
}
for bin in "$root"/usr/bin/*; do
  if readelf -d "$bin" | grep -qE 'RPATH|RUNPATH'; then
    fail "$(basename "$bin") has an RPATH/RUNPATH: $(readelf -d "$bin" | grep -E 'RPATH|RUNPATH')"
  fi
  missing=$(ldd "$bin" | grep 'not found' || true)
  [ -z "$missing" ] || fail "$(basename "$bin") needs libraries that are not found: $missing"
  # The libraries it links directly (DT_NEEDED); theirs are their packages' business.
  for soname in $(readelf -d "$bin" | sed -nE 's/.*Shared library: \[(.*)\]/\1/p'); do
    lib=$(ldd "$bin" | awk -v n="$soname" '$1 == n && $2 == "=>" {print $3}')
    [ -n "$lib" ] || fail "$(basename "$bin") needs $soname, which does not resolve"
    pkg=$(owner "$lib")
    [ -n "$pkg" ] || fail "$(basename "$bin") loads $lib, which no installed package owns"
    printf '%s\n' "${declared[@]}" | grep -qxF "$pkg" ||
      fail "$(basename "$bin") loads $lib from $pkg, which the package does not declare"
  done
done
echo "libraries: every one linked comes from a declared dependency"

# 5. Run the packaged programs.
out=$("$root/usr/bin/fuselab-cli" default 2>&1) || { echo "$out" | tail -n 20; fail "fuselab-cli default failed"; }
grep -q "fused" <<<"$out" || { echo "$out" | tail -n 20; fail "fuselab-cli default printed no fused schedule"; }
echo "fuselab-cli default: $(wc -l <<<"$out") lines"
ver=$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/fuselab" --version 2>&1) || fail "fuselab --version failed: $ver"
grep -qF "$version" <<<"$ver" || fail "fuselab --version printed '$ver', expected $version"
echo "fuselab --version: $ver"

# 6. Desktop file and AppStream metadata, as installed.
desktop-file-validate "$root/usr/share/applications/fuselab.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.fuselab.FuseLab.metainfo.xml" || fail "appstreamcli validate"
echo "PASS"
