// SPDX-License-Identifier: GPL-3.0-or-later
// A minimal protobuf wire-format walker for ONNX. Field numbers are those of onnx.proto
// (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto).
#include "io/onnx_wire.h"

#include "util/error.h"

#include <cstdint>
#include <optional>

namespace fuselab {

namespace {

enum WireType : uint32_t { Varint = 0, Fixed64 = 1, Bytes = 2, StartGroup = 3, EndGroup = 4, Fixed32 = 5 };

/// Which message a span holds; decides which sub-messages are walked into.
enum class Level { Model, Graph, Node, Attribute, Tensor };

struct Field {
    uint32_t number = 0;
    uint32_t wire = 0;
    size_t begin = 0;      // offset of the tag
    size_t valueBegin = 0; // offset of the payload (after the length for Bytes)
    size_t end = 0;        // one past the field
};

class Walker {
public:
    Walker(std::string_view bytes, const std::string &file) : data_(bytes), file_(file) {}

    std::string run()
    {
        std::string out;
        out.reserve(4096);
        walk(0, data_.size(), Level::Model, "model", out, 0);
        return out;
    }

private:
    [[noreturn]] void fail(const std::string &where, const std::string &reason) const
    {
        throw InputError(file_, where, reason);
    }

    std::optional<uint64_t> varint(size_t &pos, size_t end) const
    {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end)
                return std::nullopt;
            const auto byte = static_cast<uint8_t>(data_[pos++]);
            v |= static_cast<uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0)
                return v;
        }
        return std::nullopt; // more than 10 bytes: not a varint
    }

    /// Reads the field at `pos` inside [.., end); the error says whether the data stopped
    /// early (truncated) or is not protobuf at all.
    Field field(size_t pos, size_t end, const std::string &where) const
    {
        Field f;
        f.begin = pos;
        const auto tag = varint(pos, end);
        if (!tag)
            fail(where, "truncated: the file ends inside a field tag at byte " + std::to_string(f.begin));
        f.number = static_cast<uint32_t>(*tag >> 3);
        f.wire = static_cast<uint32_t>(*tag & 7);
        if (f.number == 0 || f.wire == StartGroup || f.wire == EndGroup || f.wire > Fixed32)
            fail(where, "not an ONNX model: invalid protobuf field (number " + std::to_string(f.number) +
                            ", wire type " + std::to_string(f.wire) + ") at byte " + std::to_string(f.begin));
        uint64_t size = 0;
        switch (f.wire) {
        case Varint: {
            if (!varint(pos, end))
                fail(where, "truncated: the file ends inside field " + std::to_string(f.number) +
                                " at byte " + std::to_string(f.begin));
            f.valueBegin = f.end = pos;
            return f;
        }
        case Fixed64:
            size = 8;
            break;
        case Fixed32:
            size = 4;
            break;
        default: {
            const auto len = varint(pos, end);
            if (!len)
                fail(where, "truncated: the file ends inside the length of field " +
                                std::to_string(f.number) + " at byte " + std::to_string(f.begin));
            size = *len;
        }
        }
        f.valueBegin = pos;
        if (size > end - pos)
            fail(where, "truncated: field " + fieldName(where, f.number) + " at byte " +
                            std::to_string(f.begin) + " needs " + std::to_string(size) + " bytes but only " +
                            std::to_string(end - pos) + " remain (file size " + std::to_string(data_.size()) +
                            ")");
        f.end = pos + static_cast<size_t>(size);
        return f;
    }

    /// "7 (graph)" for the model's big fields, which is where a cut file usually ends.
    static std::string fieldName(const std::string &where, uint32_t number)
    {
        std::string name = std::to_string(number);
        if (where == "model" && number == 7)
            name += " (graph)";
        if (where == "graph" && number == 5)
            name += " (initializer)";
        if (where == "graph" && number == 1)
            name += " (node)";
        return name;
    }

    /// ModelProto fields and their wire types; a file whose fields disagree is not ONNX.
    static bool knownModelField(const Field &f, bool &known)
    {
        switch (f.number) {
        case 1: // ir_version
        case 5: // model_version
            known = true;
            return f.wire == Varint;
        case 2:
        case 3:
        case 4:
        case 6:
        case 7:
        case 8:
        case 14:
        case 20:
        case 25:
            known = true;
            return f.wire == Bytes;
        default:
            known = false;
            return true;
        }
    }

    static std::optional<Level> child(Level parent, uint32_t number)
    {
        switch (parent) {
        case Level::Model:
            return number == 7 ? std::optional(Level::Graph) : std::nullopt;
        case Level::Graph:
            if (number == 1)
                return Level::Node;
            return number == 5 ? std::optional(Level::Tensor) : std::nullopt;
        case Level::Node:
            return number == 5 ? std::optional(Level::Attribute) : std::nullopt;
        case Level::Attribute:
            if (number == 5 || number == 10)
                return Level::Tensor;
            return (number == 6 || number == 11) ? std::optional(Level::Graph) : std::nullopt;
        case Level::Tensor:
            return std::nullopt;
        }
        return std::nullopt;
    }

    /// Tensor payload fields: float_data, int32_data, string_data, int64_data, raw_data,
    /// double_data, uint64_data.
    static bool isPayload(uint32_t number)
    {
        return (number >= 4 && number <= 7) || number == 9 || number == 10 || number == 11;
    }

    static void putVarint(std::string &out, uint64_t v)
    {
        while (v >= 0x80) {
            out.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out.push_back(static_cast<char>(v));
    }

    void walk(size_t pos, size_t end, Level level, const std::string &where, std::string &out, int subgraphDepth)
    {
        bool first = true;
        while (pos < end) {
            const Field f = field(pos, end, where);
            if (level == Level::Model) {
                bool known = false;
                if (!knownModelField(f, known) || (first && !known))
                    fail(where, "not an ONNX model: field " + std::to_string(f.number) + " with wire type " +
                                    std::to_string(f.wire) + " at byte " + std::to_string(f.begin) +
                                    " is not part of an ONNX ModelProto");
            }
            first = false;
            pos = f.end;
            if (f.wire != Bytes) {
                out.append(data_.substr(f.begin, f.end - f.begin));
                continue;
            }
            if (level == Level::Tensor && isPayload(f.number) && f.end - f.valueBegin > kOnnxKeptPayloadBytes)
                continue; // a weight payload: only the dims are needed
            const auto sub = child(level, f.number);
            if (!sub) {
                out.append(data_.substr(f.begin, f.end - f.begin));
                continue;
            }
            // A graph inside an attribute is a subgraph: one level deeper, bounded.
            const int depth = subgraphDepth + (level == Level::Attribute && *sub == Level::Graph ? 1 : 0);
            if (depth > kOnnxMaxSubgraphDepth)
                fail("graph", "subgraphs (If/Loop/Scan bodies) are nested more than " +
                                  std::to_string(kOnnxMaxSubgraphDepth) + " levels deep at byte " +
                                  std::to_string(f.begin));
            std::string inner;
            walk(f.valueBegin, f.end, *sub, where == "model" && *sub == Level::Graph ? "graph" : where,
                 inner, depth);
            out.append(data_.substr(f.begin, f.valueBegin - f.begin)); // tag + old length…
            out.resize(out.size() - lengthBytes(f));                   // …minus the old length
            putVarint(out, inner.size());
            out += inner;
        }
    }

    /// Bytes taken by the length varint of a Bytes field.
    size_t lengthBytes(const Field &f) const
    {
        size_t pos = f.begin;
        varint(pos, f.valueBegin); // the tag
        return f.valueBegin - pos;
    }

    std::string_view data_;
    const std::string &file_;
};

} // namespace

std::string stripOnnxPayload(std::string_view bytes, const std::string &file)
{
    return Walker(bytes, file).run();
}

} // namespace fuselab
