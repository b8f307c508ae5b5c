#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# FuseLab's half of the side-by-side with Stream (docs/stream-side-by-side.md): for every Stream run
# that stream_batch.sh left in RUNS (one JSON per accelerator / workload / mode, from
# run_stream.py), schedules the same workload on the same accelerator with `fuselab-cli schedule`
# under Stream's semantics, with Stream's plan (its stacks and the cores its GA chose, by layer
# name), resident activations, and prints one Markdown table of latency, energy and DRAM bytes.
#
# Usage: side_by_side.py --cli build/app/fuselab-cli --runs DIR [--peers /work/shared/peers/stream]
#                        [--commands FILE] [--json FILE] [--layers EXPERIMENT]
# --layers prints, for one experiment (e.g. tpu_like_quad_core-resnet18-lbl), a per-layer table:
# core, Stream's CN runtime and FuseLab's compute cycles, the energies, and what Stream streamed
# from DRAM (its "too large" operands); Stream's ReLU layers are summed into the row above.
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import csv

HERE = os.path.dirname(os.path.abspath(__file__))
DUAL = os.path.join(HERE, "mappings", "dual_core_pool_simd.yaml")


def mapping_for(hw, peers):
    m = os.path.join(peers, "mapping")
    return {
        "tpu_like_quad_core": os.path.join(m, "tpu_like_quad_core.yaml"),
        "eyeriss_like_quad_core": os.path.join(m, "tpu_like_quad_core.yaml"),
        "simba_small": os.path.join(m, "simba_small.yaml"),
        "meta_prototype_dual_core_simd_offchip": DUAL,
        "eyeriss_like_dual_core": DUAL,
    }[hw]


def fuselab_layers(cli, workload):
    out = subprocess.run([cli, "info", "--workload", workload], capture_output=True, text=True, check=True).stdout
    names = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) > 2 and parts[0].isdigit():
            names.append(parts[1])
    return names


def stream_plan_to_fuselab(run, known):
    """Stream's stacks (node ids) and chosen cores (per node) -> FuseLab --stacks / --allocation
    by layer name. Stream's ReLUs are layers there and folded into their producer here, so they
    drop out of both (their cost is part of the producer's in FuseLab)."""
    by_id = {l["id"]: l for l in run["layers"]}
    alloc = [f'{l["name"]}:{l["cores"][0]}' for l in run["layers"] if l["name"] in known]
    stacks = []
    if run["experiment"].endswith("-fused"):
        for s in run["stacks"]:
            names = [by_id[i]["name"] for i in s if i in by_id and by_id[i]["name"] in known]
            if len(names) > 1:
                stacks.append(f"{names[0]}..{names[-1]}")
    return ",".join(stacks), ",".join(alloc)


def stream_seconds(json_path):
    """Wall time of the Stream run, from stream_batch.sh's /usr/bin/time file (the JSON's own
    `seconds` is near 0 when run_stream.py reloaded a finished run)."""
    t = json_path[: -len(".json")] + ".time"
    if os.path.exists(t):
        return float(open(t).read().split()[-2])
    return float("nan")


def per_layer(run, csv_file):
    fl = {}
    for r in csv.DictReader(open(csv_file)):
        d = fl.setdefault(r["layer"], {"cycles": 0, "pJ": 0.0, "dram": 0, "cores": set()})
        if r["kind"] == "compute":
            d["cycles"] += int(r["end_cycle"]) - int(r["start_cycle"])
            d["pJ"] += float(r["energy_pj"])
            d["cores"].add(r["resource"].split("+")[0])
        elif r["kind"].startswith("dram") or r["kind"] == "spill":
            d["dram"] += int(r["bytes"])
    print("| layer | Stream core | Stream CN cycles | FuseLab compute cycles | Stream on-chip µJ | Stream streamed-from-DRAM µJ "
          "| FuseLab compute µJ | Stream too-large operands |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    rows = []
    for l in run["layers"]:
        if l["name"] in fl or not rows:
            rows.append(dict(l, relu_cycles=0))
        else:  # a ReLU (or other op FuseLab folds): add it to its producer's row
            rows[-1]["relu_cycles"] += l["runtime"]
            rows[-1]["onchip_pJ"] += l["onchip_pJ"]
            rows[-1]["offchip_pJ"] += l["offchip_pJ"]
    for l in rows:
        f = fl.get(l["name"], {"cycles": 0, "pJ": 0.0})
        relu = f" (+{l['relu_cycles']:,} ReLU)" if l["relu_cycles"] else ""
        print(f"| {l['name']} | {','.join(map(str, l['cores']))} | {l['runtime'] - 0:,}{relu} | {f['cycles']:,} "
              f"| {l['onchip_pJ'] / 1e6:,.2f} | {l['offchip_pJ'] / 1e6:,.2f} | {f['pJ'] / 1e6:,.2f} | {' '.join(l['too_large'])} |")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cli", required=True)
    p.add_argument("--runs", required=True)
    p.add_argument("--peers", default="/work/shared/peers/stream")
    p.add_argument("--commands")
    p.add_argument("--json")
    p.add_argument("--layers")
    a = p.parse_args()

    rows, cmds, records = [], [], []
    for f in sorted(os.listdir(a.runs)):
        if not f.endswith(".json"):
            continue
        text = open(os.path.join(a.runs, f)).read()
        run = json.loads(text[text.index("{"):])
        exp = run["experiment"]
        mode = exp.rsplit("-", 1)[1]
        hw, wl = exp[: -len(mode) - 1].rsplit("-", 1)
        workload = os.path.join(a.peers, "workload", wl + ".onnx")
        hw_file = os.path.join(a.peers, "hardware", hw + ".yaml")
        known = set(fuselab_layers(a.cli, workload))
        stacks, alloc = stream_plan_to_fuselab(run, known)
        cmd = [a.cli, "schedule", "--workload", workload, "--hw", hw_file, "--mapping", mapping_for(hw, a.peers),
               "--mapping-semantics", "stream", "--activations", "resident", "--allocation", alloc,
               "--psum-precision", "16", "--json", "-"]  # Stream's ONNX parser: 16-bit partial sums
        cmd += ["--stacks", stacks] if mode == "fused" and stacks else ["--mode", mode]
        if a.layers and exp != a.layers:
            continue
        csv_file = tempfile.NamedTemporaryFile(suffix=".csv", delete=False).name
        t0 = time.time()
        res = subprocess.run(cmd + ["--csv", csv_file], capture_output=True, text=True)
        fl_seconds = time.time() - t0
        if res.returncode != 0:
            print(f"{exp}: fuselab-cli failed: {res.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
            continue
        fl = json.loads(res.stdout)
        if a.layers:
            per_layer(run, csv_file)
            return
        fl_dram = fl["dram_read_bytes"] + fl["dram_write_bytes"]
        rec = {
            "experiment": exp,
            "stream": {"latency": float(run["latency_cycles"]), "energy_pJ": float(run["energy_pJ"]),
                       "dram_bytes": float(run["dram_bytes"]),
                       "cns": run["cns"], "seconds": stream_seconds(os.path.join(a.runs, f))},
            "fuselab": {"latency": fl["latency_cycles"], "energy_pJ": fl["energy_pj"], "dram_bytes": fl_dram,
                        "cns": fl["cn_count"], "energy_breakdown": fl["energy_breakdown"],
                        "spill_bytes": fl["spill_bytes"], "seconds": round(fl_seconds, 2)},
        }
        records.append(rec)
        cmds.append(" ".join(f"'{c}'" if (" " in c or "," in c) else c for c in cmd))
        s, u = rec["stream"], rec["fuselab"]
        rows.append(f"| {hw} | {mode} | {s['latency']:,.0f} | {u['latency']:,.0f} | {u['latency'] / s['latency']:.2f} "
                    f"| {s['energy_pJ'] / 1e6:,.1f} | {u['energy_pJ'] / 1e6:,.1f} | {u['energy_pJ'] / s['energy_pJ']:.2f} "
                    f"| {s['dram_bytes'] / 1e6:,.2f} | {u['dram_bytes'] / 1e6:,.2f} | {u['dram_bytes'] / max(s['dram_bytes'], 1):.2f} "
                    f"| {s['cns']} / {u['cns']} | {s['seconds']:.0f} s / {u['seconds']:.2f} s |")
    print("| accelerator | mode | Stream latency (cycles) | FuseLab | ratio | Stream energy (µJ) | FuseLab | ratio "
          "| Stream DRAM (MB) | FuseLab | ratio | CNs Stream / FuseLab | run time Stream / FuseLab |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    print("\n".join(rows))
    if a.commands:
        open(a.commands, "w").write("\n".join(cmds) + "\n")
    if a.json:
        json.dump(records, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
