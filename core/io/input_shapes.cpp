// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/input_shapes.h"

#include "util/error.h"
#include "workload/layer.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace fuselab {

void parseInputShape(const std::string &text, InputShapes &into, const std::string &what)
{
    const auto eq = text.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw UsageError(what + " must be NAME=D0,D1,... (got '" + text + "')");
    const std::string name = text.substr(0, eq);
    std::vector<int64_t> dims;
    size_t at = eq + 1;
    while (at <= text.size()) {
        const auto comma = text.find(',', at);
        const std::string d = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        int64_t v = 0;
        size_t used = 0;
        try {
            v = std::stoll(d, &used);
        } catch (const std::exception &) {
            used = 0;
        }
        if (used == 0 || used != d.size() || v < 1 || v > kMaxDimension)
            throw UsageError(what + " '" + text + "': dimension '" + d + "' must be an integer from 1 to " +
                             std::to_string(kMaxDimension));
        dims.push_back(v);
        if (comma == std::string::npos)
            break;
        at = comma + 1;
    }
    if (into.count(name))
        throw UsageError(what + ": input '" + name + "' is given twice");
    into[name] = dims;
}

std::string inputShapeString(const std::string &name, const std::vector<int64_t> &dims)
{
    std::string s = name + "=";
    for (size_t i = 0; i < dims.size(); ++i)
        s += (i ? "," : "") + std::to_string(dims[i]);
    return s;
}

bool ModelInput::hasSymbolicDims() const
{
    return std::any_of(dims.begin(), dims.end(), [](const InputDim &d) { return d.symbolic(); });
}

namespace {
std::string lowered(const std::string &s)
{
    std::string out;
    for (char c : s)
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// True when `name` is one of `words` or has one of them as a word of its own (split at
/// '_', '-', '.', ' ' and digits): "batch_size", "input_height", "seq_len".
bool namesAny(const std::string &name, const std::set<std::string> &words)
{
    if (words.count(name))
        return true;
    std::string word;
    for (size_t i = 0; i <= name.size(); ++i) {
        const char c = i < name.size() ? name[i] : '_';
        if (std::isalpha(static_cast<unsigned char>(c))) {
            word += c;
            continue;
        }
        if (words.count(word))
            return true;
        word.clear();
    }
    return false;
}
} // namespace

int64_t proposedDimension(const std::string &symbol, size_t position, size_t rank)
{
    static const std::set<std::string> batch = {"n", "b", "bs", "batch", "batchsize", "batches"};
    static const std::set<std::string> sequence = {"s",   "t",      "l",     "seq",       "sequence", "seqlen",
                                                   "len", "length", "time",  "frames",    "tokens",   "steps",
                                                   "timesteps", "samples"};
    static const std::set<std::string> spatial = {"h", "w", "height", "width", "size", "spatial", "x", "y"};
    const std::string name = lowered(symbol);
    if (!name.empty()) {
        if (namesAny(name, batch))
            return 1;
        if (namesAny(name, sequence))
            return 128;
        if (namesAny(name, spatial))
            return 224;
    }
    if (position == 0)
        return 1;
    if (rank == 4 && position >= 2)
        return 224;
    if ((rank == 2 || rank == 3) && position == 1)
        return 128;
    return 1;
}

InputShapes proposedInputShapes(const std::vector<ModelInput> &inputs)
{
    InputShapes out;
    for (const ModelInput &in : inputs) {
        if (!in.hasSymbolicDims())
            continue;
        std::vector<int64_t> dims;
        for (size_t i = 0; i < in.dims.size(); ++i)
            dims.push_back(in.dims[i].symbolic() ? proposedDimension(in.dims[i].symbol, i, in.dims.size())
                                                 : in.dims[i].value);
        out[in.name] = dims;
    }
    return out;
}

} // namespace fuselab
