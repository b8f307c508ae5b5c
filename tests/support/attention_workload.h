// SPDX-License-Identifier: GPL-3.0-or-later
// The attention core alone, and a checked schedule, for the fused-kernel tests
// (tst_attention_fusion, tst_kernel_tiling).
#pragma once

#include "plan/plan_validate.h"
#include "schedule/schedule.h"
#include "schedule/validator.h"
#include "workload/token_builder.h"

#include <QtGlobal>

namespace fuselab::test {

/// Q, K and V as network inputs (tokens × H·d_head, 8-bit), Q·Kᵀ → softmax → ·V.
inline Workload attentionOnly(int64_t heads, int64_t headDim, int64_t tokens)
{
    TokenBuilder b("attention", Precision{});
    const int64_t d = heads * headDim;
    const TensorId q = b.input("q", 1, d, tokens);
    const TensorId k = b.input("k", 1, d, tokens);
    const TensorId v = b.input("v", 1, d, tokens);
    TensorId s = b.scores("scores", q, k, heads);
    s = b.vector("softmax", s, "Softmax");
    b.context("context", s, v, heads, headDim);
    return b.finish();
}

/// The schedule of a plan that passes validatePlan, itself passing validateSchedule (a fatal
/// test failure otherwise).
inline Schedule checked(const Workload &w, const Accelerator &acc, const Plan &p)
{
    const auto problems = validatePlan(p, w, acc);
    if (!problems.empty())
        qFatal("invalid plan: %s", problems.front().c_str());
    Schedule s = schedule(w, acc, p);
    const std::string err = validateSchedule(s, acc);
    if (!err.empty())
        qFatal("invalid schedule: %s", err.c_str());
    return s;
}

} // namespace fuselab::test
