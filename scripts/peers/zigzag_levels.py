#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs under Debian's python3 (/usr/bin/python3), which has the packages Stream and ZigZag need.
# Prints ZigZag 3.8.0's per-memory-level evaluation of whole layers, as Stream computed them (its
# ZigZagCoreMappingEstimationStage runs ZigZag's LOMA on every unique layer x core and stores the
# cost model evaluations in cost_lut.pickle). With a layer-by-layer Stream run every CN is a whole
# layer, so these are ZigZag's figures for the layer on that core: FuseLab's ZigZag cross-check
# (docs/stream-side-by-side.md) compares them with `fuselab-cli cost --detail LAYER --core C --json`.
#
# Usage: zigzag_levels.py --stream DIR --zigzag DIR --lut cost_lut.pickle [--layer NAME]... [--core ID]...
#        [--compare FUSELAB_CLI --workload W.onnx --hw H.yaml]   (prints a Markdown table per layer
#        and core: energy per memory level, MAC energy and cycles, ZigZag beside FuseLab's
#        `cost --detail LAYER --core C --objective latency --psum-precision 16 --json`; Stream's ZigZag
#        minimises latency, and Stream's ONNX parser gives conv and Gemm partial sums 16 bits)
import argparse
import json
import os
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--stream", required=True)
    p.add_argument("--zigzag", required=True)
    p.add_argument("--lut", required=True)
    p.add_argument("--layer", action="append", default=[])
    p.add_argument("--core", action="append", type=int, default=[])
    p.add_argument("--compare")
    p.add_argument("--workload")
    p.add_argument("--hw")
    a = p.parse_args()
    sys.path[:0] = [os.path.join(HERE, "shims"), os.path.abspath(a.stream), os.path.abspath(a.zigzag)]
    import typeguard_compat  # noqa: F401
    from stream.utils import CostModelEvaluationLUT

    lut = CostModelEvaluationLUT(a.lut)
    out = []
    for node in lut.get_nodes():
        if a.layer and node.name not in a.layer:
            continue
        for core in lut.get_cores(node):
            if a.core and core.id not in a.core:
                continue
            cme = lut.lut[node][core]
            levels = []
            for op, energies in cme.mem_energy_breakdown.items():
                mem_op = cme.layer.memory_operand_links.layer_to_mem_op(op)
                mem_levels = cme.accelerator.memory_hierarchy.get_memory_levels(mem_op)
                for lvl, e, acc in zip(mem_levels, energies, cme.memory_word_access[op]):
                    levels.append({
                        "operand": str(op), "level": lvl.name, "energy_pJ": e,
                        # words of this level's port width, per direction (ZigZag's FourWayDataMoving)
                        "rd_out_to_low": acc.rd_out_to_low, "wr_in_by_low": acc.wr_in_by_low,
                        "rd_out_to_high": acc.rd_out_to_high, "wr_in_by_high": acc.wr_in_by_high,
                    })
            out.append({
                "layer": node.name, "core": core.id, "mac_energy_pJ": cme.mac_energy,
                "mem_energy_pJ": cme.mem_energy, "energy_pJ": cme.energy_total,
                "ideal_cycles": cme.ideal_cycle, "ideal_temporal_cycles": cme.ideal_temporal_cycle,
                "latency_cycles": cme.latency_total2,
                "onloading": cme.latency_total1 - cme.latency_total0,
                "offloading": cme.latency_total2 - cme.latency_total1,
                "spatial_utilization": cme.mac_spatial_utilization,
                "spatial_mapping": str(cme.spatial_mapping), "temporal_mapping": str(cme.temporal_mapping),
                "too_large": [str(o) for o in node.too_large_operands] if hasattr(node, "too_large_operands") else [],
                "levels": levels,
            })
    if a.compare:
        compare(a, out)
    else:
        print(json.dumps(out, indent=1, default=str))


def compare(a, out):
    """ZigZag's and FuseLab's per-level energy side by side. ZigZag's levels are per operand; FuseLab's
    `compute.memory_energy_pj` is per memory (all operands), so ZigZag's are summed per memory. DRAM
    is left out on both sides unless ZigZag streamed an operand from it (FuseLab: dram_stream)."""
    cores = yaml.safe_load(open(a.hw))["cores"]
    names = {int(i): os.path.splitext(os.path.basename(f))[0] + f"_{i}" for i, f in cores.items()}
    print("| layer | core | quantity | ZigZag 3.8 | FuseLab | FuseLab / ZigZag |")
    print("|---|---|---|---:|---:|---:|")
    for r in out:
        core = names[r["core"]]
        res = subprocess.run([a.compare, "cost", "--workload", a.workload, "--hw", a.hw, "--core", core,
                              "--detail", r["layer"], "--objective", "latency", "--psum-precision", "16", "--json"],
                             capture_output=True, text=True)
        if res.returncode != 0:
            print(f"| {r['layer']} | {core} | FuseLab failed: {res.stderr.strip().splitlines()[-1:]} | | | |")
            continue
        fl = json.loads(res.stdout)["compute"]
        zz = {}
        for lv in r["levels"]:
            key = "dram" if lv["level"] == "dram" else f"{core}.{lv['level']}"
            zz[key] = zz.get(key, 0.0) + lv["energy_pJ"]
        fl_levels = dict(fl["memory_energy_pj"])
        if fl.get("dram_stream_energy_pj"):
            fl_levels["dram"] = fl["dram_stream_energy_pj"]
        rows = [("cycles", r["latency_cycles"], fl["cycles"]), ("MAC energy pJ", r["mac_energy_pJ"], fl["mac_energy_pj"])]
        for lvl in sorted(set(zz) | set(fl_levels)):
            rows.append((f"{lvl} pJ", zz.get(lvl, 0.0), fl_levels.get(lvl, 0.0)))
        rows.append(("total pJ", r["energy_pJ"], fl["mac_energy_pj"] + sum(fl_levels.values())))
        for q, z, f in rows:
            ratio = f"{f / z:.2f}" if z else ("=" if not f else "—")
            print(f"| {r['layer']} | {core} | {q} | {z:,.0f} | {f:,.0f} | {ratio} |")


if __name__ == "__main__":
    main()
