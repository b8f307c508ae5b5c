// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace fuselab::cli {

/// One CLI command: `run` gets the arguments after the command name and returns the exit
/// code. It throws UsageError (exit 2) for bad arguments, InputError (exit 1) for bad files.
struct Command {
    std::string name;
    std::string summary;
    std::function<int(const std::vector<std::string> &)> run;
};

const std::vector<Command> &commandTable();

// One function per command, each in its own cmd_*.cpp.
int runInfo(const std::vector<std::string> &args);
int runCost(const std::vector<std::string> &args);
int runDefault(const std::vector<std::string> &args);
int runSchedule(const std::vector<std::string> &args);
int runExplore(const std::vector<std::string> &args);
int runFigure(const std::vector<std::string> &args);
int runSweep(const std::vector<std::string> &args);
int runMerge(const std::vector<std::string> &args);
int runStudy(const std::vector<std::string> &args);

} // namespace fuselab::cli
