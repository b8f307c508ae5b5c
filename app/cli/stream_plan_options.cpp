// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/stream_plan_options.h"

#include "plan/layer_stacks.h"
#include "util/error.h"

namespace fuselab::cli {

void addStreamPlanOptions(ArgParser &p)
{
    p.addOption("mapping", "M.yaml", "Stream mapping YAML: core allocation and tiling constraints");
    p.addOption("mapping-semantics", "stream|fuselab",
                "how --mapping is read: stream (default; as Stream's classic GA flow: a wildcard inter-core "
                "tiling keeps each layer whole on one of its listed cores) or fuselab (K, * splits a layer "
                "over all listed cores)");
    p.addOption("stacks", "\"0..10,11..21\"",
                "fused stacks in Stream's notation (layer indices or names, ranges A..B, [a, b] for a list); "
                "layers in no stack run alone");
    p.addOption("allocation", "\"L:C,...\"",
                "fix layers to cores: LAYER:CORE pairs (LAYER an index, name or range; CORE a Stream core id "
                "or a core name) or a list of one core id per layer");
    p.addOption("activations", "dram|resident",
                "tensors crossing fused stacks without a pin: dram (default: written and read back) or "
                "resident (Stream's: kept in the producer's memory, evicted to DRAM when the room is needed)");
    p.addOption("mapping-objective", "energy|latency|edp",
                "what the loop-nest mapping of each layer on a spatial core with a memory hierarchy minimises "
                "(default: latency with --mapping under stream semantics, as Stream does; else energy)");
}

StreamPlanInputs streamPlanInputsOf(const ArgParser &p, const Workload &w, const Accelerator &acc)
{
    StreamPlanInputs in;
    MappingSemantics semantics = MappingSemantics::Stream;
    if (auto s = p.value("mapping-semantics")) {
        if (!parseMappingSemantics(*s, semantics))
            throw UsageError("--mapping-semantics must be stream or fuselab (got '" + *s + "')");
        if (!p.has("mapping"))
            throw UsageError("--mapping-semantics needs --mapping");
    }
    if (auto m = p.value("mapping"))
        in.mapping = std::make_unique<MappingConstraints>(importStreamMapping(*m, w, acc, semantics));
    if (auto s = p.value("stacks"))
        in.stacks = parseLayerStacks(*s, w, "--stacks");
    if (auto a = p.value("allocation"))
        in.fixedCore = parseLayerAllocation(*a, w, acc, "--allocation");
    if (auto a = p.value("activations")) {
        if (*a != "dram" && *a != "resident")
            throw UsageError("--activations must be dram or resident (got '" + *a + "')");
        in.residentActivations = *a == "resident";
    }
    if (in.mapping && semantics == MappingSemantics::Stream)
        in.mappingObjective = MappingObjective::Latency;
    if (auto o = p.value("mapping-objective"))
        if (!parseMappingObjective(*o, in.mappingObjective))
            throw UsageError("--mapping-objective must be energy, latency or edp (got '" + *o + "')");
    in.costModels = costModelsFor(in.mappingObjective);
    return in;
}

} // namespace fuselab::cli
