#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# FuseLab's one entry point: installs what is missing (Debian packages), builds, then
#   run   – starts the GUI on the built-in default project (or, without a display,
#           the CLI's headless equivalent on the same project);
#   test  – runs the whole test suite through CTest;
#   bench – runs the benchmarks (long; not part of the tests).
# Environment: BUILD_DIR (default: build), FUSELAB_WERROR=ON to fail on warnings.
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=${1:-run}
shift || true
BUILD_DIR=${BUILD_DIR:-build}

PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6sql6-sqlite libqt6opengl6-dev
  libqcustomplot-dev libgraphviz-dev
  libonnx-dev libprotobuf-dev protobuf-compiler
  libyaml-cpp-dev libsqlite3-dev nlohmann-json3-dev
  xauth xvfb
)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "fuselab: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

build() {
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DFUSELAB_WERROR="${FUSELAB_WERROR:-OFF}" "$@" >/dev/null
  cmake --build "$BUILD_DIR"
}

install_missing
case "$cmd" in
  run)
    build
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      exec "$BUILD_DIR/app/fuselab" "$@"
    fi
    echo "fuselab: no display found; running the headless equivalent (fuselab-cli on the default project)" >&2
    exec "$BUILD_DIR/app/fuselab-cli" default "$@"
    ;;
  test)
    build
    export QT_QPA_PLATFORM=offscreen
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" -LE "bench|fuzz|soak" "$@"
    ;;
  bench)
    build
    export QT_QPA_PLATFORM=offscreen
    for b in "$BUILD_DIR"/tests/bench_*; do [ -x "$b" ] && "$b" "$@"; done
    ;;
  *) echo "usage: $0 run|test|bench [args]" >&2; exit 2 ;;
esac
