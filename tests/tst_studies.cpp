// SPDX-License-Identifier: GPL-3.0-or-later
// Studies on reduced grids: each table has one row per grid point, and the invariants the
// studies rest on hold (the search never loses to the baselines it starts from, by its own
// objective).
#include "search/studies.h"
#include "util/error.h"

#include <QtTest>

using namespace fuselab;

namespace {

StudyOptions small()
{
    StudyOptions o;
    o.generations = 2;
    o.population = 4;
    o.threads = 2;
    return o;
}

} // namespace

class TestStudies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void multicoreSearchNeverWorseThanLbl()
    {
        StudyOptions o = small();
        o.workloads = {"lenet5", "mlp"};
        o.hardwarePath = FUSELAB_SOURCE_DIR "/examples/hardware/quad_core.yaml";
        const StudyTable t = multicoreStudy(o);
        QCOMPARE(t.rows.size(), size_t(2));
        QCOMPARE(t.rows[1].labels.at(0), std::string("mlp"));
        for (const auto &r : t.rows) {
            QCOMPARE(r.values.size(), t.valueColumns.size());
            QVERIFY2(r.values[4] >= 1.0, "searched EDP worse than lbl");
            QVERIFY(r.values[0] > 0 && r.values[1] > 0 && r.values[2] > 0 && r.values[3] > 0);
        }
    }

    void archAwareFullModelChoiceNeverSlower()
    {
        StudyOptions o = small();
        o.workloads = {"lenet5"};
        o.arraySizes = {16, 32};
        o.bufferBytes = {int64_t(64) << 10, int64_t(1) << 20};
        o.dramBandwidths = {8};
        const StudyTable t = archAwareStudy(o);
        QCOMPARE(t.rows.size(), size_t(4)); // 1 workload x 2 arrays x 2 buffers x 1 bandwidth
        QCOMPARE(t.rows[0].labels.at(1), std::string("16x16"));
        QCOMPARE(t.rows[1].labels.at(2), std::string("1MiB"));
        for (const auto &r : t.rows) {
            QVERIFY2(r.values[1] <= r.values[0], "full-model choice slower than the access-based choice");
            QVERIFY(r.values[2] >= 0.0);
        }
    }

    void pinOrFuseJointNeverMoreTraffic()
    {
        StudyOptions o = small();
        o.workloads = {"lenet5"};
        o.bufferBytes = {int64_t(16) << 10, int64_t(2) << 20};
        const StudyTable t = pinOrFuseStudy(o);
        QCOMPARE(t.rows.size(), size_t(2));
        for (const auto &r : t.rows)
            QVERIFY2(r.values[2] <= std::min(r.values[0], r.values[1]), "joint search moves more DRAM bytes");
        // A larger scratchpad never forces more traffic on the joint plan.
        QVERIFY(t.rows[1].values[2] <= t.rows[0].values[2]);
    }

    void unknownStudyIsAUsageError()
    {
        QVERIFY_THROWS_EXCEPTION(UsageError, runStudy("nope", small()));
    }

    void csvHasHeaderAndOneLinePerRow()
    {
        StudyTable t;
        t.labelColumns = {"w"};
        t.valueColumns = {"a", "b"};
        t.rows.push_back({{"x"}, {1, 2.5}});
        QCOMPARE(studyTableCsv(t), std::string("w,a,b\nx,1,2.5\n"));
    }
};

QTEST_GUILESS_MAIN(TestStudies)
#include "tst_studies.moc"
