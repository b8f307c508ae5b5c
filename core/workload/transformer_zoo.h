// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"
#include "workload/zoo_spec.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fuselab {

/// The shape of a transformer family member (published configurations).
struct TransformerConfig {
    std::string name;
    int64_t hidden = 768;       // d
    int64_t heads = 12;         // H (query heads)
    int64_t kvHeads = 12;       // H_kv (grouped-query attention when < H)
    int64_t ffn = 3072;         // FFN hidden size
    int layers = 12;
    int64_t vocab = 0;          // token embedding rows (0: no token embedding, ViT)
    int64_t positions = 0;      // learned position embedding rows (0: rotary or none)
    bool decoder = false;       // causal decoder with prefill/decode phases and an lm_head
    bool llamaStyle = false;    // RMSNorm, rotary embedding, SwiGLU FFN (else LayerNorm + GELU MLP)
    bool tiedEmbeddings = false; // lm_head shares the token embedding table
    bool vision = false;        // ViT: 16×16 patches of a 224×224 image, class token, 1000-way head
    int64_t headDim() const { return hidden / heads; }
};

enum class DecoderPhase { Prefill, Decode };

/// The dimensions a spec may set (`--workload NAME:key=value,...`).
struct TransformerDims {
    DecoderPhase phase = DecoderPhase::Prefill;
    int64_t seq = 0;    // tokens processed (prefill / encoder); 0: the model's default
    int64_t kv = 0;     // decode: tokens in the KV cache, the new one included; 0: default
    int layers = 0;     // 0: all of the model's blocks
    int64_t batch = 1;
    bool head = true;   // decoders: the final norm and lm_head (head=0: the blocks alone)
};

/// bert-base, vit-b16, gpt2, llama2-7b, llama-1b.
std::vector<std::string> transformerNames();
std::optional<TransformerConfig> transformerConfig(const std::string &name);
/// The keys a model accepts (decoders: seq, kv, phase, layers, batch, head).
std::vector<std::string> transformerKeys(const TransformerConfig &c);
/// Applies a spec's key=value pairs; throws UsageError naming the spec, the key and the
/// valid keys (or values) on anything it cannot accept.
TransformerDims transformerDims(const TransformerConfig &c, const ZooSpec &spec);
/// The model with those dimensions, every layer at `precision`.
Workload buildTransformer(const TransformerConfig &c, const TransformerDims &d, Precision precision);
/// One line per model for --help texts: name, shape, keys and defaults.
std::string transformerHelp();

/// Parameters not held by any layer: embedding tables (token rows unless tied to the
/// lm_head, which holds them; learned positions; ViT's class token and positions). The
/// lookup itself is the network input read (seq rows), so the tables never enter a schedule.
int64_t embeddingParameters(const TransformerConfig &c);

} // namespace fuselab
