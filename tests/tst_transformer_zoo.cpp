// SPDX-License-Identifier: GPL-3.0-or-later
// The transformer zoo against hand formulas and published parameter counts:
//  - projections + FFN of a BERT / GPT-2 block hold 4·d² + 2·d·4d = 12·d² weights and cost
//    12·N·d² MACs for N tokens; attention scores Q·Kᵀ and context P·V cost N²·d each;
//  - Llama's grouped-query attention projects K and V to H_kv·d_head features only;
//  - decode: one token, every weight once, 2·kv·d attention MACs per layer, a KV cache of
//    H_kv·d_head·kv elements per K and per V;
//  - published totals: BERT-base ~110M, GPT-2 small ~124M, ViT-B/16 ~86M, Llama-2-7B ~6.74B,
//    Llama 3.2 1B ~1.24B. The zoo leaves biases and norm gains out, so those compare within
//    2 % (BERT) and 1 % (the others).
#include "util/error.h"
#include "workload/transformer_zoo.h"
#include "workload/zoo.h"

#include <QTest>

#include <cmath>

using namespace fuselab;

namespace {
Workload model(const std::string &spec)
{
    auto w = zooModel(spec);
    if (!w)
        qFatal("zoo model %s missing", spec.c_str());
    return *w;
}

const Layer &layer(const Workload &w, const std::string &name)
{
    const int i = w.layerIndex(name);
    if (i < 0)
        qFatal("no layer %s in %s", name.c_str(), w.name.c_str());
    return w.layers[i];
}

int64_t weights(const Workload &w)
{
    int64_t s = 0;
    for (const auto &l : w.layers)
        s += l.weightCount();
    return s;
}

int64_t macsOf(const Workload &w, const std::string &suffix)
{
    int64_t s = 0;
    for (const auto &l : w.layers)
        if (l.name.ends_with(suffix))
            s += l.macs();
    return s;
}

double relErr(double got, double want)
{
    return std::abs(got - want) / want;
}

int64_t parameters(const std::string &name)
{
    return weights(model(name)) + embeddingParameters(*transformerConfig(name));
}

bool refused(const std::string &spec, const std::string &fragment)
{
    try {
        (void)zooModel(spec);
    } catch (const UsageError &e) {
        const std::string what = e.what();
        if (what.find(fragment) == std::string::npos)
            qWarning("message '%s' lacks '%s'", what.c_str(), fragment.c_str());
        return what.find(fragment) != std::string::npos;
    }
    return false;
}
} // namespace

class TestTransformerZoo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyTransformerIsValidAndListed()
    {
        const auto names = zooNames();
        for (const std::string n : {"bert-base", "vit-b16", "gpt2", "llama2-7b", "llama-1b"}) {
            QVERIFY2(std::find(names.begin(), names.end(), n) != names.end(), n.c_str());
            for (const std::string &spec : {n, n + ":layers=2", n + ":layers=1,batch=2"}) {
                const Workload w = model(spec);
                const auto errors = w.validate();
                QVERIFY2(errors.empty(), (spec + ": " + (errors.empty() ? "" : errors.front())).c_str());
            }
        }
        QVERIFY(model("gpt2:phase=decode,kv=64").validate().empty());
        QVERIFY(model("llama-1b:phase=decode,kv=64,layers=2").validate().empty());
    }

    void bertBlockIs12d2Weights()
    {
        const int64_t d = 768, L = 12;
        QCOMPARE(weights(model("bert-base")), 12 * L * d * d); // no head: the encoder alone
        QCOMPARE(weights(model("bert-base:layers=3")), 12 * 3 * d * d);
    }

    void bertMacsAreProjectionsPlusAttention()
    {
        const int64_t d = 768, L = 12;
        for (const int64_t n : {128, 384}) {
            const Workload w = model("bert-base:seq=" + std::to_string(n));
            QCOMPARE(w.totalMacs(), L * (12 * n * d * d + 2 * n * n * d));
            QCOMPARE(macsOf(w, ".scores"), L * n * n * d);
            QCOMPARE(macsOf(w, ".context"), L * n * n * d);
        }
    }

    void gpt2PrefillAndDecode()
    {
        const int64_t d = 768, L = 12, vocab = 50257;
        const int64_t n = 1024;
        const Workload pre = model("gpt2:seq=1024");
        // Blocks, then the lm_head on the last token only.
        QCOMPARE(pre.totalMacs(), L * (12 * n * d * d + 2 * n * n * d) + d * vocab);
        QCOMPARE(weights(pre), 12 * L * d * d + vocab * d);
        const int64_t kv = 4096;
        const Workload dec = model("gpt2:phase=decode,kv=4096");
        QCOMPARE(dec.totalMacs(), L * (12 * d * d + 2 * kv * d) + d * vocab);
        QCOMPARE(weights(dec), weights(pre)); // the same weights, read for one token
        // The KV cache is a network input of its own size: d features × kv tokens per K and V.
        int caches = 0;
        for (TensorId t : dec.graphInputs()) {
            const Tensor &x = dec.tensors[t];
            if (x.name.ends_with("_cache")) {
                ++caches;
                QCOMPARE(x.bytes(), d * kv); // 8-bit
            }
        }
        QCOMPARE(caches, 2 * static_cast<int>(L));
    }

    void llamaGroupedQueryAttention()
    {
        // Llama 3.2 1B: d = 2048, 32 query heads of 64, 8 KV heads, SwiGLU FFN of 8192.
        const int64_t d = 2048, dh = 64, hkv = 8, ff = 8192, L = 16, vocab = 128256;
        const Workload w = model("llama-1b:seq=512");
        QCOMPARE(layer(w, "layers.0.attn.q_proj").weightCount(), d * d);
        QCOMPARE(layer(w, "layers.0.attn.k_proj").weightCount(), d * hkv * dh);
        QCOMPARE(layer(w, "layers.0.attn.v_proj").weightCount(), d * hkv * dh);
        QCOMPARE(w.tensors[layer(w, "layers.0.attn.k_proj").output].c, hkv * dh);
        QCOMPARE(layer(w, "layers.0.attn.scores").groups, 32); // heads are a dimension
        const int64_t perBlock = 2 * d * d + 2 * d * hkv * dh + 3 * d * ff;
        QCOMPARE(weights(w), L * perBlock + vocab * d);
        const int64_t n = 512;
        QCOMPARE(w.totalMacs(), L * (n * perBlock + 2 * n * n * d) + d * vocab);
        // Rotary, RMSNorm, SwiGLU's product and softmax are vector work, not MACs.
        for (const char *v : {"attn.rotary_q", "attn.rotary_k", "norm1", "mlp.gate_mul", "attn.softmax"}) {
            const Layer &l = layer(w, "layers.3." + std::string(v));
            QCOMPARE(l.macs(), int64_t{0});
            QVERIFY(l.vectorOps() > 0);
        }
        // Decode: the cache holds H_kv·d_head features per token.
        const Workload dec = model("llama-1b:phase=decode,kv=1000");
        QCOMPARE(dec.tensors[dec.graphInputs().back()].bytes(), hkv * dh * 1000);
        QCOMPARE(dec.totalMacs(), L * (perBlock + 2 * 1000 * d) + d * vocab);
    }

    void publishedParameterCounts()
    {
        QVERIFY(relErr(static_cast<double>(parameters("bert-base")), 110e6) < 0.02);
        QVERIFY(relErr(static_cast<double>(parameters("gpt2")), 124.4e6) < 0.01);
        QVERIFY(relErr(static_cast<double>(parameters("vit-b16")), 86.6e6) < 0.01);
        QVERIFY(relErr(static_cast<double>(parameters("llama2-7b")), 6.74e9) < 0.01);
        QVERIFY(relErr(static_cast<double>(parameters("llama-1b")), 1.24e9) < 0.01);
    }

    void headlessDecoderIsTheBlocks()
    {
        const int64_t d = 768, n = 256;
        const Workload w = model("gpt2:seq=256,layers=2,head=0");
        QCOMPARE(w.totalMacs(), 2 * (12 * n * d * d + 2 * n * n * d));
        QCOMPARE(w.name, std::string("gpt2:seq=256,layers=2,head=0"));
    }

    void vitRunsOn197Tokens()
    {
        const int64_t d = 768, L = 12, n = 197;
        const Workload w = model("vit-b16");
        QCOMPARE(w.totalMacs(), d * 768 * n + L * (12 * n * d * d + 2 * n * n * d) + d * 1000);
    }

    void precisionReachesEveryTensor()
    {
        const Workload w = *zooModel("gpt2:layers=1", Precision{16, 16, 16});
        for (const auto &t : w.tensors)
            QCOMPARE(t.bits, 16);
        QCOMPARE(layer(w, "layers.0.attn.q_proj").weightBytes(), int64_t{768 * 768 * 2});
    }

    void badSpecsAreRefusedWithTheValidKeys()
    {
        QVERIFY(refused("gpt2:sq=5", "valid keys: seq, kv, phase, layers, batch, head"));
        QVERIFY(refused("gpt2:head=2", "must be 0 or 1"));
        QVERIFY(refused("vit-b16:seq=5", "valid keys: layers, batch"));
        QVERIFY(refused("gpt2:phase=train", "must be prefill or decode"));
        QVERIFY(refused("gpt2:seq=0", "from 1 to"));
        QVERIFY(refused("gpt2:seq=abc", "whole number"));
        QVERIFY(refused("gpt2:layers=13", "from 1 to 12"));
        QVERIFY(refused("gpt2:kv=100", "phase=decode"));
        QVERIFY(refused("gpt2:phase=decode,seq=100", "phase=prefill"));
        QVERIFY(refused("gpt2:seq", "key=value"));
        QVERIFY(refused("gpt2:seq=1,seq=2", "twice"));
        QVERIFY(refused("resnet18:seq=1", "takes no"));
        QVERIFY(!zooModel("gpt3:seq=1").has_value());
    }
};

QTEST_APPLESS_MAIN(TestTransformerZoo)
#include "tst_transformer_zoo.moc"
