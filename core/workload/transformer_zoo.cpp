// SPDX-License-Identifier: GPL-3.0-or-later
// Transformers built in code from their published configurations. The network input is the
// embedded sequence (the table lookup reads seq rows, which is what reading the input costs),
// so embedding tables are parameters but not layers (embeddingParameters). Biases and norm
// gains are left out of the weights (well under 1 % of any of these models).
#include "workload/transformer_zoo.h"

#include "util/error.h"
#include "workload/token_builder.h"

#include <algorithm>
#include <array>

namespace fuselab {

namespace {

constexpr int64_t kMaxTokens = 1 << 20;
constexpr int64_t kMaxBatch = 4096;

const std::array<TransformerConfig, 5> &configs()
{
    static const std::array<TransformerConfig, 5> list{{
        // name, d, H, H_kv, ffn, layers, vocab, positions, decoder, llama, tied, vision
        {"bert-base", 768, 12, 12, 3072, 12, 30522, 512, false, false, false, false},
        {"vit-b16", 768, 12, 12, 3072, 12, 0, 197, false, false, false, true},
        {"gpt2", 768, 12, 12, 3072, 12, 50257, 1024, true, false, true, false},
        {"llama2-7b", 4096, 32, 32, 11008, 32, 32000, 0, true, true, false, false},
        // Llama 3.2 1B: grouped-query attention with 8 key/value heads for 32 query heads.
        {"llama-1b", 2048, 32, 8, 8192, 16, 128256, 0, true, true, true, false},
    }};
    return list;
}

int64_t defaultSeq(const TransformerConfig &c)
{
    if (c.vision)
        return 197; // 14×14 patches of 16×16 plus the class token
    if (!c.decoder)
        return 128;
    return c.llamaStyle ? 2048 : 1024;
}

int64_t defaultKv(const TransformerConfig &c)
{
    return c.llamaStyle ? 4096 : 1024;
}

std::string join(const std::vector<std::string> &v)
{
    std::string s;
    for (const auto &x : v)
        s += (s.empty() ? "" : ", ") + x;
    return s;
}

int64_t parseCount(const std::string &spec, const std::string &key, const std::string &value, int64_t max)
{
    const bool digits = !value.empty() && value.size() <= 10 &&
                        std::all_of(value.begin(), value.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    const int64_t n = digits ? std::stoll(value) : 0;
    if (!digits || n < 1 || n > max)
        throw UsageError("workload '" + spec + "': " + key + "=" + value + ": must be a whole number from 1 to " +
                         std::to_string(max));
    return n;
}

/// Attention of one block; returns the context projected back to d (o_proj).
TensorId attention(TokenBuilder &b, const TransformerConfig &c, const TransformerDims &d, const std::string &p,
                   TensorId x)
{
    const int64_t dh = c.headDim();
    TensorId q = b.linear(p + ".q_proj", x, c.heads * dh);
    TensorId k = b.linear(p + ".k_proj", x, c.kvHeads * dh);
    TensorId v = b.linear(p + ".v_proj", x, c.kvHeads * dh);
    if (c.llamaStyle) {
        q = b.vector(p + ".rotary_q", q, "RotaryEmbedding");
        k = b.vector(p + ".rotary_k", k, "RotaryEmbedding");
    }
    TensorId s, ctx;
    if (d.phase == DecoderPhase::Decode) {
        // The new token's key and value join the cache (read as an extra operand so attention
        // waits for them); the cache itself is a network input of kv rows, read from DRAM.
        const int64_t batch = b.tensor(x).n;
        const TensorId kc = b.input(p + ".k_cache", batch, c.kvHeads * dh, d.kv);
        const TensorId vc = b.input(p + ".v_cache", batch, c.kvHeads * dh, d.kv);
        s = b.scores(p + ".scores", q, kc, c.heads, k);
        s = b.vector(p + ".softmax", s, "Softmax");
        ctx = b.context(p + ".context", s, vc, c.heads, dh, v);
    } else {
        s = b.scores(p + ".scores", q, k, c.heads);
        s = b.vector(p + ".softmax", s, "Softmax");
        ctx = b.context(p + ".context", s, v, c.heads, dh);
    }
    return b.linear(p + ".o_proj", ctx, c.hidden);
}

TensorId mlp(TokenBuilder &b, const TransformerConfig &c, const std::string &p, TensorId x)
{
    if (c.llamaStyle) { // SwiGLU: down(silu(gate(x)) · up(x))
        const TensorId g = b.linear(p + ".gate_proj", x, c.ffn, {"Silu"});
        const TensorId u = b.linear(p + ".up_proj", x, c.ffn);
        return b.linear(p + ".down_proj", b.mul(p + ".gate_mul", g, u), c.hidden);
    }
    const TensorId h = b.linear(p + ".fc1", x, c.ffn, {"Gelu"});
    return b.linear(p + ".fc2", h, c.hidden);
}

} // namespace

std::vector<std::string> transformerNames()
{
    std::vector<std::string> names;
    for (const auto &c : configs())
        names.push_back(c.name);
    return names;
}

std::optional<TransformerConfig> transformerConfig(const std::string &name)
{
    for (const auto &c : configs())
        if (c.name == name)
            return c;
    return std::nullopt;
}

std::vector<std::string> transformerKeys(const TransformerConfig &c)
{
    if (c.decoder)
        return {"seq", "kv", "phase", "layers", "batch", "head"};
    if (c.vision)
        return {"layers", "batch"};
    return {"seq", "layers", "batch"};
}

TransformerDims transformerDims(const TransformerConfig &c, const ZooSpec &spec)
{
    const auto keys = transformerKeys(c);
    TransformerDims d;
    bool kvGiven = false, seqGiven = false;
    for (const auto &[key, value] : spec.params) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end())
            throw UsageError("workload '" + spec.name + "': unknown key '" + key + "'; valid keys: " + join(keys));
        if (key == "phase") {
            if (value == "prefill")
                d.phase = DecoderPhase::Prefill;
            else if (value == "decode")
                d.phase = DecoderPhase::Decode;
            else
                throw UsageError("workload '" + spec.name + "': phase=" + value +
                                 ": must be prefill or decode");
        } else if (key == "seq") {
            d.seq = parseCount(spec.name, key, value, kMaxTokens);
            seqGiven = true;
        } else if (key == "kv") {
            d.kv = parseCount(spec.name, key, value, kMaxTokens);
            kvGiven = true;
        } else if (key == "layers") {
            d.layers = static_cast<int>(parseCount(spec.name, key, value, c.layers));
        } else if (key == "batch") {
            d.batch = parseCount(spec.name, key, value, kMaxBatch);
        } else if (key == "head") {
            if (value != "0" && value != "1")
                throw UsageError("workload '" + spec.name + "': head=" + value + ": must be 0 or 1");
            d.head = value == "1";
        }
    }
    if (kvGiven && d.phase != DecoderPhase::Decode)
        throw UsageError("workload '" + spec.name + "': kv applies to phase=decode (prefill processes seq tokens)");
    if (seqGiven && d.phase == DecoderPhase::Decode)
        throw UsageError("workload '" + spec.name + "': seq applies to phase=prefill (decode processes one token "
                         "against a KV cache of kv tokens)");
    if (d.seq == 0)
        d.seq = d.phase == DecoderPhase::Decode ? 1 : defaultSeq(c);
    if (d.phase == DecoderPhase::Decode) {
        d.seq = 1;
        if (d.kv == 0)
            d.kv = defaultKv(c);
    }
    if (d.layers == 0)
        d.layers = c.layers;
    return d;
}

Workload buildTransformer(const TransformerConfig &c, const TransformerDims &d, Precision precision)
{
    // The name is the spec that rebuilds it, with only the keys that differ from the defaults.
    std::vector<std::string> keys;
    if (d.phase == DecoderPhase::Decode)
        keys = {"phase=decode", "kv=" + std::to_string(d.kv)};
    else if (d.seq != defaultSeq(c))
        keys.push_back("seq=" + std::to_string(d.seq));
    if (d.layers != c.layers)
        keys.push_back("layers=" + std::to_string(d.layers));
    if (d.batch != 1)
        keys.push_back("batch=" + std::to_string(d.batch));
    if (!d.head)
        keys.push_back("head=0");
    std::string name = c.name;
    for (size_t i = 0; i < keys.size(); ++i)
        name += (i == 0 ? ":" : ",") + keys[i];

    TokenBuilder b(name, precision);
    const std::string norm = c.llamaStyle ? "RMSNormalization" : "LayerNormalization";
    TensorId x;
    if (c.vision) {
        // 196 flattened 16×16×3 patches and the class-token slot; the 16×16/16 patch conv is
        // this linear map (it costs the class row's 768² MACs more than the conv: 0.5 %).
        x = b.input("patches", d.batch, 3 * 16 * 16, d.seq);
        x = b.linear("patch_embed", x, c.hidden);
    } else {
        x = b.input("embeddings", d.batch, c.hidden, d.seq);
        if (!c.decoder) // BERT normalises the summed embeddings
            x = b.vector("embeddings.norm", x, norm);
    }
    for (int i = 0; i < d.layers; ++i) {
        const std::string p = "layers." + std::to_string(i);
        if (c.decoder || c.vision) { // pre-norm: x + attn(norm(x)), then x + mlp(norm(x))
            const TensorId a = attention(b, c, d, p + ".attn", b.vector(p + ".norm1", x, norm));
            x = b.add(p + ".residual1", x, a);
            const TensorId m = mlp(b, c, p + ".mlp", b.vector(p + ".norm2", x, norm));
            x = b.add(p + ".residual2", x, m);
        } else { // BERT, post-norm: norm(x + attn(x)), then norm(x + mlp(x))
            x = b.vector(p + ".norm1", b.add(p + ".residual1", x, attention(b, c, d, p + ".attn", x)), norm);
            x = b.vector(p + ".norm2", b.add(p + ".residual2", x, mlp(b, c, p + ".mlp", x)), norm);
        }
    }
    if (c.vision) {
        x = b.vector("norm", x, norm);
        b.linear("head", b.oneToken("cls_token", x, false), 1000);
    } else if (c.decoder && d.head) {
        x = b.vector("norm", x, norm);
        if (d.seq > 1)
            x = b.oneToken("last_token", x, true);
        b.linear("lm_head", x, c.vocab);
    }
    Workload w = b.finish();
    if (c.decoder && c.positions > 0 && d.seq > c.positions)
        w.warnings.push_back(c.name + " learned " + std::to_string(c.positions) + " positions; seq=" +
                             std::to_string(d.seq) + " is beyond them (the shapes are still computed)");
    if (c.decoder && !c.llamaStyle && d.phase == DecoderPhase::Decode && d.kv > c.positions && c.positions > 0)
        w.warnings.push_back(c.name + " learned " + std::to_string(c.positions) + " positions; kv=" +
                             std::to_string(d.kv) + " is beyond them (the shapes are still computed)");
    return w;
}

int64_t embeddingParameters(const TransformerConfig &c)
{
    int64_t p = c.positions * c.hidden;
    if (c.vision)
        p += c.hidden; // the class token
    if (c.vocab > 0 && !c.tiedEmbeddings)
        p += c.vocab * c.hidden;
    if (c.name == "bert-base")
        p += 2 * c.hidden; // token-type (segment) embeddings
    return p;
}

std::string transformerHelp()
{
    std::string s;
    for (const auto &c : configs()) {
        const TransformerDims d = transformerDims(c, ZooSpec{c.name, {}});
        s += "  " + c.name + ": " + std::to_string(c.layers) + " layers, d=" + std::to_string(c.hidden) +
             ", " + std::to_string(c.heads) + " heads";
        if (c.kvHeads != c.heads)
            s += " (" + std::to_string(c.kvHeads) + " KV)";
        s += ", FFN " + std::to_string(c.ffn) + "; keys " + join(transformerKeys(c));
        if (!c.vision)
            s += " (seq=" + std::to_string(d.seq);
        if (c.decoder)
            s += ", phase=prefill|decode, kv=" + std::to_string(defaultKv(c)) + ", head=1";
        s += c.vision ? "" : ")";
        s += "\n";
    }
    return s;
}

} // namespace fuselab
