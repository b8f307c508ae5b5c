// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: loadOnnxBytes (fuzz_loaders.h). An InputError is the right answer to bad input;
// any other exception, a sanitizer report, a leak, a timeout or running out of memory is a
// finding (FUZZING.md). Each input is tried twice: as the model's bytes, and as the recipe of
// a model with subgraphs and model-local functions (onnx_structure_generator.h), the
// structure below the top level that byte mutation rarely builds.
#include "fuzz_loaders.h"
#include "onnx_structure_generator.h"

#include "util/error.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fuselab::fuzz::ScratchDir dir;
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    try {
        fuselab::fuzz::loadOnnxBytes(bytes, dir);
    } catch (const fuselab::InputError &) {
    }
    try {
        fuselab::fuzz::loadOnnxBytes(fuselab::fuzz::OnnxStructureGenerator(bytes).model(), dir);
    } catch (const fuselab::InputError &) {
    }
    return 0;
}
