// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: loadProjectBytes (fuzz_loaders.h). An InputError is the right answer to bad input;
// any other exception, a sanitizer report, a leak, a timeout or running out of memory is a
// finding (FUZZING.md).
#include "fuzz_loaders.h"

#include "util/error.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fuselab::fuzz::ScratchDir dir;
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    try {
        fuselab::fuzz::loadProjectBytes(bytes, dir);
    } catch (const fuselab::InputError &) {
    }
    return 0;
}
