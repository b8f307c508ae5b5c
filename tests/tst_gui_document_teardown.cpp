// SPDX-License-Identifier: GPL-3.0-or-later
// Regression (found by UBSan in tst_gui_main_window): destroying a ProjectDocument whose undo
// stack holds edits must notify nobody. QUndoStack's destructor clears the stack and would emit
// indexChanged / cleanChanged (and through them modifiedChanged); the main window, which owns
// the document as a child, received them after its own destructor had run.
#include "document/project_document.h"
#include "workload/zoo.h"

#include <QTest>
#include <QUndoStack>

using namespace fuselab;

class TestDocumentTeardown : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void destroyingAnEditedDocumentEmitsNothing()
    {
        auto *doc = new ProjectDocument;
        Project p;
        p.workload = *zooModel("lenet5");
        doc->resetProject(p);
        Workload w = doc->workload();
        w.name = "edited";
        doc->editWorkload(w, QStringLiteral("rename"));
        QVERIFY(doc->undoStack()->count() == 1 && doc->isModified()); // the stack has something to clear

        int emitted = 0;
        QObject listener;
        connect(doc->undoStack(), &QUndoStack::indexChanged, &listener, [&] { ++emitted; });
        connect(doc->undoStack(), &QUndoStack::cleanChanged, &listener, [&] { ++emitted; });
        connect(doc, &ProjectDocument::modifiedChanged, &listener, [&] { ++emitted; });
        delete doc;
        QCOMPARE(emitted, 0);
    }
};

QTEST_MAIN(TestDocumentTeardown)
#include "tst_gui_document_teardown.moc"
