// SPDX-License-Identifier: GPL-3.0-or-later
// Repeated blocks found by layer names (workload/repeated_blocks.h), against hand counts of the
// zoo's blocks: a Llama block is 17 layers (norm1, q/k/v projections, two rotary embeddings,
// scores, softmax, context, o_proj, residual1, norm2, gate, up, their product, down,
// residual2), a GPT-2 block 13 (no rotary, fc1/fc2 instead of the SwiGLU three).
#include "workload/repeated_blocks.h"
#include "workload/zoo.h"

#include <QTest>

using namespace fuselab;

class TestRepeatedBlocks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void llamaFoldsAllButTheFirstBlock()
    {
        const Workload w = *zooModel("llama2-7b:phase=decode,kv=1024");
        const BlockFolding f = foldRepeatedBlocks(w);
        QCOMPARE(f.folds.size(), size_t(1));
        QCOMPARE(f.folds[0].prefix, std::string("layers"));
        QCOMPARE(f.folds[0].firstBlock, 1);
        QCOMPARE(f.folds[0].lastBlock, 31);
        QCOMPARE(f.folds[0].layers.size(), size_t(31 * 17));
        // Shown: block 0, the embeddings' successors and the head.
        QCOMPARE(w.layers[f.folds[0].layers.front()].name, std::string("layers.1.norm1"));
        QCOMPARE(f.foldOf[w.layerIndex("layers.0.mlp.down_proj")], -1);
        QCOMPARE(f.foldOf[w.layerIndex("layers.31.residual2")], 0);
        QCOMPARE(f.foldOf[w.layerIndex("norm")], -1);
    }

    void tooFewBlocksOrDifferentBlocksDoNotFold()
    {
        const Workload two = *zooModel("gpt2:layers=2,seq=64");
        QVERIFY(foldRepeatedBlocks(two).folds.empty()); // 2 blocks: nothing to gain
        const Workload four = *zooModel("gpt2:layers=4,seq=64");
        const BlockFolding f = foldRepeatedBlocks(four);
        QCOMPARE(f.folds.size(), size_t(1));
        QCOMPARE(f.folds[0].layers.size(), size_t(3 * 13));
        // A block that differs from the first ends the run: rename one layer of block 2.
        Workload odd = four;
        odd.layers[odd.layerIndex("layers.2.mlp.fc1")].name = "layers.2.mlp.fc_other";
        const BlockFolding g = foldRepeatedBlocks(odd);
        // Blocks 0, 1 match (a run of 2: not folded); 2 is alone; 3 starts a run of 1.
        QVERIFY(g.folds.empty());
        // ResNet-18's stages have two blocks each: nothing folds.
        QVERIFY(foldRepeatedBlocks(*zooModel("resnet18")).folds.empty());
    }

    void rolesAreSharedAcrossBlocks()
    {
        // 2 blocks of 13 layers share 13 roles; norm, last_token and lm_head have their own.
        const Workload w = *zooModel("gpt2:layers=2,seq=64");
        const BlockRoles r = blockRoles(w);
        QCOMPARE(r.roleOf.size(), w.layers.size());
        QCOMPARE(r.names.size(), w.layers.size() - 13);
        QCOMPARE(r.roleOf[w.layerIndex("layers.0.mlp.fc1")], r.roleOf[w.layerIndex("layers.1.mlp.fc1")]);
        QVERIFY(r.roleOf[w.layerIndex("layers.0.mlp.fc1")] != r.roleOf[w.layerIndex("layers.0.mlp.fc2")]);
        QCOMPARE(r.names[r.roleOf[w.layerIndex("layers.1.mlp.fc1")]], std::string("layers.*.mlp.fc1"));
        QCOMPARE(r.names[r.roleOf[w.layerIndex("lm_head")]], std::string("lm_head"));
    }
};

QTEST_GUILESS_MAIN(TestRepeatedBlocks)
#include "tst_repeated_blocks.moc"
