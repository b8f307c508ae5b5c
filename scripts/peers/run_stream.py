#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs under Debian's python3 (/usr/bin/python3), which has the packages Stream and ZigZag need.
# Runs Stream's classic GA flow (Stream commit ed4e12ef on ZigZag 3.8.0, both checked out outside
# the project) on one accelerator / workload / mapping / mode and prints what FuseLab's side-by-side
# needs as one JSON object: latency, energy (Stream's breakdown), DRAM bytes, and the plan Stream
# chose (stacks and per-layer cores, by ONNX node name) so that `fuselab-cli schedule` can be given
# the same plan. See docs/stream-side-by-side.md. Not part of FuseLab's build or tests.
#
# Usage: run_stream.py --stream DIR --zigzag DIR --hw H.yaml --workload W.onnx --mapping M.yaml
#                      --mode lbl|fused [--stacks "0..10,11..21"] [--generations 4]
#                      [--individuals 4] [--seed 0] --out DIR
import argparse
import contextlib
import json
import logging
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_stacks(text):
    """Stream node-id stacks "0..10, 11..21" -> [(0..10), (11..21)] (inclusive ranges)."""
    stacks = []
    for item in filter(None, (s.strip() for s in text.split(","))):
        if ".." in item:
            a, b = item.split("..")
            stacks.append(tuple(range(int(a), int(b) + 1)))
        else:
            stacks.append((int(item),))
    return stacks


def dram_bytes(scme):
    """Bytes moved to and from the off-chip core: every transfer event over a link that touches it
    (tensor.size is in bits), plus what the CNs streaming a too-large operand read and write there
    (ZigZag's off-chip level energy divided by the energy of one DRAM word)."""
    acc = scme.accelerator
    off = acc.offchip_core_id
    bits = 0
    for event in acc.communication_manager.events:
        touches = any(off in (t_link.sender.id if hasattr(t_link.sender, "id") else t_link.sender,
                              t_link.receiver.id if hasattr(t_link.receiver, "id") else t_link.receiver)
                      for t_link in _links_of(acc, event))
        if touches:
            bits += sum(t.size for t in event.tasks[0].tensors)
    dram = acc.get_core(off).memory_hierarchy.mem_level_list[0]
    word_bits = dram.memory_instance.r_bw
    word_energy = dram.memory_instance.r_cost
    streamed_bits = 0.0
    for n in scme.workload.node_list:
        e = n.get_offchip_energy() if hasattr(n, "get_offchip_energy") else 0
        if e:
            streamed_bits += e / word_energy * word_bits
    return (bits + streamed_bits) / 8, bits / 8, streamed_bits / 8


def _links_of(acc, event):
    # A CommunicationEvent holds one CommunicationLinkEvent per link of the path; find the links
    # whose event list holds those link events.
    found = []
    for link in acc.communication_manager.get_all_links():
        if any(le in getattr(link, "events", []) for le in event.tasks):
            found.append(link)
    return found


def fix_stream_pooling_c_loop():
    """Stream ed4e12ef's PoolingParser (stream/parser/onnx/pooling.py:55, 68-69) gives a pooling
    layer the equation O[b][k][oy][ox] += W[fy][fx] * I[b][k][iy][ix] but the loops B K OX OY C FX
    FY with C = the channel count: the C loop indexes no operand, so ZigZag iterates the window C
    times (64x the work for ResNet-18's MaxPool, 512x for its GlobalAveragePool). This what-if sets
    that loop to 1, to measure how much of a difference the defect makes."""
    from stream.parser.onnx.pooling import PoolingParser

    original = PoolingParser.get_layer_node_user_format

    def patched(self, *args, **kwargs):
        data = original(self, *args, **kwargs)
        data["loop_sizes"][data["loop_dims"].index("C")] = 1
        return data

    PoolingParser.get_layer_node_user_format = patched


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--stream", required=True)
    p.add_argument("--zigzag", required=True)
    p.add_argument("--hw", required=True)
    p.add_argument("--workload", required=True)
    p.add_argument("--mapping", required=True)
    p.add_argument("--mode", choices=["lbl", "fused"], required=True)
    p.add_argument("--stacks", default="")
    p.add_argument("--generations", type=int, default=4)
    p.add_argument("--individuals", type=int, default=4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--fix-pooling", action="store_true",
                   help="what-if: give Stream's pooling layers no C loop (see stream_pooling_c_loop below)")
    a = p.parse_args()

    for k in ("stream", "zigzag", "hw", "workload", "mapping", "out"):
        setattr(a, k, os.path.abspath(getattr(a, k)))
    # Stream finds a core file named without a path by walking ./stream/inputs/*hardware*, so it
    # runs from its checkout (whose example cores are the same files as /work/shared/peers/stream).
    os.chdir(a.stream)
    sys.path[:0] = [os.path.join(HERE, "shims"), a.stream, a.zigzag]
    import typeguard_compat  # noqa: F401  (must precede ZigZag's imports)

    logging.disable(logging.WARNING)
    random.seed(a.seed)
    import numpy

    numpy.random.seed(a.seed)
    from stream.api import optimize_allocation_ga as run_ga

    if a.fix_pooling:
        fix_stream_pooling_c_loop()
    from stream.workload.computation.computation_node import ComputationNode

    logging.disable(logging.WARNING)
    hw_name = os.path.splitext(os.path.basename(a.hw))[0]
    wl_name = os.path.splitext(os.path.basename(a.workload))[0]
    exp = f"{hw_name}-{wl_name}-{a.mode}" + ("-poolfix" if a.fix_pooling else "")
    t0 = time.time()
    # DEAP prints the GA's per-generation table on stdout: send it to stderr, stdout is the JSON.
    with contextlib.redirect_stdout(sys.stderr):
        scme = run_ga(
        hardware=a.hw,
        workload=a.workload,
        mapping=a.mapping,
        mode=a.mode,
        layer_stacks=parse_stacks(a.stacks) if a.stacks else None,
        nb_ga_generations=a.generations,
        nb_ga_individuals=a.individuals,
        experiment_id=exp,
        output_path=a.out,
        skip_if_exists=True,
    )
    seconds = time.time() - t0

    layers = {}
    for n in scme.workload.node_list:
        if isinstance(n, ComputationNode):
            entry = layers.setdefault(n.id, {"name": n.name, "type": n.type, "cores": set(), "cns": 0, "runtime": 0,
                                             "start": n.start, "end": n.end, "onchip_pJ": 0.0, "offchip_pJ": 0.0,
                                             "too_large": set()})
            entry["cores"].add(n.chosen_core_allocation)
            entry["cns"] += 1
            entry["runtime"] += n.get_runtime()
            entry["start"] = min(entry["start"], n.start)
            entry["end"] = max(entry["end"], n.end)
            entry["onchip_pJ"] += n.get_onchip_energy()
            entry["offchip_pJ"] += n.get_offchip_energy()
            entry["too_large"].update(str(op) for op in n.too_large_operands)
    total, transfers, streamed = dram_bytes(scme)
    # The GA's alleles (GeneticAlgorithmAllocationStage, genetic_algorithm_allocation.py:88) keep a
    # candidate core only if core.id < the number of unique flexible nodes: record both numbers.
    from stream.utils import get_unique_nodes

    flexible = [n for n in get_unique_nodes(scme.workload)
                if not n.core_allocation_is_fixed and len(n.possible_core_allocation) > 1]
    candidates = sorted({c for n in flexible for c in n.possible_core_allocation})
    out = {
        "experiment": exp,
        "seconds": round(seconds, 1),
        # numpy scalars (Stream's latency can be a numpy int) as plain numbers
        "latency_cycles": float(scme.latency),
        "energy_pJ": float(scme.energy),
        "energy_breakdown_pJ": {
            "cn_onchip": scme.total_cn_onchip_energy,
            "cn_offchip_link": scme.total_cn_offchip_link_energy,
            "cn_offchip_memory": scme.total_cn_offchip_memory_energy,
            "eviction_link": scme.total_eviction_to_offchip_link_energy,
            "eviction_memory": scme.total_eviction_to_offchip_memory_energy,
            "sink_output_link": scme.total_sink_layer_output_offchip_link_energy,
            "sink_output_memory": scme.total_sink_layer_output_offchip_memory_energy,
            "core_to_core_link": scme.total_core_to_core_link_energy,
            "core_to_core_memory": scme.total_core_to_core_memory_energy,
        },
        "dram_bytes": total,
        "dram_bytes_transfers": transfers,
        "dram_bytes_streamed": streamed,
        "cns": sum(v["cns"] for v in layers.values()),
        "ga_unique_flexible_nodes": len(flexible),
        "ga_candidate_cores": candidates,
        "ga_candidate_cores_dropped": [c for c in candidates if c >= len(flexible)],
        "layers": [
            dict(v, id=i, cores=sorted(int(c) for c in v["cores"]), too_large=sorted(v["too_large"]))
            for i, v in sorted(layers.items())
        ],
        # The stacks as given (Stream fills every layer in none as a stack of its own); lbl: none.
        "stacks": [list(s) for s in parse_stacks(a.stacks)] if a.mode == "fused" and a.stacks else [],
    }
    print(json.dumps(out, indent=1, default=str))


if __name__ == "__main__":
    main()
