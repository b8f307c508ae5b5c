// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/accelerator.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fuselab {

/// The floorplan editor's operations as plain functions on an Accelerator value. The editor
/// applies them to a copy and hands the copy to ProjectDocument::editAccelerator (undo).

/// What can be selected on the floorplan: a core, a shared memory, the DRAM, or a link.
struct BlockRef {
    enum Kind { None, Core, Memory, Dram, Link };
    Kind kind = None;
    std::string name;
    friend bool operator==(const BlockRef &, const BlockRef &) = default;
};

/// Palette entries; the id is the drag-and-drop payload.
enum class PaletteBlock { Systolic, Spatial, Aimc, Simd, Pool, SharedMemory, DramPort };
std::vector<PaletteBlock> paletteBlocks();
std::string_view paletteId(PaletteBlock b);  // "systolic", …, "shared_memory", "dram_port"
bool parsePaletteId(std::string_view id, PaletteBlock &out);
std::string_view paletteTitle(PaletteBlock b);  // "Systolic core", …

/// Default size of a new block in grid cells.
Placement defaultPlacement(PaletteBlock b, int x, int y);

/// True when the block (or link) exists.
bool exists(const Accelerator &acc, const BlockRef &ref);
/// Placement of a block (the DRAM's, a core's or a shared memory's); nullopt for links / unknown.
std::optional<Placement> placementOf(const Accelerator &acc, const BlockRef &ref);
/// Moves / resizes a block; clamps it inside the grid. False if the block does not exist.
bool setPlacement(Accelerator &acc, const BlockRef &ref, Placement p);
Placement clampToGrid(const Accelerator &acc, Placement p);

/// `base` if unused by any block or link, else base1, base2, … .
std::string uniqueName(const Accelerator &acc, const std::string &base);

/// Adds the palette block with its top-left cell at (x, y) (clamped into the grid). A core
/// comes with a private 64 KiB local memory. The accelerator has exactly one DRAM: dropping a
/// "DRAM port" adds a port to it and moves the DRAM block to (x, y).
BlockRef addBlock(Accelerator &acc, PaletteBlock b, int x, int y);

/// The first grid position (row by row) where a block of the given size overlaps no other
/// block; nullopt when the grid is full.
std::optional<Placement> freePlacement(const Accelerator &acc, int w, int h);

/// Deletes a core (with its private memories), a shared memory or a link. The block is
/// removed from every link; links left with fewer than two endpoints are removed. The DRAM
/// cannot be deleted (false).
bool deleteBlock(Accelerator &acc, const BlockRef &ref);

/// A copied block: a core with its private memories, or a shared memory.
struct BlockClipboard {
    std::optional<Core> core;
    std::vector<Memory> memories;
    bool empty() const { return !core && memories.empty(); }
};
BlockClipboard copyBlock(const Accelerator &acc, const BlockRef &ref);
/// Inserts a copy with fresh names, shifted by (dx, dy) cells. Returns the new block.
BlockRef pasteBlock(Accelerator &acc, const BlockClipboard &clip, int dx, int dy);

/// Joins the blocks with a new link (two endpoints) or bus (more). Returns its name, or
/// nothing when fewer than two distinct known blocks are given or an identical link exists.
std::optional<std::string> connectBlocks(Accelerator &acc, const std::vector<std::string> &blocks);

/// Renames a block or link and every reference to it (link endpoints, memory owners,
/// private memory names that start with the old name). False if the new name is taken.
bool renameBlock(Accelerator &acc, const BlockRef &ref, const std::string &newName);

} // namespace fuselab
