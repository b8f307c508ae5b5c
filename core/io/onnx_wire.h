// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fuselab {

/// Tensors whose payload (raw_data or a packed typed field) is at most this many bytes keep
/// it: shape inference needs the values of small constants (Reshape shapes, Resize scales,
/// Slice bounds). Bigger payloads are weights, of which FuseLab only needs the dims.
constexpr size_t kOnnxKeptPayloadBytes = 4096;

/// Subgraphs (If/Loop/Scan bodies) nested deeper than this are refused, by the wire walker
/// and by the importer's validation alike: both recurse once per level, and 100,000 nested
/// Ifs overflowed the stack. Real models nest a few levels.
constexpr int kOnnxMaxSubgraphDepth = 32;

/// Walks the protobuf wire format of a serialized ONNX ModelProto without parsing it and
/// returns a re-encoded copy in which every large tensor payload (initializers, Constant
/// node values, tensors in subgraphs) is dropped. The weights are skipped, never copied or
/// even read, so a 100 MB model costs what its graph structure costs, and files over
/// protobuf's 2 GB message limit still import.
///
/// Throws InputError naming `file` when the bytes are not an ONNX model (an unknown first
/// field or a field with the wrong wire type, as a text file or random bytes give) or are
/// truncated (a field that runs past the end of the file), or nests subgraphs deeper than
/// kOnnxMaxSubgraphDepth.
std::string stripOnnxPayload(std::string_view bytes, const std::string &file);

} // namespace fuselab
