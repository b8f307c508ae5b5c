// SPDX-License-Identifier: GPL-3.0-or-later
// Opening an input file the user named: only a regular file, only up to a size cap.
//
// `/dev/zero` as a YAML file would be read until memory runs out, a FIFO without a writer
// blocks every open(), and a directory reads as "empty". Each loader therefore checks its
// file here first, and reads it through a descriptor opened with O_NONBLOCK and checked
// again with fstat, so a file swapped for a FIFO between the check and the open is refused
// too. The caps are documented in README.md ("Input limits").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fuselab {

/// YAML and other text inputs (hardware, Stream workloads and mappings, plans, sweep specs).
constexpr int64_t kMaxTextInputBytes = int64_t(64) << 20; // 64 MiB
/// ONNX models (mapped, not read: weight payloads are skipped).
constexpr int64_t kMaxOnnxInputBytes = int64_t(16) << 30; // 16 GiB
/// SQLite files: projects and sweep files.
constexpr int64_t kMaxDatabaseBytes = int64_t(16) << 30; // 16 GiB

/// Throws InputError naming `path` unless it is an existing regular file (symbolic links
/// followed) of at most `maxBytes`. `what` names the kind of file
/// with its article ("a YAML file") in the message.
void requireRegularFile(const std::string &path, int64_t maxBytes, std::string_view what);

/// The whole content of a regular file of at most `maxBytes` (requireRegularFile, then a
/// non-blocking open checked again with fstat). Throws InputError naming the file.
std::string readInputFile(const std::string &path, int64_t maxBytes, std::string_view what);

} // namespace fuselab
