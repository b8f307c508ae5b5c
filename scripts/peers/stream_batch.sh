#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs Stream (run_stream.py) on every configuration of FuseLab's side-by-side
# (docs/stream-side-by-side.md), one after the other, skipping those whose JSON exists.
# Environment: STREAM_DIR, ZIGZAG_DIR (checkouts of Stream ed4e12ef and ZigZag 3.8.0),
# PEERS (Stream's example files, default /work/shared/peers/stream), OUT (default ./stream-runs),
# MODES (default "lbl fused"), REVERSE=1 to take the configurations last first (a second batch
# beside the first).
set -u
here=$(cd "$(dirname "$0")" && pwd)
PEERS=${PEERS:-/work/shared/peers/stream}
OUT=${OUT:-$PWD/stream-runs}
PY=${PYTHON:-/usr/bin/python3}
mkdir -p "$OUT"
# name  hardware  workload  mapping  stacks(Stream node ids, fused only)
# Stream ed4e12ef's own meta_prototype.yaml core still names its array `multipliers`, which its
# validator refuses (KeyError 'operational_array' in ZigZag's accelerator_validator.py:209), so
# Stream runs a copy with that one key renamed, and an accelerator file naming the copy by path.
patched="$OUT/patched"
mkdir -p "$patched"
sed 's/^multipliers:/operational_array:/' "$PEERS/hardware/cores/meta_prototype.yaml" > "$patched/meta_prototype.yaml"
sed "s#: meta_prototype.yaml#: $patched/meta_prototype.yaml#" "$PEERS/hardware/meta_prototype_dual_core_simd_offchip.yaml" \
  > "$patched/meta_prototype_dual_core_simd_offchip.yaml"
hw_file() { if [ -e "$patched/$1.yaml" ]; then echo "$patched/$1.yaml"; else echo "$PEERS/hardware/$1.yaml"; fi; }
configs() {
  local r18="0..10,11..21" m="$PEERS/mapping" dual="$here/mappings/dual_core_pool_simd.yaml"
  echo "tpu_like_quad_core resnet18.onnx $m/tpu_like_quad_core.yaml $r18"
  echo "eyeriss_like_quad_core resnet18.onnx $m/tpu_like_quad_core.yaml $r18"
  echo "simba_small resnet18.onnx $m/simba_small.yaml $r18"
  echo "meta_prototype_dual_core_simd_offchip resnet18.onnx $dual $r18"
  echo "eyeriss_like_dual_core resnet18.onnx $dual $r18"
}
configs | if [ -n "${REVERSE:-}" ]; then tac; else cat; fi | while read -r hw wl map stacks; do
  for mode in ${MODES:-lbl fused}; do
    name="$hw-${wl%.onnx}-$mode"
    # done, or started by another batch running beside this one (and not failed)
    [ -s "$OUT/$name.json" ] && continue
    [ -e "$OUT/$name.err" ] && [ ! -e "$OUT/$name.failed" ] && continue
    rm -f "$OUT/$name.failed"
    extra=()
    [ "$mode" = fused ] && extra=(--stacks "$stacks")
    echo "$(date -u +%T) $name" >&2
    /usr/bin/time -f "%e s" -o "$OUT/$name.time" nice -n 5 "$PY" "$here/run_stream.py" \
      --stream "$STREAM_DIR" --zigzag "$ZIGZAG_DIR" --hw "$(hw_file "$hw")" \
      --workload "$PEERS/workload/$wl" --mapping "$map" --mode "$mode" "${extra[@]}" \
      --out "$OUT/stream-out" > "$OUT/$name.json.tmp" 2> "$OUT/$name.err" \
      && mv "$OUT/$name.json.tmp" "$OUT/$name.json" \
      || { echo "  failed: see $OUT/$name.err" >&2; touch "$OUT/$name.failed"; }
  done
done
