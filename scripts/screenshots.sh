#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the README's screenshots (docs/screenshots/) without a display: ResNet-50 on the
# quad-core example with three runs (layer by layer, greedy fused, the plan search), then
# one PNG per view with `fuselab --screenshot`. Usage: scripts/screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
CLI=$BUILD_DIR/app/fuselab-cli
APP=$BUILD_DIR/app/fuselab
OUT=docs/screenshots
HW=examples/hardware/quad_core.yaml
project=$(mktemp -d)/resnet50.fuselab
trap 'rm -rf "$(dirname "$project")"' EXIT

"$CLI" schedule --workload resnet50 --hw "$HW" --mode lbl --project "$project" --run lbl >/dev/null
"$CLI" schedule --workload resnet50 --hw "$HW" --mode fused --project "$project" --run fused >/dev/null
"$CLI" explore --workload resnet50 --hw "$HW" --objective edp --pareto latency,energy --seed 1 \
  --project "$project" --run explore >/dev/null

shot() { # FILE VIEW [more fuselab options]
  local file=$1 view=$2
  shift 2
  QT_QPA_PLATFORM=offscreen "$APP" --project "$project" --screenshot "$OUT/$file" --view "$view" "$@"
}
# A layer in the middle of the network, selected: its tiles stand out in the Gantt and its
# node in the graph.
LAYER=${FUSELAB_SHOT_LAYER:-layer3.0.conv2}
# The main window on the default project (ResNet-18), as a new user sees it.
QT_QPA_PLATFORM=offscreen "$APP" --screenshot "$OUT/main_window.png" --view main --size 1600x1000
shot schedule.png schedule --run fused --size 1600x1000
shot gantt.png gantt --run fused --size 1600x900
shot memory.png memory --run fused --size 1600x900
shot breakdown.png breakdown --size 1600x900
shot pareto.png pareto --run explore --size 1600x900
shot graph_selected.png graph --run fused --select "$LAYER" --size 1600x900
echo "wrote $OUT/{main_window,schedule,gantt,memory,breakdown,pareto,graph_selected}.png"
# A 32-layer decoder: its repeated blocks fold in the graph.
llama=$(dirname "$project")/llama.fuselab
"$CLI" schedule --workload llama2-7b:phase=decode,kv=4096 --hw "$HW" --mode lbl --project "$llama" --run lbl >/dev/null
QT_QPA_PLATFORM=offscreen "$APP" --project "$llama" --screenshot "$OUT/graph_llama2_folded.png" --view graph --size 1600x1000
QT_QPA_PLATFORM=offscreen "$APP" --project "$llama" --screenshot "$OUT/schedule_llama2_roles.png" --view schedule --run lbl --size 1600x1000
echo "wrote $OUT/{graph_llama2_folded,schedule_llama2_roles}.png"
