// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/example_files.h"

#include "util/error.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace fuselab::cli {

std::string exampleFile(const std::string &relative, const char *argv0)
{
    namespace fs = std::filesystem;
    std::vector<fs::path> roots;
    if (const char *env = std::getenv("FUSELAB_EXAMPLES"))
        roots.emplace_back(env);
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        roots.push_back(self.parent_path() / ".." / "share" / "fuselab" / "examples");
    if (argv0)
        roots.push_back(fs::path(argv0).parent_path() / ".." / "share" / "fuselab" / "examples");
    roots.emplace_back(FUSELAB_SOURCE_DIR "/examples");
    for (const auto &r : roots)
        if (fs::exists(r / relative, ec))
            return (r / relative).lexically_normal().string();
    throw InputError(relative, "", "example file not found (set FUSELAB_EXAMPLES to the examples directory)");
}

} // namespace fuselab::cli
