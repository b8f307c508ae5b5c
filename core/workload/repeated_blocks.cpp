// SPDX-License-Identifier: GPL-3.0-or-later
#include "workload/repeated_blocks.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace fuselab {

namespace {

struct BlockName {
    std::string prefix, suffix;
    int index = -1;
};

// "layers.3.attn.q_proj" → {"layers", 3, "attn.q_proj"}; index -1 when no component is a number.
BlockName splitBlockName(const std::string &name)
{
    size_t start = 0;
    while (start < name.size()) {
        const size_t dot = name.find('.', start);
        const size_t end = dot == std::string::npos ? name.size() : dot;
        const bool digits = end > start && end - start <= 6 &&
                            std::all_of(name.begin() + static_cast<long>(start), name.begin() + static_cast<long>(end),
                                        [](unsigned char c) { return std::isdigit(c) != 0; });
        if (digits && start > 0 && dot != std::string::npos)
            return {name.substr(0, start - 1), name.substr(dot + 1), std::stoi(name.substr(start, end - start))};
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    return {};
}

// What makes two blocks the same: each layer's op type and name within the block, in order.
std::vector<std::pair<int, std::string>> signature(const Workload &w, const std::vector<LayerId> &layers)
{
    std::vector<std::pair<int, std::string>> s;
    for (LayerId l : layers)
        s.emplace_back(static_cast<int>(w.layers[l].op), splitBlockName(w.layers[l].name).suffix);
    return s;
}

} // namespace

BlockRoles blockRoles(const Workload &w)
{
    BlockRoles r;
    std::map<std::string, int> index;
    for (const Layer &l : w.layers) {
        const BlockName b = splitBlockName(l.name);
        const std::string role = b.index >= 0 ? b.prefix + ".*." + b.suffix : l.name;
        const auto [it, added] = index.emplace(role, static_cast<int>(r.names.size()));
        if (added)
            r.names.push_back(role);
        r.roleOf.push_back(it->second);
    }
    return r;
}

BlockFolding foldRepeatedBlocks(const Workload &w, int minBlocks)
{
    BlockFolding out;
    out.foldOf.assign(w.layers.size(), -1);
    // prefix → block index → its layers (id order)
    std::map<std::string, std::map<int, std::vector<LayerId>>> blocks;
    for (LayerId l = 0; l < static_cast<LayerId>(w.layers.size()); ++l) {
        const BlockName b = splitBlockName(w.layers[l].name);
        if (b.index >= 0)
            blocks[b.prefix][b.index].push_back(l);
    }
    for (const auto &[prefix, byIndex] : blocks) {
        // Runs of consecutive indices with the first block's signature.
        auto it = byIndex.begin();
        while (it != byIndex.end()) {
            const auto sig = signature(w, it->second);
            auto end = std::next(it);
            int expect = it->first + 1;
            while (end != byIndex.end() && end->first == expect && signature(w, end->second) == sig) {
                ++end;
                ++expect;
            }
            const int count = expect - it->first;
            if (count >= std::max(2, minBlocks)) {
                BlockFold f;
                f.prefix = prefix;
                f.firstBlock = std::next(it)->first;
                f.lastBlock = expect - 1;
                for (auto b = std::next(it); b != end; ++b)
                    f.layers.insert(f.layers.end(), b->second.begin(), b->second.end());
                std::sort(f.layers.begin(), f.layers.end());
                for (LayerId l : f.layers)
                    out.foldOf[l] = static_cast<int>(out.folds.size());
                out.folds.push_back(std::move(f));
            }
            it = end;
        }
    }
    return out;
}

} // namespace fuselab
