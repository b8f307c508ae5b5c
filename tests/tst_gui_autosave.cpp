// SPDX-License-Identifier: GPL-3.0-or-later
// Crash recovery: the open project is autosaved to a recovery file (never over the user's
// file) after the interval when it has unsaved changes; a window destroyed without a clean
// close (a crash) leaves it, and the next start offers it back — Restore gives the edited
// content, Discard deletes it — while a clean close or a save removes it.
#include "document/project_document.h"
#include "gui/autosave.h"
#include "gui/main_window.h"
#include "project/project_file.h"

#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <sys/wait.h>
#include <unistd.h>

using namespace fuselab;

namespace {
const MainWindow::Options kQuiet{false, false};

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A window autosaving every 50 ms into `recoveryDir`.
std::unique_ptr<MainWindow> window(const QString &recoveryDir)
{
    auto w = std::make_unique<MainWindow>(kQuiet);
    w->autosave()->setDirectory(recoveryDir);
    w->autosave()->setIntervalMs(50);
    return w;
}

/// An edit the way the editors make it (through the undo stack): the first core gets `rows` rows.
void editCore(MainWindow &w, int rows = 7)
{
    Accelerator a = w.document()->accelerator();
    a.cores.at(0).rows = rows;
    w.document()->editAccelerator(a, QStringLiteral("rows"));
}

/// The recovery file appears and, once the autosaves catch up, holds the document's current
/// content (a schedule run that finishes after the first autosave changes the document again;
/// the next autosave follows it).
void waitForAutosave(MainWindow &w)
{
    const QString file = w.autosave()->recoveryFile();
    auto holdsTheDocument = [&] {
        if (!QFile::exists(file))
            return false;
        w.autosave()->waitForIdle();
        try {
            return loadProject(QFile::encodeName(file).toStdString()) == w.document()->project();
        } catch (const std::exception &) {
            return false;
        }
    };
    QTRY_VERIFY_WITH_TIMEOUT(holdsTheDocument(), 20000);
}
/// What a crash leaves: a window saves `project`, is edited, autosaves, and is destroyed
/// without close(). Returns its recovery file and the edited content.
struct Crashed {
    QString file;
    Project edited;
};
Crashed crashAfterAnEdit(const QString &project, const QString &recoveryDir)
{
    Crashed c;
    auto w = window(recoveryDir);
    if (!project.isEmpty() && !w->saveProjectAs(project))
        return c;
    editCore(*w);
    waitForAutosave(*w);
    c.file = w->autosave()->recoveryFile();
    c.edited = w->document()->project();
    return c;
}
} // namespace

class TestGuiAutosave : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void writesRecoveryFileAfterIntervalOnlyWhenModified()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.fuselab"));
        const QString recovery = dir.filePath(QStringLiteral("recovery"));
        auto w = window(recovery);
        QVERIFY(w->saveProjectAs(project));
        const QByteArray saved = fileBytes(project);
        const QString file = w->autosave()->recoveryFile();
        QVERIFY(file.startsWith(recovery + QLatin1Char('/')));
        QVERIFY(QFileInfo(file).absoluteFilePath() != QFileInfo(project).absoluteFilePath());
        // Unmodified: ten intervals pass and nothing is written.
        QTest::qWait(500);
        QVERIFY(!QFile::exists(file));
        editCore(*w);
        waitForAutosave(*w);
        QCOMPARE(w->document()->project().accelerator.cores[0].rows, 7);
        // The user's file is untouched by the autosave.
        QCOMPARE(fileBytes(project), saved);
        // A save makes the recovery copy obsolete: it is removed.
        QVERIFY(w->save());
        QVERIFY(!QFile::exists(file));
        QTest::qWait(300);
        QVERIFY(!QFile::exists(file)); // and not written again while nothing changes
    }

    void crashThenRestoreGivesTheEditedContent()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.fuselab"));
        const QString recovery = dir.filePath(QStringLiteral("recovery"));
        const auto [file, edited] = crashAfterAnEdit(project, recovery);
        QVERIFY(QFile::exists(file));
        QVERIFY(!(loadProject(QFile::encodeName(project).toStdString()) == edited));

        auto w = window(recovery);
        QStringList asked;
        w->setRecoveryPrompt([&](const QString &rec, const QString &proj) {
            asked << rec << proj;
            return RecoveryChoice::Restore;
        });
        QVERIFY(w->openProject(project));
        QCOMPARE(asked, (QStringList{file, project}));
        QVERIFY(w->document()->project() == edited);
        QCOMPARE(w->document()->filePath(), project);
        QVERIFY(w->document()->isModified()); // not yet in the project file
        QVERIFY(w->isWindowModified());
        QVERIFY(QFile::exists(file)); // kept until saved: a second crash still finds it
        QVERIFY(w->save());
        QVERIFY(!QFile::exists(file));
        QVERIFY(loadProject(QFile::encodeName(project).toStdString()) == edited);
    }

    void crashThenDiscardDeletesTheRecoveryFile()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.fuselab"));
        const QString recovery = dir.filePath(QStringLiteral("recovery"));
        QString file;
        Project original;
        {
            auto w = window(recovery);
            QVERIFY(w->saveProjectAs(project));
            original = w->document()->project();
            editCore(*w);
            waitForAutosave(*w);
            file = w->autosave()->recoveryFile();
        }
        QVERIFY(QFile::exists(file));
        auto w = window(recovery);
        int asked = 0;
        w->setRecoveryPrompt([&](const QString &, const QString &) {
            ++asked;
            return RecoveryChoice::Discard;
        });
        QVERIFY(w->openProject(project));
        QCOMPARE(asked, 1);
        QVERIFY(!QFile::exists(file));
        QVERIFY(w->document()->project() == original);
        QVERIFY(!w->document()->isModified());
        // Opened again: nothing left to offer.
        QVERIFY(w->openProject(project));
        QCOMPARE(asked, 1);
    }

    void untitledProjectIsRecoveredAtStart()
    {
        QTemporaryDir dir;
        const QString recovery = dir.filePath(QStringLiteral("recovery"));
        const Project edited = crashAfterAnEdit(QString(), recovery).edited;
        auto w = window(recovery);
        QVERIFY(!(w->document()->project() == edited)); // starts on the default project
        w->setRecoveryPrompt([](const QString &, const QString &proj) {
            return proj.isEmpty() ? RecoveryChoice::Restore : RecoveryChoice::Discard;
        });
        QVERIFY(w->offerRecovery()); // what main() does at start
        QVERIFY(w->document()->project().accelerator == edited.accelerator);
        QVERIFY(w->document()->project().workload == edited.workload);
        QVERIFY(w->document()->filePath().isEmpty());
    }

    void cleanCloseRemovesTheRecoveryFile()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.fuselab"));
        const QString recovery = dir.filePath(QStringLiteral("recovery"));
        auto w = window(recovery);
        QVERIFY(w->saveProjectAs(project));
        editCore(*w);
        waitForAutosave(*w);
        const QString file = w->autosave()->recoveryFile();
        w->show();
        QVERIFY(w->close()); // non-interactive: closes without asking
        QVERIFY(!QFile::exists(file));
        // The next start has nothing to offer.
        auto again = window(recovery);
        int asked = 0;
        again->setRecoveryPrompt([&](const QString &, const QString &) {
            ++asked;
            return RecoveryChoice::Restore;
        });
        QVERIFY(again->openProject(project));
        QCOMPARE(asked, 0);
        QVERIFY(!again->document()->isModified());
    }

    void twoWindowsOnOneProjectKeepTheirOwnCopies()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.fuselab"));
        const QString recovery = dir.filePath(QStringLiteral("recovery"));
        auto a = window(recovery);
        QVERIFY(a->saveProjectAs(project));
        auto b = window(recovery);
        QVERIFY(b->openProject(project));
        editCore(*a, 7);
        editCore(*b, 9);
        waitForAutosave(*a); // each copy holds its own window's content
        waitForAutosave(*b);
        const QString fa = a->autosave()->recoveryFile(), fb = b->autosave()->recoveryFile();
        QVERIFY(fa != fb);
        // A third window on the project is not offered the running windows' copies.
        int asked = 0;
        auto c = window(recovery);
        c->setRecoveryPrompt([&](const QString &, const QString &) {
            ++asked;
            return RecoveryChoice::Discard;
        });
        QVERIFY(c->openProject(project));
        QCOMPARE(asked, 0);
        QVERIFY(QFile::exists(fa) && QFile::exists(fb));
        // b closes cleanly: its copy goes, a's stays.
        b->show();
        QVERIFY(b->close());
        QVERIFY(!QFile::exists(fb));
        QVERIFY(QFile::exists(fa));
        // a crashes: the next window is offered a's copy and gets a's content back.
        const Project edited = a->document()->project();
        a.reset();
        auto d = window(recovery);
        QString offered;
        d->setRecoveryPrompt([&](const QString &rec, const QString &) {
            offered = rec;
            return RecoveryChoice::Restore;
        });
        QVERIFY(d->openProject(project));
        QCOMPARE(offered, fa);
        QVERIFY(d->document()->project() == edited);
        QCOMPARE(d->document()->project().accelerator.cores[0].rows, 7);
        // d now writes that copy: a later autosave of d goes there, not to a new file.
        QCOMPARE(d->autosave()->recoveryFile(), fa);
    }

    void lockLeftByAKilledProcessIsStale()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.fuselab"));
        const QString recovery = dir.filePath(QStringLiteral("recovery"));
        const auto [file, edited] = crashAfterAnEdit(project, recovery);
        QVERIFY(QFile::exists(file));
        // What kill -9 leaves: the lock file of a process that is gone (a child that takes the
        // lock and exits without unlocking).
        const pid_t child = fork();
        if (child == 0) {
            QLockFile lock(file + QStringLiteral(".lock"));
            lock.setStaleLockTime(0);
            _exit(lock.tryLock(0) ? 0 : 1);
        }
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        QVERIFY(QFile::exists(file + QStringLiteral(".lock")));
        auto w = window(recovery);
        QString offered;
        w->setRecoveryPrompt([&](const QString &rec, const QString &) {
            offered = rec;
            return RecoveryChoice::Restore;
        });
        QVERIFY(w->openProject(project));
        QCOMPARE(offered, file);
        QVERIFY(w->document()->project() == edited);
    }

    void recoveryOlderThanTheProjectIsNotOffered()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.fuselab"));
        const QString recovery = dir.filePath(QStringLiteral("recovery"));
        const QString file = crashAfterAnEdit(project, recovery).file;
        QVERIFY(QFile::exists(file));
        // The project was saved later (e.g. by fuselab-cli): the recovery copy is older.
        QFile f(project);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QFileInfo(file).lastModified().addSecs(60), QFileDevice::FileModificationTime));
        f.close();
        auto w = window(recovery);
        int asked = 0;
        w->setRecoveryPrompt([&](const QString &, const QString &) {
            ++asked;
            return RecoveryChoice::Restore;
        });
        QVERIFY(w->openProject(project));
        QCOMPARE(asked, 0);
    }
};

QTEST_MAIN(TestGuiAutosave)
#include "tst_gui_autosave.moc"
