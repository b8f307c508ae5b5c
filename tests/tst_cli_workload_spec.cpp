// SPDX-License-Identifier: GPL-3.0-or-later
// fuselab-cli --workload NAME[:key=value,...]: the transformer dimensions reach the workload
// (MACs against the hand formula L·(12·N·d² + 2·N²·d) + d·vocab of GPT-2), bad keys and
// values exit 2 naming the key and the valid ones, info --help documents the keys.
#include "support/cli_process.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {
using Result = fuselab::testing::CliResult;
Result cli(const QStringList &args) { return fuselab::testing::runCli(args, 60000); }

Result info(const QString &spec)
{
    return cli({QStringLiteral("info"), QStringLiteral("--workload"), spec, QStringLiteral("--json")});
}
} // namespace

class TestCliWorkloadSpec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dimensionsReachTheWorkload()
    {
        const Result r = info(QStringLiteral("gpt2:seq=256,layers=2"));
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        const double d = 768, n = 256, layers = 2, vocab = 50257;
        QCOMPARE(doc.value(QStringLiteral("macs")).toDouble(), layers * (12 * n * d * d + 2 * n * n * d) + d * vocab);
        QCOMPARE(doc.value(QStringLiteral("workload")).toString(), QStringLiteral("gpt2:seq=256,layers=2"));

        const Result dec = info(QStringLiteral("llama2-7b:phase=decode,kv=4096,layers=1"));
        QVERIFY2(dec.code == 0, dec.err.constData());
        const QJsonObject dj = QJsonDocument::fromJson(dec.out).object();
        // One Llama-2-7B block for one token: 4·d² + 3·d·11008 weight MACs, 2·kv·d attention.
        const double D = 4096, kv = 4096;
        QCOMPARE(dj.value(QStringLiteral("macs")).toDouble(), 4 * D * D + 3 * D * 11008 + 2 * kv * D + D * 32000);
    }

    void badSpecsExit2NamingTheKey()
    {
        Result r = info(QStringLiteral("gpt2:sq=5"));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("unknown key 'sq'"), r.err.constData());
        QVERIFY2(r.err.contains("seq, kv, phase, layers, batch, head"), r.err.constData());
        r = info(QStringLiteral("llama-1b:phase=sideways"));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("prefill or decode"), r.err.constData());
        r = info(QStringLiteral("bert-base:seq=-3"));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("seq=-3"), r.err.constData());
        r = info(QStringLiteral("vgg16:seq=3"));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("takes no"), r.err.constData());
    }

    void helpDocumentsTheKeys()
    {
        const Result r = cli({QStringLiteral("info"), QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        for (const char *s : {"NAME[:key=value,...]", "bert-base", "vit-b16", "gpt2", "llama2-7b", "llama-1b",
                              "phase=prefill|decode", "(8 KV)"})
            QVERIFY2(r.out.contains(s), s);
    }
};

QTEST_GUILESS_MAIN(TestCliWorkloadSpec)
#include "tst_cli_workload_spec.moc"
