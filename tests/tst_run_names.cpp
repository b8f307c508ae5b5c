// SPDX-License-Identifier: GPL-3.0-or-later
// Runs are history: the name of a strategy's next run (project/run_names.h).
#include "project/run_names.h"

#include <QTest>

using namespace fuselab;

namespace {
std::vector<Run> runs(std::initializer_list<const char *> names)
{
    std::vector<Run> out;
    for (const char *n : names) {
        Run r;
        r.name = n;
        out.push_back(r);
    }
    return out;
}
} // namespace

class TestRunNames : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void numbersFollowTheHighest()
    {
        QCOMPARE(nextRunName({}, "fused"), std::string("fused"));
        QCOMPARE(nextRunName(runs({"lbl"}), "fused"), std::string("fused"));
        QCOMPARE(nextRunName(runs({"fused"}), "fused"), std::string("fused 2"));
        QCOMPARE(nextRunName(runs({"fused", "fused 2"}), "fused"), std::string("fused 3"));
        // A deleted "fused 2" is not reused while "fused 3" exists; a renamed first run frees nothing.
        QCOMPARE(nextRunName(runs({"fused", "fused 3"}), "fused"), std::string("fused 4"));
        QCOMPARE(nextRunName(runs({"fused 3"}), "fused"), std::string("fused 4"));
        // Other names that merely start alike do not count.
        QCOMPARE(nextRunName(runs({"fused_r4", "fused x", "fused 2b", "fused 1"}), "fused"), std::string("fused"));
        QCOMPARE(nextRunName(runs({"fused_r4"}), "fused_r4"), std::string("fused_r4 2"));
    }
};

QTEST_MAIN(TestRunNames)
#include "tst_run_names.moc"
