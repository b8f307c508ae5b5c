// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli study NAME: run one of the canned studies (multicore, arch-aware, pin-or-fuse,
// no-recompute, aimc-tiles) and print its table (optionally as CSV and as a figure too).
#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "cli/example_files.h"
#include "cli/input_shape_option.h"
#include "cli/output_file.h"
#include "cli/psum_precision_option.h"
#include "cli/study_figure_output.h"
#include "search/studies.h"
#include "util/error.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fuselab::cli {

namespace {

std::vector<std::string> splitList(const std::string &s)
{
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty())
            out.push_back(item);
    return out;
}

/// A list of workloads: commas separate them, except before a key=value that continues a
/// transformer spec (`llama-1b:phase=decode,kv=4096,gpt2` is two workloads).
std::vector<std::string> splitWorkloads(const std::string &s)
{
    std::vector<std::string> out;
    for (const std::string &item : splitList(s)) {
        const bool continues = !out.empty() && out.back().find(':') != std::string::npos &&
                               item.find('=') != std::string::npos && item.find(':') == std::string::npos &&
                               item.find('/') == std::string::npos;
        if (continues)
            out.back() += "," + item;
        else
            out.push_back(item);
    }
    return out;
}

} // namespace

int runStudy(const std::vector<std::string> &args)
{
    ArgParser p(
        "study",
        "NAME [--csv FILE] [--figure FILE.svg|pdf|png] [--workloads A,B] [--segments S,T] [--tiles N,M] [--seq N,M] [--kv N,M] "
        "[--hw H] [--generations G] [--threads N] [--mapping-objective energy|latency|edp] [--psum-precision BITS]",
        "Runs a study and prints its table. NAME is\n"
        "  multicore     lbl vs the EDP-searched plan on the quad-core example;\n"
        "  arch-aware    plans chosen by the off-chip-access model vs the full latency model\n"
        "                across systolic array sizes, buffers and DRAM bandwidths;\n"
        "  pin-or-fuse   fuse_only vs pin_only vs joint search across scratchpad sizes;\n"
        "  no-recompute  single-layer vs fused scheduling without recomputation (cached halos)\n"
        "                on VGG16 and ResNet-18 segments;\n"
        "  aimc-tiles    AIMC tiles: enough for weight-stationary vs limited tiles with weight\n"
        "                reloading, on MLP, LeNet-5 and ResNet-18/34/50/101;\n"
        "  attention-fusion  one transformer block (llama-1b:layers=1,head=0) unfused vs fused\n"
        "                attention vs fused attention + FFN, prefill at --seq lengths and decode\n"
        "                at --kv lengths, on the quad-core example and one 128x128 core.");
    p.addPositional("NAME", "multicore, arch-aware, pin-or-fuse, no-recompute, aimc-tiles or attention-fusion");
    p.addOption("csv", "FILE", "also write the table as CSV");
    p.addOption("figure", "FILE",
                "also draw the study as grouped bars (.svg, .pdf or .png; needs the GUI libraries)");
    p.addOption("workloads", "A,B", "zoo names (transformer specs included) or .onnx paths instead of the study's default");
    addInputShapeOption(p);
    p.addOption("segments", "S,T",
                "no-recompute: WORKLOAD:FIRST..LAST layer runs (e.g. vgg16:features.0..features.2)");
    p.addOption("tiles", "N,M", "aimc-tiles: the limited tile counts (default 4,16)");
    p.addOption("hw", "H", "multicore: the accelerator (default examples/hardware/quad_core.yaml)");
    p.addOption("seq", "N,M", "attention-fusion: prefill sequence lengths (default 512,1024,2048,4096,8192)");
    p.addOption("kv", "N,M", "attention-fusion: decode KV-cache lengths (default 1024,4096,16384,32768)");
    p.addOption("generations", "G", "NSGA-II generations per exploration (default 10)");
    p.addOption("threads", "N", "worker threads (default: all cores)");
    p.addOption("mapping-objective", "energy|latency|edp",
                "what the loop-nest mapping of a spatial core with a memory hierarchy minimises (default energy; "
                "the studies' own accelerators have none: it matters with --hw)");
    addPsumPrecisionOption(p);
    if (!p.parse(args))
        return 0;
    StudyOptions o;
    if (auto m = p.value("mapping-objective"))
        if (!parseMappingObjective(*m, o.mappingObjective))
            throw UsageError("--mapping-objective must be energy, latency or edp (got '" + *m + "')");
    if (p.has("psum-precision"))
        o.psumBits = static_cast<int>(p.integer("psum-precision", 0, 1, 64));
    if (auto w = p.value("workloads"))
        o.workloads = splitWorkloads(*w);
    o.inputShapes = inputShapesOf(p); // applied to the .onnx workloads
    // The default accelerator is found wherever the examples are (source tree or installed).
    o.hardwarePath = p.has("hw") ? p.required("hw") : exampleFile("hardware/quad_core.yaml");
    if (auto seg = p.value("segments"))
        o.segments = splitList(*seg);
    if (auto tiles = p.value("tiles"))
        for (const std::string &n : splitList(*tiles)) {
            try {
                o.tileCounts.push_back(std::stoi(n));
            } catch (const std::exception &) {
                o.tileCounts.push_back(0);
            }
            if (o.tileCounts.back() < 1 || o.tileCounts.back() > 100000)
                throw UsageError("--tiles takes tile counts from 1 to 100000 (got '" + n + "')");
        }
    auto lengths = [&](const char *option, std::vector<int64_t> &out) {
        if (auto v = p.value(option))
            for (const std::string &n : splitList(*v)) {
                const bool digits = !n.empty() && n.size() <= 7 &&
                                    std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
                if (!digits || std::stoll(n) < 1 || std::stoll(n) > (1 << 20))
                    throw UsageError(std::string("--") + option + " takes token counts from 1 to 1048576 (got '" + n +
                                     "')");
                out.push_back(std::stoll(n));
            }
    };
    lengths("seq", o.seqLengths);
    lengths("kv", o.kvLengths);
    o.generations = static_cast<int>(p.integer("generations", 10, 0, 100000));
    o.threads = static_cast<int>(p.integer("threads", 0, 1, 1024));
    const auto figure = p.value("figure");
    // Refused before the study runs, not after minutes of work.
    if (figure)
        checkStudyFigurePath(*figure);
    const StudyTable t = fuselab::runStudy(p.positionals().at(0), o);
    std::cout << formatStudyTable(t);
    if (figure)
        writeStudyFigure(t, *figure);
    if (auto f = p.value("csv")) {
        writeTo(*f, "CSV table", [&](std::ostream &out) { out << studyTableCsv(t); });
    }
    return 0;
}

} // namespace fuselab::cli
