// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <string>

namespace fuselab {

/// Imports a workload in Stream's (ZigZag's) YAML format: a list of layers, each with `id`,
/// `operator_type`, `equation`, `loop_dims` + `loop_sizes` (B K C OY OX FY FX, G for
/// channels of pooling/add/depthwise), `dimension_relations` (`ix=2*ox+1*fx`: stride 2,
/// dilation 1), `operand_precision` (I, W, O, O_final: a layer's output bits are O_final,
/// else O; an O that differs from O_final is the partial sums' Precision::psum),
/// `operand_source` (I/W: the producing layer's id; a layer's own id means a graph
/// input for I, constant weights for W) and optional `pr_loop_dims` / `pr_loop_sizes` /
/// `padding` ([begin, end] per IY, IX).
///
/// Input sizes come from the producer's output; a graph input's from `pr_loop_sizes`, else
/// from the relation without padding (as ZigZag computes it: IY = s·(OY−1) + d·(FY−1) + 1).
/// Padding that the file leaves out is the least that makes the floor output formula give
/// OY, put at the start first (so windows line up with PyTorch's symmetric padding).
/// Op types: Conv, Conv_downsample, SConv → Conv (G with K and C: grouped, per-group K, C;
/// G alone: depthwise); Gemm → Gemm; Pooling, Pool, MaxPool, Max → MaxPool, AveragePool →
/// AvgPool, and either with a 1×1 output whose window covers its whole input →
/// GlobalAvgPool; GlobalAveragePool; Add. Other operator types are kept as Other, warned.
/// Throws InputError naming the file, the layer and the cause.
Workload importStreamWorkload(const std::string &path);

} // namespace fuselab
