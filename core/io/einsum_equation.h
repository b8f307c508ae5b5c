// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fuselab {

/// A two-operand ONNX Einsum read as a batched matrix product. Every index letter is a loop;
/// the multiply-accumulates are the product of all loop sizes (an ellipsis contributes its
/// broadcast dimensions). As a MatMul layer: `c` = the summed indices (not in the output),
/// `k` = the output indices only the second operand has (its columns), `b` = the rest of the
/// output, so b·k·c = macs.
struct EinsumProduct {
    std::vector<int64_t> output; // the output's dims
    int64_t b = 1, k = 1, c = 1;
    int64_t macs() const { return b * k * c; }
};

/// The product `equation` ("bij,bjk->bik", "...ij,...jk->...ik", or implicit "ij,jk") makes of
/// operands of `shapes`; nullopt with `why` set when the equation is not a two-operand Einsum
/// these shapes fit (a letter of two sizes, a rank that does not match, …).
std::optional<EinsumProduct> einsumProduct(const std::string &equation, const std::vector<std::vector<int64_t>> &shapes,
                                           std::string &why);

} // namespace fuselab
