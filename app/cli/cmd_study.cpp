// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli study NAME: run one of the canned studies (multicore, arch-aware, pin-or-fuse) and
// print its table (optionally as CSV too).
#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "cli/example_files.h"
#include "search/studies.h"
#include "util/error.h"

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

} // namespace

int runStudy(const std::vector<std::string> &args)
{
    ArgParser p("study", "NAME [--csv FILE] [--workloads A,B] [--hw H] [--generations G] [--threads N]",
                "Runs a study and prints its table. NAME is multicore (lbl vs the EDP-searched plan on the\n"
                "quad-core example), arch-aware (plans chosen by the off-chip-access model vs the full\n"
                "latency model across systolic array sizes and buffers) or pin-or-fuse (fuse_only vs\n"
                "pin_only vs joint search across scratchpad sizes).");
    p.addPositional("NAME", "multicore, arch-aware or pin-or-fuse");
    p.addOption("csv", "FILE", "also write the table as CSV");
    p.addOption("workloads", "A,B", "zoo names or .onnx paths instead of the study's default");
    p.addOption("hw", "H", "multicore: the accelerator (default examples/hardware/quad_core.yaml)");
    p.addOption("generations", "G", "NSGA-II generations per exploration (default 10)");
    p.addOption("threads", "N", "worker threads (default: all cores)");
    if (!p.parse(args))
        return 0;
    StudyOptions o;
    if (auto w = p.value("workloads"))
        o.workloads = splitList(*w);
    // The default accelerator is found wherever the examples are (source tree or installed).
    o.hardwarePath = p.has("hw") ? p.required("hw") : exampleFile("hardware/quad_core.yaml");
    o.generations = static_cast<int>(p.integer("generations", 10, 0, 100000));
    o.threads = static_cast<int>(p.integer("threads", 0, 1, 1024));
    const StudyTable t = fuselab::runStudy(p.positionals().at(0), o);
    std::cout << formatStudyTable(t);
    if (auto f = p.value("csv")) {
        std::ofstream out(*f, std::ios::trunc);
        out << studyTableCsv(t);
        if (!out)
            throw InputError(*f, "", "cannot write the CSV table");
    }
    return 0;
}

} // namespace fuselab::cli
