// SPDX-License-Identifier: GPL-3.0-or-later
#include "floorplan/floorplan_edits.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

namespace fuselab {

namespace {
constexpr std::array<std::pair<PaletteBlock, std::pair<std::string_view, std::string_view>>, 7> kPalette{{
    {PaletteBlock::Systolic, {"systolic", "Systolic core"}},
    {PaletteBlock::Spatial, {"spatial", "Spatial core"}},
    {PaletteBlock::Aimc, {"aimc", "AIMC tile"}},
    {PaletteBlock::Simd, {"simd", "SIMD core"}},
    {PaletteBlock::Pool, {"pool", "Pooling core"}},
    {PaletteBlock::SharedMemory, {"shared_memory", "Shared memory"}},
    {PaletteBlock::DramPort, {"dram_port", "DRAM port"}},
}};

bool nameTaken(const Accelerator &acc, const std::string &n)
{
    if (acc.coreIndex(n) >= 0 || acc.memoryIndex(n) >= 0 || acc.dram.name == n)
        return true;
    return std::any_of(acc.links.begin(), acc.links.end(), [&](const Link &l) { return l.name == n; });
}

int linkIndex(const Accelerator &acc, const std::string &n)
{
    for (size_t i = 0; i < acc.links.size(); ++i)
        if (acc.links[i].name == n)
            return static_cast<int>(i);
    return -1;
}

Placement *placementPtr(Accelerator &acc, const BlockRef &ref)
{
    switch (ref.kind) {
    case BlockRef::Core: {
        const int i = acc.coreIndex(ref.name);
        return i < 0 ? nullptr : &acc.cores[i].place;
    }
    case BlockRef::Memory: {
        const int i = acc.memoryIndex(ref.name);
        return i < 0 || !acc.memories[i].core.empty() ? nullptr : &acc.memories[i].place;
    }
    case BlockRef::Dram:
        return acc.dram.name == ref.name ? &acc.dram.place : nullptr;
    default:
        return nullptr;
    }
}

/// Removes `name` from every link; drops links left with fewer than two endpoints.
void unlink(Accelerator &acc, const std::string &name)
{
    for (auto &l : acc.links)
        l.endpoints.erase(std::remove(l.endpoints.begin(), l.endpoints.end(), name), l.endpoints.end());
    acc.links.erase(std::remove_if(acc.links.begin(), acc.links.end(),
                                   [](const Link &l) { return l.endpoints.size() < 2; }),
                    acc.links.end());
}
} // namespace

std::vector<PaletteBlock> paletteBlocks()
{
    std::vector<PaletteBlock> out;
    for (const auto &[b, names] : kPalette)
        out.push_back(b);
    return out;
}

std::string_view paletteId(PaletteBlock b)
{
    for (const auto &[v, names] : kPalette)
        if (v == b)
            return names.first;
    return {};
}

std::string_view paletteTitle(PaletteBlock b)
{
    for (const auto &[v, names] : kPalette)
        if (v == b)
            return names.second;
    return {};
}

bool parsePaletteId(std::string_view id, PaletteBlock &out)
{
    for (const auto &[v, names] : kPalette)
        if (names.first == id) {
            out = v;
            return true;
        }
    return false;
}

Placement defaultPlacement(PaletteBlock b, int x, int y)
{
    if (b == PaletteBlock::DramPort)
        return {x, y, 4, 1};
    return {x, y, 3, 2};
}

bool exists(const Accelerator &acc, const BlockRef &ref)
{
    switch (ref.kind) {
    case BlockRef::Core: return acc.coreIndex(ref.name) >= 0;
    case BlockRef::Memory: return acc.memoryIndex(ref.name) >= 0;
    case BlockRef::Dram: return acc.dram.name == ref.name;
    case BlockRef::Link: return linkIndex(acc, ref.name) >= 0;
    default: return false;
    }
}

std::optional<Placement> placementOf(const Accelerator &acc, const BlockRef &ref)
{
    if (const Placement *p = placementPtr(const_cast<Accelerator &>(acc), ref))
        return *p;
    return std::nullopt;
}

Placement clampToGrid(const Accelerator &acc, Placement p)
{
    const int gw = std::max(1, acc.gridWidth), gh = std::max(1, acc.gridHeight);
    p.w = std::clamp(p.w, 1, gw);
    p.h = std::clamp(p.h, 1, gh);
    p.x = std::clamp(p.x, 0, gw - p.w);
    p.y = std::clamp(p.y, 0, gh - p.h);
    return p;
}

bool setPlacement(Accelerator &acc, const BlockRef &ref, Placement p)
{
    Placement *dst = placementPtr(acc, ref);
    if (!dst)
        return false;
    *dst = clampToGrid(acc, p);
    return true;
}

std::string uniqueName(const Accelerator &acc, const std::string &base)
{
    if (!nameTaken(acc, base))
        return base;
    for (int i = 1;; ++i) {
        const std::string n = base + std::to_string(i);
        if (!nameTaken(acc, n))
            return n;
    }
}

BlockRef addBlock(Accelerator &acc, PaletteBlock b, int x, int y)
{
    const Placement place = clampToGrid(acc, defaultPlacement(b, x, y));
    if (b == PaletteBlock::DramPort) {
        acc.dram.ports += 1;
        acc.dram.place = place;
        return {BlockRef::Dram, acc.dram.name};
    }
    if (b == PaletteBlock::SharedMemory) {
        Memory m;
        m.name = uniqueName(acc, "sram");
        m.sizeBytes = 1 << 20;
        m.readBw = m.writeBw = 128;
        m.place = place;
        acc.memories.push_back(m);
        return {BlockRef::Memory, m.name};
    }
    Core c;
    c.place = place;
    switch (b) {
    case PaletteBlock::Systolic:
        c.kind = CoreKind::Systolic;
        break;
    case PaletteBlock::Spatial:
        c.kind = CoreKind::Spatial;
        c.rows = c.cols = 16;
        c.unrollRows = {{LoopDim::K, 16}};
        c.unrollCols = {{LoopDim::C, 16}};
        break;
    case PaletteBlock::Aimc:
        c.kind = CoreKind::Aimc;
        c.rows = c.cols = 256;
        break;
    case PaletteBlock::Simd:
        c.kind = CoreKind::Simd;
        c.rows = 1;
        c.cols = c.lanes = 64;
        break;
    default:
        c.kind = CoreKind::Pool;
        c.rows = 1;
        c.cols = c.lanes = 16;
        break;
    }
    c.name = uniqueName(acc, std::string(toString(c.kind)));
    if (c.name == toString(c.kind))  // "systolic" alone reads badly next to "systolic1"
        c.name = uniqueName(acc, c.name + "0");
    c.clockMHz = acc.clockMHz;
    Memory local;
    local.name = uniqueName(acc, c.name + ".local");
    local.core = c.name;
    local.sizeBytes = 64 << 10;
    acc.cores.push_back(c);
    acc.memories.push_back(local);
    return {BlockRef::Core, c.name};
}

std::optional<Placement> freePlacement(const Accelerator &acc, int w, int h)
{
    std::vector<Placement> taken{acc.dram.place};
    for (const auto &c : acc.cores)
        taken.push_back(c.place);
    for (const auto &m : acc.memories)
        if (m.core.empty())
            taken.push_back(m.place);
    auto overlaps = [](const Placement &a, const Placement &b) {
        return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    };
    for (int y = 0; y + h <= acc.gridHeight; ++y)
        for (int x = 0; x + w <= acc.gridWidth; ++x) {
            const Placement p{x, y, w, h};
            if (std::none_of(taken.begin(), taken.end(), [&](const Placement &t) { return overlaps(p, t); }))
                return p;
        }
    return std::nullopt;
}

bool deleteBlock(Accelerator &acc, const BlockRef &ref)
{
    switch (ref.kind) {
    case BlockRef::Core: {
        const int i = acc.coreIndex(ref.name);
        if (i < 0)
            return false;
        acc.cores.erase(acc.cores.begin() + i);
        std::vector<std::string> gone;
        for (const auto &m : acc.memories)
            if (m.core == ref.name)
                gone.push_back(m.name);
        acc.memories.erase(std::remove_if(acc.memories.begin(), acc.memories.end(),
                                          [&](const Memory &m) { return m.core == ref.name; }),
                           acc.memories.end());
        unlink(acc, ref.name);
        for (const auto &g : gone)
            unlink(acc, g);
        return true;
    }
    case BlockRef::Memory: {
        const int i = acc.memoryIndex(ref.name);
        if (i < 0)
            return false;
        acc.memories.erase(acc.memories.begin() + i);
        unlink(acc, ref.name);
        return true;
    }
    case BlockRef::Link: {
        const int i = linkIndex(acc, ref.name);
        if (i < 0)
            return false;
        acc.links.erase(acc.links.begin() + i);
        return true;
    }
    default:
        return false;
    }
}

BlockClipboard copyBlock(const Accelerator &acc, const BlockRef &ref)
{
    BlockClipboard clip;
    if (ref.kind == BlockRef::Core) {
        const int i = acc.coreIndex(ref.name);
        if (i < 0)
            return clip;
        clip.core = acc.cores[i];
        for (int m : acc.memoriesOf(ref.name))
            clip.memories.push_back(acc.memories[m]);
    } else if (ref.kind == BlockRef::Memory) {
        const int i = acc.memoryIndex(ref.name);
        if (i >= 0 && acc.memories[i].core.empty())
            clip.memories.push_back(acc.memories[i]);
    }
    return clip;
}

BlockRef pasteBlock(Accelerator &acc, const BlockClipboard &clip, int dx, int dy)
{
    auto shifted = [&](Placement p) {
        p.x += dx;
        p.y += dy;
        return clampToGrid(acc, p);
    };
    if (clip.core) {
        Core c = *clip.core;
        const std::string old = c.name;
        c.name = uniqueName(acc, old);
        c.place = shifted(c.place);
        acc.cores.push_back(c);
        for (Memory m : clip.memories) {
            // "core0.local" → "core01.local" would read badly; rebuild the prefix instead.
            const std::string suffix = m.name.rfind(old, 0) == 0 ? m.name.substr(old.size()) : "." + m.name;
            m.name = uniqueName(acc, c.name + suffix);
            m.core = c.name;
            acc.memories.push_back(m);
        }
        return {BlockRef::Core, c.name};
    }
    if (clip.memories.empty())
        return {};
    Memory m = clip.memories.front();
    m.name = uniqueName(acc, m.name);
    m.core.clear();
    m.place = shifted(m.place);
    acc.memories.push_back(m);
    return {BlockRef::Memory, m.name};
}

std::optional<std::string> connectBlocks(Accelerator &acc, const std::vector<std::string> &blocks)
{
    std::vector<std::string> ends;
    for (const auto &b : blocks) {
        const bool known = acc.coreIndex(b) >= 0 || acc.memoryIndex(b) >= 0 || acc.dram.name == b;
        if (known && std::find(ends.begin(), ends.end(), b) == ends.end())
            ends.push_back(b);
    }
    if (ends.size() < 2)
        return std::nullopt;
    const std::set<std::string> wanted(ends.begin(), ends.end());
    for (const auto &l : acc.links)
        if (std::set<std::string>(l.endpoints.begin(), l.endpoints.end()) == wanted)
            return std::nullopt;
    Link l;
    l.name = uniqueName(acc, ends.size() > 2 ? "bus" : ends[0] + "-" + ends[1]);
    l.endpoints = ends;
    if (ends.size() > 2)
        l.bandwidth = 64;
    acc.links.push_back(l);
    return l.name;
}

bool renameBlock(Accelerator &acc, const BlockRef &ref, const std::string &newName)
{
    if (newName.empty() || !exists(acc, ref))
        return false;
    if (newName == ref.name)
        return true;
    if (nameTaken(acc, newName))
        return false;
    switch (ref.kind) {
    case BlockRef::Core: {
        acc.cores[acc.coreIndex(ref.name)].name = newName;
        for (auto &m : acc.memories)
            if (m.core == ref.name) {
                m.core = newName;
                if (m.name.rfind(ref.name + ".", 0) == 0) {
                    const std::string renamed = newName + m.name.substr(ref.name.size());
                    if (!nameTaken(acc, renamed)) {
                        for (auto &l : acc.links)
                            std::replace(l.endpoints.begin(), l.endpoints.end(), m.name, renamed);
                        m.name = renamed;
                    }
                }
            }
        break;
    }
    case BlockRef::Memory: acc.memories[acc.memoryIndex(ref.name)].name = newName; break;
    case BlockRef::Dram: acc.dram.name = newName; break;
    case BlockRef::Link: acc.links[linkIndex(acc, ref.name)].name = newName; return true;
    default: return false;
    }
    for (auto &l : acc.links)
        std::replace(l.endpoints.begin(), l.endpoints.end(), ref.name, newName);
    return true;
}

} // namespace fuselab
