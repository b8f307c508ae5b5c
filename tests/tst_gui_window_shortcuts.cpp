// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's Undo / Redo: Ctrl+Z undoes the last project edit while a property field
// has the focus (a field with its own typing to undo keeps it), and the tool bar's buttons do
// not move when the Undo text changes length.
#include "document/project_document.h"
#include "floorplan/block_inspector.h"
#include "floorplan/floorplan_editor.h"
#include "gui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QToolBar>
#include <QUndoStack>

using namespace fuselab;

class TestGuiWindowShortcuts : public QObject {
    Q_OBJECT

    static void renameHardware(MainWindow &w, const std::string &name, const QString &text)
    {
        Accelerator a = w.document()->accelerator();
        a.name = name;
        w.document()->editAccelerator(a, text);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void undoFromAPropertyField()
    {
        MainWindow w(MainWindow::Options{false, false});
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QUndoStack *stack = w.document()->undoStack();
        const std::string before = w.document()->accelerator().name;
        renameHardware(w, "renamed", QStringLiteral("Rename the accelerator"));
        QCOMPARE(stack->index(), 1);
        // A field of the properties panel takes the focus (nothing typed in it).
        w.floorplanEditor()->select(BlockRef{BlockRef::Core, w.document()->accelerator().cores.front().name});
        QApplication::processEvents();
        QLineEdit *field = nullptr;
        for (QLineEdit *e : w.inspector()->findChildren<QLineEdit *>())
            if (e->isVisible() && e->isEnabled() && !e->isReadOnly()) {
                field = e;
                break;
            }
        QVERIFY(field);
        field->setFocus();
        QTRY_VERIFY(field->hasFocus());
        QTest::keyClick(field, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stack->index(), 0);
        QCOMPARE(w.document()->accelerator().name, before);
        QTest::keySequence(field, w.redoAction()->shortcut()); // Ctrl+Shift+Z or Ctrl+Y by platform
        QCOMPARE(stack->index(), 1);
        // Typing in the field: Ctrl+Z undoes the typing first, the project is untouched.
        const QString text = field->text();
        QTest::keyClicks(field, QStringLiteral("xy"));
        QTest::keyClick(field, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stack->index(), 1);
        QVERIFY(field->text() != text + QStringLiteral("xy"));
    }

    void toolBarButtonsStayPut()
    {
        MainWindow w(MainWindow::Options{false, false});
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *bar = w.findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        QVERIFY(bar);
        QWidget *last = bar->widgetForAction(bar->actions().constLast());
        QVERIFY(last);
        const int x0 = last->mapTo(bar, QPoint(0, 0)).x();
        renameHardware(w, "a", QStringLiteral("A much longer command name than before, to widen a text button"));
        QApplication::processEvents();
        const int x1 = last->mapTo(bar, QPoint(0, 0)).x();
        QCOMPARE(x1, x0);
        QCOMPARE(w.undoAction()->text(),
                 QStringLiteral("&Undo A much longer command name than before, to widen a text button"));
    }
};

QTEST_MAIN(TestGuiWindowShortcuts)
#include "tst_gui_window_shortcuts.moc"
