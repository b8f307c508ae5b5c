// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fuselab {

/// Fixed shapes for a model's inputs, by input name: what `--input-shape NAME=D0,D1,...`
/// gives (and a sweep spec's `input_shapes:` map), to resolve symbolic dimensions.
using InputShapes = std::map<std::string, std::vector<int64_t>>;

/// Parses one `NAME=D0,D1,...` into `into`. Throws UsageError naming `what` (e.g.
/// "--input-shape") when the text is not a name, '=' and positive integers.
void parseInputShape(const std::string &text, InputShapes &into, const std::string &what = "--input-shape");

/// "NAME=D0,D1,..." for messages and project files.
std::string inputShapeString(const std::string &name, const std::vector<int64_t> &dims);

/// One dimension of a model input as the file states it: a size, or a symbol (`dim_param`,
/// empty when the file names none) when `value` is kSymbolicDim.
struct InputDim {
    static constexpr int64_t kSymbolicDim = -1;
    int64_t value = kSymbolicDim;
    std::string symbol;
    bool symbolic() const { return value == kSymbolicDim; }
    friend bool operator==(const InputDim &, const InputDim &) = default;
};

/// A model input (not an initializer) and its stated shape, for asking the user its sizes.
struct ModelInput {
    std::string name;
    std::vector<InputDim> dims;
    bool hasSymbolicDims() const;
    friend bool operator==(const ModelInput &, const ModelInput &) = default;
};

/// The size proposed for a symbolic dimension named `symbol`, at `position` of an input of
/// `rank`: batch-like names (N, batch, batch_size, …) 1; sequence-like names (seq, sequence,
/// len, length, time, tokens, …) 128; spatial names (H, W, height, width, …) 224. An unnamed
/// or unknown symbol goes by position: the first dimension is a batch (1); the last two of a
/// rank-4 input are spatial (224); the second of a rank-2 or rank-3 input is a sequence (128);
/// anything else 1.
int64_t proposedDimension(const std::string &symbol, size_t position, size_t rank);

/// For every input with a symbolic dimension, its full shape with proposedDimension() filled
/// in (stated sizes kept). Inputs without symbolic dimensions are left out: an empty result
/// means there is nothing to ask.
InputShapes proposedInputShapes(const std::vector<ModelInput> &inputs);

} // namespace fuselab
