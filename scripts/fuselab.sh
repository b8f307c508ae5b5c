#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# FuseLab's one entry point: installs what is missing (Debian packages), builds, then
#   run     – builds only the app and the CLI, then starts the GUI on the built-in default
#             project (or, without a display, the CLI's headless equivalent on the same project);
#   test    – builds the rest (tests, benchmarks) and runs the test stages (below) one after the
#             other; extra arguments go to CTest;
#   package – builds the app and the CLI and the Debian package (CPack) in $BUILD_DIR;
#   bench   – runs the benchmarks (long; not part of the tests).
# Package installation prints one line per step; apt's output goes to $INSTALL_LOG (default
# $BUILD_DIR/install-packages.log), whose tail is shown when a step fails.
# Environment: BUILD_DIR (default: build), FUSELAB_WERROR=ON to fail on warnings,
#   FUSELAB_TEST_STAGES: which stages `test` runs, in order (default below: "plain", and
#   "plain lone asan tsan fuzz" when CI=true). Stages:
#     plain – the RelWithDebInfo build in $BUILD_DIR and the whole suite;
#     lone  – the suite built from a copy of the project alone ($LONE_DIR, default
#             build-lone/fuselab: no ../shared beside it), as a stranger's clone builds it;
#     asan  – the same suite built with ASan + UBSan in $ASAN_BUILD_DIR (default build-asan),
#             no report allowed (tests/sanitizers/ holds the suppressions for system libraries);
#     tsan  – ThreadSanitizer build ($TSAN_BUILD_DIR, default build-tsan, no GUI) of the search
#             tests (labels cancel|search);
#     fuzz  – the libFuzzer smoke run (label fuzz, 30 s per target): see stage_fuzz.
#   A stage is a function stage_<name>; add one and name it in FUSELAB_TEST_STAGES.
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
  clang libclang-rt-dev
  desktop-file-utils appstream dpkg-dev slurm-wlm munge sqlite3
)

INSTALL_LOG=${INSTALL_LOG:-$BUILD_DIR/install-packages.log}

# install_step "<what>" command...: one line on the terminal, the command's output in the log;
# on failure the log's last lines and exit.
install_step() {
  local what=$1
  shift
  echo "fuselab: $what" >&2
  if ! "$@" >>"$INSTALL_LOG" 2>&1; then
    echo "fuselab: failed: $what. The last 40 lines of $INSTALL_LOG:" >&2
    tail -n 40 "$INSTALL_LOG" >&2
    exit 1
  fi
}

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  mkdir -p "$(dirname "$INSTALL_LOG")"
  : >"$INSTALL_LOG"
  echo "fuselab: installing ${#missing[@]} Debian packages (log: $INSTALL_LOG)" >&2
  install_step "[1/2] apt-get update" $sudo apt-get update
  install_step "[2/2] apt-get install ${missing[*]}" \
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# ccache keys on paths relative to the project root, so every clone and worktree of the
# project shares one cache (a fresh CI clone reuses what a developer compiled).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

# configure [cmake options...]: (re)configures $BUILD_DIR. FUSELAB_WERROR, when set, changes
# the build's setting; unset, it keeps what the build directory has (OFF at first), so that
# `package` after a -Werror `test` does not rebuild everything with other flags.
configure() {
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        ${FUSELAB_WERROR:+-DFUSELAB_WERROR="$FUSELAB_WERROR"} "$@" >/dev/null
}

# build [cmake options...]: configures and builds every target (tests and benchmarks too).
build() {
  configure "$@"
  cmake --build "$BUILD_DIR"
}

# The targets `run` and `package` need: the GUI app and the CLI (and what they link).
build_app() {
  configure "$@"
  cmake --build "$BUILD_DIR" --target fuselab fuselab-cli
}

# CI (CI=true, as .ci/run and GitHub/GitLab set it) also runs the ASan + UBSan suite, the
# ThreadSanitizer search tests and the fuzz smoke run; a developer's `test` runs the plain stage.
# Timings from a cold build on 2 cores are in BENCHMARKS.md ("CI stages").
default_stages() {
  if [ "${CI:-}" = true ]; then echo "plain lone asan tsan fuzz"; else echo "plain"; fi
}

# CTest over a build directory: everything but the benchmarks, fuzzers, soak and the real
# models (which need the npm registry).
# EXCLUDE_LABELS adds labels to leave out (the sanitizer stage leaves out "long").
run_ctest() {
  local dir=$1
  shift
  QT_QPA_PLATFORM=offscreen ctest --test-dir "$dir" --output-on-failure -j"$(nproc)" \
    -LE "bench|fuzz|soak|real_models${EXCLUDE_LABELS:+|$EXCLUDE_LABELS}" "$@"
}

stage_plain() {
  build
  run_ctest "$BUILD_DIR" "$@"
}

# A clone of the project alone: the tracked (and untracked, not ignored) files copied to
# $LONE_DIR, whose parent has no shared/ folder, built there (no benchmarks) and the suite run
# (the package and Slurm tests, which read nothing from ../shared, stay with the plain stage).
# Checks against Stream's example files report themselves skipped. Under the project folder
# so that ccache (CCACHE_BASEDIR) reuses the plain build's objects.
stage_lone() {
  local lone=${LONE_DIR:-$PWD/build-lone/fuselab}
  [ ! -e "$(dirname "$lone")/shared" ] || { echo "fuselab: $(dirname "$lone")/shared exists" >&2; return 1; }
  rm -rf "$lone"
  mkdir -p "$lone"
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard | xargs -0 tar -cf - --no-recursion \
      --ignore-failed-read | tar -xf - -C "$lone"
  else
    tar -cf - --exclude='./build*' --exclude=./.git . | tar -xf - -C "$lone"
  fi
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
  (
    cd "$lone"
    BUILD_DIR=build build -DFUSELAB_BUILD_BENCHMARKS=OFF
    EXCLUDE_LABELS="package|slurm${EXCLUDE_LABELS:+|$EXCLUDE_LABELS}" run_ctest build "$@"
  )
}

# Sanitizer runtime options: any report fails the test (ASan and UBSan abort, LSan exits
# non-zero); leaks inside system libraries are suppressed by name in tests/sanitizers/lsan.supp.
# fast_unwind_on_malloc=0: Graphviz has no frame pointers, and its frames are what the
# suppressions name.
sanitizer_env() {
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:fast_unwind_on_malloc=0:malloc_context_size=20}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0}
  export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/sanitizers/tsan.supp}
}

# Sanitizer builds use -O1 -g1 (line tables: reports name file and line) instead of -O2 -g:
# on 2 cores they compile about a third faster and their reports are as useful.
SANITIZER_FLAGS=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DFUSELAB_BUILD_BENCHMARKS=OFF)

stage_asan() {
  BUILD_DIR=${ASAN_BUILD_DIR:-build-asan} build -DFUSELAB_SANITIZE=address,undefined "${SANITIZER_FLAGS[@]}"
  sanitizer_env
  # "long" is the 100-kill save test: the plain stage runs it; under ASan its saves are ten
  # times slower and it would pass QtTest's 5-minute limit without testing anything new.
  EXCLUDE_LABELS=long run_ctest "${ASAN_BUILD_DIR:-build-asan}" "$@"
}

stage_tsan() {
  local dir=${TSAN_BUILD_DIR:-build-tsan}
  BUILD_DIR=$dir build -DFUSELAB_SANITIZE=thread -DFUSELAB_BUILD_GUI=OFF "${SANITIZER_FLAGS[@]}"
  sanitizer_env
  run_ctest "$dir" -L "cancel|search" "$@"
}

# Fuzz smoke run: a clang build with the libFuzzer targets (tests/fuzz) whose CTest label
# "fuzz" runs each target FUSELAB_FUZZ_SMOKE_SECONDS (30 here; FUZZING.md has the long run).
stage_fuzz() {
  local dir=${FUZZ_BUILD_DIR:-build-fuzz}
  CC=clang CXX=clang++ BUILD_DIR=$dir build -DFUSELAB_FUZZ=ON \
    -DFUSELAB_FUZZ_SMOKE_SECONDS="${FUSELAB_FUZZ_SMOKE_SECONDS:-30}"
  sanitizer_env
  ctest --test-dir "$dir" --output-on-failure -L fuzz "$@"
}

install_missing
case "$cmd" in
  run)
    build_app
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      exec "$BUILD_DIR/app/fuselab" "$@"
    fi
    echo "fuselab: no display found; running the headless equivalent (fuselab-cli on the default project)" >&2
    exec "$BUILD_DIR/app/fuselab-cli" default "$@"
    ;;
  test)
    stages=${FUSELAB_TEST_STAGES:-$(default_stages)}
    for stage in $stages; do
      declare -F "stage_$stage" >/dev/null || { echo "fuselab: unknown test stage '$stage'" >&2; exit 2; }
      echo "fuselab: test stage $stage" >&2
      start=$SECONDS
      "stage_$stage" "$@"
      echo "fuselab: test stage $stage passed in $((SECONDS - start)) s" >&2
    done
    ;;
  package)
    build_app
    echo "fuselab: cpack -G DEB (log: $BUILD_DIR/cpack.log)" >&2
    (cd "$BUILD_DIR" && cpack -G DEB) >"$BUILD_DIR/cpack.log" 2>&1 || {
      echo "fuselab: cpack failed. The last 40 lines of $BUILD_DIR/cpack.log:" >&2
      tail -n 40 "$BUILD_DIR/cpack.log" >&2
      exit 1
    }
    sed -n 's/^CPack: - package: \(.*\) generated\.$/fuselab: built \1/p' "$BUILD_DIR/cpack.log" >&2
    ;;
  bench)
    build
    export QT_QPA_PLATFORM=offscreen
    for b in "$BUILD_DIR"/tests/bench_*; do [ -x "$b" ] && "$b" "$@"; done
    ;;
  *) echo "usage: $0 run|test|package|bench [args]" >&2; exit 2 ;;
esac
