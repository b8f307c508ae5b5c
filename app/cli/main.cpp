// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli: FuseLab without a window. Each command lives in its own cmd_*.cpp.
#include "cli/commands.h"
#include "util/error.h"
#include "util/output_file.h"

#include <cstring>
#include <iostream>
#include <string>

using namespace fuselab;

int main(int argc, char **argv)
{
    const auto &commands = cli::commandTable();
    auto usage = [&](std::ostream &os) {
        os << "usage: fuselab-cli COMMAND [options]\n\ncommands:\n";
        for (const auto &c : commands)
            os << "  " << c.name << std::string(12 - std::min<size_t>(11, c.name.size()), ' ') << c.summary << "\n";
        os << "\nRun 'fuselab-cli COMMAND --help' for a command's options.\n";
    };
    if (argc < 2) {
        usage(std::cerr);
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        usage(std::cout);
        return 0;
    }
    if (name == "--version" || name == "-v") {
        std::cout << "fuselab-cli " << FUSELAB_VERSION << "\n";
        return 0;
    }
    for (const auto &c : commands) {
        if (c.name != name)
            continue;
        std::vector<std::string> args(argv + 2, argv + argc);
        try {
            const int rc = c.run(args);
            checkStdout("output"); // `info --json > /dev/full` fails instead of exiting 0
            return rc;
        } catch (const UsageError &e) {
            std::cerr << "fuselab-cli " << name << ": " << e.what() << "\n";
            return 2;
        } catch (const InputError &e) {
            std::cerr << "fuselab-cli " << name << ": error: " << e.what() << "\n";
            return 1;
        } catch (const std::exception &e) {
            std::cerr << "fuselab-cli " << name << ": error: " << e.what() << "\n";
            return 1;
        }
    }
    std::cerr << "fuselab-cli: unknown command '" << name << "'\n";
    usage(std::cerr);
    return 2;
}
