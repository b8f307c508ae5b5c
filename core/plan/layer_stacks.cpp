// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan/layer_stacks.h"

#include "util/error.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace fuselab {

namespace {
std::string trim(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t\n");
    const auto e = s.find_last_not_of(" \t\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

bool allDigits(const std::string &s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// Top-level comma-separated items; commas inside [ ] or ( ) stay in their item.
std::vector<std::string> topLevelItems(const std::string &text)
{
    std::vector<std::string> items;
    std::string cur;
    int depth = 0;
    for (char ch : text) {
        if (ch == '[' || ch == '(')
            ++depth;
        else if (ch == ']' || ch == ')')
            --depth;
        if (ch == ',' && depth == 0) {
            items.push_back(trim(cur));
            cur.clear();
        } else
            cur += ch;
    }
    items.push_back(trim(cur));
    return items;
}

std::string describe(const Workload &w, LayerId l)
{
    return std::to_string(l) + " '" + w.layers[l].name + "'";
}

// One layer: an index or a name.
LayerId layerRef(const std::string &token, const Workload &w, const std::string &option, const std::string &value)
{
    const int n = static_cast<int>(w.layers.size());
    if (allDigits(token)) {
        if (token.size() > 9 || std::stoi(token) >= n)
            throw InputError(option, "'" + value + "'",
                             "layer " + token + " does not exist; workload '" + w.name + "' has " +
                                 std::to_string(n) + " layers (indices 0-" + std::to_string(n - 1) + ")");
        return std::stoi(token);
    }
    const int l = w.layerIndex(token);
    if (l == kNone)
        throw InputError(option, "'" + value + "'",
                         "no layer named '" + token + "' in workload '" + w.name +
                             "' (give a layer index 0-" + std::to_string(n - 1) +
                             " or a name as `fuselab-cli info` lists it)");
    return l;
}

// A layer or an inclusive range A..B, as indices in [A, B].
std::vector<LayerId> layersOf(const std::string &item, const Workload &w, const std::string &option)
{
    const std::string token = trim(item);
    if (token.empty())
        throw InputError(option, "'" + item + "'", "empty layer reference");
    const auto dots = token.find("..");
    if (dots == std::string::npos || w.layerIndex(token) != kNone)
        return {layerRef(token, w, option, token)};
    const LayerId a = layerRef(trim(token.substr(0, dots)), w, option, token);
    const LayerId b = layerRef(trim(token.substr(dots + 2)), w, option, token);
    if (a > b)
        throw InputError(option, "'" + token + "'",
                         "the range runs backwards (layer " + describe(w, a) + " comes after " + describe(w, b) +
                             ")");
    std::vector<LayerId> out;
    for (LayerId l = a; l <= b; ++l)
        out.push_back(l);
    return out;
}

std::string stripBrackets(const std::string &item, bool &bracketed)
{
    bracketed = item.size() >= 2 && ((item.front() == '[' && item.back() == ']') ||
                                     (item.front() == '(' && item.back() == ')'));
    return bracketed ? item.substr(1, item.size() - 2) : item;
}
} // namespace

std::vector<std::vector<LayerId>> parseLayerStacks(const std::string &text, const Workload &w,
                                                   const std::string &option)
{
    if (trim(text).empty())
        throw InputError(option, "''", "no stack given (e.g. \"0..10, 11..21\")");
    std::vector<LayerId> topo = w.topologicalOrder();
    if (topo.empty())
        throw InputError(option, "'" + text + "'", "workload '" + w.name + "' has no topological order");
    std::vector<int> position(w.layers.size(), 0);
    for (size_t i = 0; i < topo.size(); ++i)
        position[topo[i]] = static_cast<int>(i);

    std::vector<std::vector<LayerId>> stacks;
    std::vector<std::string> spelled;
    std::map<LayerId, size_t> stackOf;
    for (const std::string &item : topLevelItems(text)) {
        bool bracketed = false;
        const std::string inner = stripBrackets(item, bracketed);
        std::vector<LayerId> stack;
        for (const std::string &part : bracketed ? topLevelItems(inner) : std::vector<std::string>{inner})
            for (LayerId l : layersOf(part, w, option))
                stack.push_back(l);
        for (LayerId l : stack) {
            const auto it = stackOf.find(l);
            if (it != stackOf.end())
                throw InputError(option, "'" + item + "'",
                                 "layer " + describe(w, l) + " is already in stack '" + spelled[it->second] +
                                     "'; stacks must not overlap");
            stackOf[l] = stacks.size();
        }
        std::sort(stack.begin(), stack.end(), [&](LayerId a, LayerId b) { return position[a] < position[b]; });
        // A group runs as one unit between the groups before and after it: its layers must be
        // consecutive in the topological order.
        for (size_t i = 1; i < stack.size(); ++i)
            if (position[stack[i]] != position[stack[i - 1]] + 1) {
                const LayerId gap = topo[position[stack[i - 1]] + 1];
                throw InputError(option, "'" + item + "'",
                                 "the stack is not contiguous: layer " + describe(w, gap) +
                                     " runs between its layers " + describe(w, stack[i - 1]) + " and " +
                                     describe(w, stack[i]) + " but is not in it");
            }
        stacks.push_back(std::move(stack));
        spelled.push_back(item);
    }
    std::sort(stacks.begin(), stacks.end(),
              [&](const auto &a, const auto &b) { return position[a.front()] < position[b.front()]; });
    return stacks;
}

std::vector<int> parseLayerAllocation(const std::string &text, const Workload &w, const Accelerator &acc,
                                      const std::string &option)
{
    const int nl = static_cast<int>(w.layers.size());
    const int nc = static_cast<int>(acc.cores.size());
    bool bracketed = false;
    const std::string body = stripBrackets(trim(text), bracketed);
    if (trim(body).empty())
        throw InputError(option, "'" + text + "'", "no allocation given (e.g. \"0:1, 1..4:0\" or \"[1, 1, 0]\")");
    auto coreRef = [&](const std::string &token, const std::string &value) {
        if (allDigits(token)) {
            if (token.size() > 9 || std::stoi(token) >= nc)
                throw InputError(option, "'" + value + "'",
                                 "core " + token + " does not exist; accelerator '" + acc.name + "' has " +
                                     std::to_string(nc) + " cores (Stream ids 0-" + std::to_string(nc - 1) +
                                     ", in file order)");
            return std::stoi(token);
        }
        const int k = acc.coreIndex(token);
        if (k < 0)
            throw InputError(option, "'" + value + "'",
                             "no core named '" + token + "' in accelerator '" + acc.name + "'");
        return k;
    };
    std::vector<int> out(nl, -1);
    const auto items = topLevelItems(body);
    if (body.find(':') == std::string::npos) {
        // A bare list: one core per layer, in index order.
        if (static_cast<int>(items.size()) != nl)
            throw InputError(option, "'" + text + "'",
                             "a bare list needs one core per layer: " + std::to_string(items.size()) +
                                 " given, workload '" + w.name + "' has " + std::to_string(nl) +
                                 " layers (or give LAYER:CORE pairs)");
        for (int l = 0; l < nl; ++l)
            out[l] = coreRef(items[l], items[l]);
        return out;
    }
    for (const std::string &item : items) {
        const auto colon = item.rfind(':');
        if (colon == std::string::npos)
            throw InputError(option, "'" + item + "'", "expected LAYER:CORE");
        const int core = coreRef(trim(item.substr(colon + 1)), item);
        for (LayerId l : layersOf(item.substr(0, colon), w, option)) {
            if (out[l] >= 0)
                throw InputError(option, "'" + item + "'", "layer " + describe(w, l) + " is given a core twice");
            out[l] = core;
        }
    }
    return out;
}

} // namespace fuselab
