// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/layer_properties_panel.h"

#include "document/project_document.h"
#include "cost/level_energy.h"
#include "graph/graph_edits.h"
#include "graph/level_energy_chart.h"
#include "hardware/presets.h"
#include "graph/op_style.h"
#include "workload/shape_propagation.h"
#include "util/memory_names.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QLocale>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace fuselab {

namespace {
constexpr int kMaxDim = 1 << 24;

QWidget *row(QWidget *parent, std::initializer_list<QWidget *> widgets)
{
    auto *w = new QWidget(parent);
    auto *h = new QHBoxLayout(w);
    h->setContentsMargins(0, 0, 0, 0);
    h->setSpacing(4);
    for (QWidget *x : widgets)
        h->addWidget(x);
    h->addStretch();
    return w;
}

QLabel *small(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setStyleSheet(QStringLiteral("color: #666;"));
    return l;
}
} // namespace

LayerPropertiesPanel::LayerPropertiesPanel(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), doc_(doc), header_(new QLabel(this)), problems_(new QLabel(this))
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    header_->setTextFormat(Qt::RichText);
    header_->setWordWrap(true);
    header_->setContentsMargins(8, 8, 8, 4);
    outer->addWidget(header_);
    problems_->setWordWrap(true);
    problems_->setContentsMargins(8, 0, 8, 4);
    problems_->setStyleSheet(QStringLiteral("color: #c01010;"));
    problems_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problems_->hide();
    outer->addWidget(problems_);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    outer->addWidget(scroll, 1);
    body_ = new QWidget(scroll);
    scroll->setWidget(body_);
    auto *v = new QVBoxLayout(body_);

    attributes_ = new QGroupBox(tr("Attributes"), body_);
    auto *form = new QFormLayout(attributes_);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->setRowWrapPolicy(QFormLayout::WrapAllRows); // a narrow sidebar: labels above fields
    fixedAttrs_ = new QLabel(attributes_);
    fixedAttrs_->setWordWrap(true);
    fixedAttrs_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(fixedAttrs_);
    const QString times = QStringLiteral("\u00d7");
    form->addRow(tr("Channels C \u2192 K"), row(attributes_, {addSpin(QStringLiteral("C"), 1, kMaxDim),
                                                              small(QStringLiteral("\u2192"), attributes_),
                                                              addSpin(QStringLiteral("K"), 1, kMaxDim)}));
    form->addRow(tr("Kernel FY \u00d7 FX"),
                 row(attributes_, {addSpin(QStringLiteral("FY"), 1, 4096), small(times, attributes_),
                                   addSpin(QStringLiteral("FX"), 1, 4096)}));
    form->addRow(tr("Stride Y, X"), row(attributes_, {addSpin(QStringLiteral("strideY"), 1, 4096),
                                                      addSpin(QStringLiteral("strideX"), 1, 4096)}));
    form->addRow(tr("Padding T, L, B, R"), row(attributes_, {addSpin(QStringLiteral("padTop"), 0, 4096),
                                                             addSpin(QStringLiteral("padLeft"), 0, 4096),
                                                             addSpin(QStringLiteral("padBottom"), 0, 4096),
                                                             addSpin(QStringLiteral("padRight"), 0, 4096)}));
    form->addRow(tr("Precision I, W, O (bits)"), row(attributes_, {addSpin(QStringLiteral("bitsI"), 1, 64),
                                                                   addSpin(QStringLiteral("bitsW"), 0, 64),
                                                                   addSpin(QStringLiteral("bitsO"), 1, 64)}));
    v->addWidget(attributes_);

    inputs_ = new QGroupBox(tr("Inputs"), body_);
    auto *iv = new QVBoxLayout(inputs_);
    inputsLayout_ = new QVBoxLayout;
    iv->addLayout(inputsLayout_);
    addInput_ = new QComboBox(inputs_);
    addInput_->setToolTip(tr("Connect another producer as a new input (e.g. the skip branch of an add)"));
    iv->addWidget(addInput_);
    connect(addInput_, &QComboBox::activated, this, [this](int index) {
        const int t = addInput_->itemData(index).toInt();
        if (t >= 0 && !updating_)
            graphedit::connectInput(doc_, layer_, static_cast<int>(inputPickers_.size()), t);
    });
    v->addWidget(inputs_);

    auto *outBox = new QGroupBox(tr("Outputs"), body_);
    outputs_ = new QLabel(outBox);
    outputs_->setWordWrap(true);
    outputs_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    (new QVBoxLayout(outBox))->addWidget(outputs_);
    v->addWidget(outBox);

    auto *costBox = new QGroupBox(tr("Work and bytes"), body_);
    cost_ = new QLabel(costBox);
    cost_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    (new QVBoxLayout(costBox))->addWidget(cost_);
    v->addWidget(costBox);

    coreBox_ = new QGroupBox(tr("On its core"), body_);
    auto *cv = new QVBoxLayout(coreBox_);
    // The model's verdict wraps with the dock; the loop nest is a table in a fixed font, so
    // it keeps its columns and is shown only when the core has a loop-nest model.
    coreSummary_ = new QLabel(coreBox_);
    coreSummary_->setWordWrap(true);
    coreSummary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    cv->addWidget(coreSummary_);
    loopNest_ = new QLabel(coreBox_);
    loopNest_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    loopNest_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    cv->addWidget(loopNest_);
    auto *caption = small(tr("Energy per level, as fuselab-cli cost --detail prints it"), coreBox_);
    caption->setWordWrap(true);
    cv->addWidget(caption);
    levelChart_ = new LevelEnergyChart(coreBox_);
    levelChart_->setObjectName(QStringLiteral("levelEnergyChart"));
    cv->addWidget(levelChart_);
    v->addWidget(coreBox_);

    auto *insert = new QPushButton(tr("Insert layer after"), body_);
    insert->setObjectName(QStringLiteral("insertLayerButton"));
    insert->setToolTip(tr("Insert a 3\u00d73 conv after this layer (Insert)"));
    auto *remove = new QPushButton(tr("Delete layer"), body_);
    remove->setObjectName(QStringLiteral("deleteLayerButton"));
    remove->setToolTip(tr("Delete this layer; its consumers read its input instead (Delete)"));
    connect(insert, &QPushButton::clicked, this, [this] { graphedit::insertLayerAfter(doc_, layer_); });
    connect(remove, &QPushButton::clicked, this, [this] { graphedit::deleteLayer(doc_, layer_); });
    v->addWidget(row(body_, {insert, remove}));
    v->addStretch();

    connect(doc_, &ProjectDocument::selectedLayerChanged, this, &LayerPropertiesPanel::showLayer);
    connect(doc_, &ProjectDocument::workloadChanged, this, &LayerPropertiesPanel::refresh);
    connect(doc_, &ProjectDocument::acceleratorChanged, this, &LayerPropertiesPanel::refresh);
    connect(doc_, &ProjectDocument::runsChanged, this, &LayerPropertiesPanel::refresh);
    showLayer(doc_->selectedLayer());
}

QSpinBox *LayerPropertiesPanel::addSpin(const QString &name, int min, int max)
{
    auto *s = new QSpinBox(this);
    s->setObjectName(name);
    s->setRange(min, max);
    s->setKeyboardTracking(false);
    s->setAccelerated(true);
    s->setMinimumWidth(58);
    fields_.insert(name, s);
    connect(s, &QSpinBox::editingFinished, this, &LayerPropertiesPanel::applyEdits);
    return s;
}

QSpinBox *LayerPropertiesPanel::field(const QString &name) const
{
    return fields_.value(name, nullptr);
}

QComboBox *LayerPropertiesPanel::inputPicker(int operand) const
{
    return operand >= 0 && operand < inputPickers_.size() ? inputPickers_[operand] : nullptr;
}

QString LayerPropertiesPanel::problemText() const
{
    return problems_->isHidden() ? QString() : problems_->text();
}

QString LayerPropertiesPanel::summaryText() const
{
    return fixedAttrs_->text() + QLatin1Char('\n') + outputs_->text() + QLatin1Char('\n') + cost_->text();
}

void LayerPropertiesPanel::showLayer(int layer)
{
    layer_ = layer;
    refresh();
}

void LayerPropertiesPanel::refresh()
{
    const Workload &w = doc_->workload();
    if (layer_ < 0 || layer_ >= static_cast<int>(w.layers.size())) {
        header_->setText(
            tr("<b>No layer selected</b><br><span style='color:#666'>Click a node in the graph.</span>"));
        body_->setEnabled(false);
        body_->setVisible(false);
        problems_->hide();
        return;
    }
    updating_ = true;
    body_->setVisible(true);
    body_->setEnabled(true);
    const Layer &l = w.layers[static_cast<size_t>(layer_)];
    const QColor color = categoryColor(opCategory(l));
    header_->setText(
        QStringLiteral("<span style='background:%1; color:white; font-weight:bold'>&nbsp;%2&nbsp;</span>"
                       " &nbsp;<b>%3</b>")
            .arg(color.name(), opTitle(l).toHtmlEscaped(), QString::fromStdString(l.name).toHtmlEscaped()));

    QString fixed =
        tr("op: %1 (source: %2), groups %3, dilation %4\u00d7%5, input %6\u00d7%7")
            .arg(QString::fromUtf8(toString(l.op).data(), static_cast<qsizetype>(toString(l.op).size())),
                 l.sourceOp.empty() ? tr("built in") : QString::fromStdString(l.sourceOp))
            .arg(l.groups)
            .arg(l.dilationY)
            .arg(l.dilationX)
            .arg(l.iy)
            .arg(l.ix);
    if (!l.folded.empty()) {
        QStringList f;
        for (const auto &s : l.folded)
            f << QString::fromStdString(s);
        fixed += QLatin1Char('\n') + tr("folded: %1").arg(f.join(QStringLiteral(", ")));
    }
    fixedAttrs_->setText(fixed);

    // The problems that name this layer, as the graph marks them on its node.
    QStringList mine;
    const std::string tag = "layer '" + l.name + "'";
    std::vector<std::string> all = w.validate();
    for (auto &p : shapeProblems(w))
        all.push_back(std::move(p));
    for (const auto &p : all)
        if (p.find(tag) != std::string::npos)
            mine << QStringLiteral("\u26a0 ") + QString::fromStdString(p);
    problems_->setText(mine.join(QLatin1Char('\n')));
    problems_->setVisible(!mine.isEmpty());

    auto set = [this](const char *name, int64_t v) {
        fields_.value(QLatin1String(name))->setValue(static_cast<int>(v));
    };
    set("C", l.dims.c);
    set("K", l.dims.k);
    set("FY", l.dims.fy);
    set("FX", l.dims.fx);
    set("strideY", l.strideY);
    set("strideX", l.strideX);
    set("padTop", l.padTop);
    set("padLeft", l.padLeft);
    set("padBottom", l.padBottom);
    set("padRight", l.padRight);
    set("bitsI", l.precision.i);
    set("bitsW", l.precision.w);
    set("bitsO", l.precision.o);
    // Only what the op has: channels for MAC ops, a window for conv / pool.
    const bool mac = isMacOp(l.op);
    const bool window = isWindowed(l.op) && l.op != OpType::Resize;
    for (const char *n : {"C", "K"})
        fields_.value(QLatin1String(n))->setEnabled(mac);
    for (const char *n : {"FY", "FX", "strideY", "strideX", "padTop", "padLeft", "padBottom", "padRight"})
        fields_.value(QLatin1String(n))->setEnabled(window);

    rebuildInputs();

    const auto cons = w.consumers();
    QString outText;
    if (l.output >= 0 && l.output < static_cast<int>(w.tensors.size())) {
        const Tensor &t = w.tensors[static_cast<size_t>(l.output)];
        outText = tr("%1: %2, %3 bit, %4")
                      .arg(QString::fromStdString(t.name), shapeText(t))
                      .arg(t.bits)
                      .arg(bytesText(t.bytes()));
        QStringList names;
        for (LayerId c : cons[static_cast<size_t>(l.output)])
            names << QString::fromStdString(w.layers[static_cast<size_t>(c)].name);
        outText +=
            QLatin1Char('\n') +
            (names.isEmpty() ? tr("graph output") : tr("read by: %1").arg(names.join(QStringLiteral(", "))));
    }
    outputs_->setText(outText);

    int64_t inBytes = 0;
    for (TensorId t : l.inputs)
        if (t >= 0 && t < static_cast<int>(w.tensors.size()))
            inBytes += w.tensors[static_cast<size_t>(t)].bytes();
    const int64_t outBytes = l.output >= 0 && l.output < static_cast<int>(w.tensors.size())
                                 ? w.tensors[static_cast<size_t>(l.output)].bytes()
                                 : 0;
    QStringList cost;
    if (l.macs() > 0)
        cost << tr("MACs: %1").arg(countText(l.macs()));
    if (l.vectorOps() > 0)
        cost << tr("Vector ops: %1").arg(countText(l.vectorOps()));
    if (l.hasWeights)
        cost << tr("Weights: %1 (%2 elements)").arg(bytesText(l.weightBytes()), countText(l.weightCount()));
    cost << tr("Input tensors: %1").arg(bytesText(inBytes))
         << tr("Output tensor: %1").arg(bytesText(outBytes));
    cost_->setText(cost.join(QLatin1Char('\n')));
    refreshCoreDetail(l);
    updating_ = false;
}

QString LayerPropertiesPanel::loopNestText() const
{
    return loopNest_->isVisibleTo(coreBox_) ? coreSummary_->text() + QLatin1Char('\n') + loopNest_->text()
                                            : coreSummary_->text();
}

void LayerPropertiesPanel::refreshCoreDetail(const Layer &l)
{
    const Accelerator &acc = doc_->accelerator();
    // The core of the latest run of this design that places this layer, else the fastest that
    // can run it (a run of an earlier design numbers other layers and cores).
    detailCore_ = -1;
    const auto &runs = doc_->runs();
    for (auto r = runs.rbegin(); r != runs.rend() && detailCore_ < 0; ++r)
        if (r->design.fingerprint == doc_->designFingerprint() && layer_ < static_cast<int>(r->plan.core.size()) &&
            r->plan.core[static_cast<size_t>(layer_)] >= 0 &&
            r->plan.core[static_cast<size_t>(layer_)] < static_cast<int>(acc.cores.size()))
            detailCore_ = r->plan.core[static_cast<size_t>(layer_)];
    if (detailCore_ < 0)
        detailCore_ = fastestCapableCore(l, acc);
    if (detailCore_ < 0 || !canRunOn(l, acc.cores[static_cast<size_t>(detailCore_)], acc)) {
        detailCore_ = -1;
        coreBox_->setTitle(tr("On its core"));
        coreSummary_->setText(tr("No core of the accelerator runs this layer."));
        loopNest_->hide();
        levelChart_->setBars({}, {});
        return;
    }
    const Core &core = acc.cores[static_cast<size_t>(detailCore_)];
    LayerLevelDetail d;
    try {
        d = layerLevelDetail(l, core, acc, MappingObjective::Energy);
    } catch (const std::exception &e) { // a layer being edited into an impossible shape
        coreSummary_->setText(QString::fromStdString(e.what()));
        loopNest_->hide();
        levelChart_->setBars({}, {});
        return;
    }
    coreBox_->setTitle(tr("On core %1 (%2)")
                           .arg(QString::fromStdString(core.name),
                                QString::fromUtf8(toString(core.kind).data(),
                                                  static_cast<qsizetype>(toString(core.kind).size()))));
    const QString kind = QString::fromUtf8(toString(core.kind).data(), static_cast<qsizetype>(toString(core.kind).size()));
    const QString cycles = tr("%1 cycles, utilization %2 %")
                               .arg(QLocale(QLocale::English).toString(static_cast<qlonglong>(d.compute.cycles)))
                               .arg(100 * d.compute.utilization, 0, 'f', 1);
    if (d.loopNest) {
        coreSummary_->setText(tr("The loop nest of least energy, outermost first, and the memory level "
                                 "that holds each loop for I, W and O: %1.")
                                  .arg(cycles));
        // A table narrow enough for the dock: the core's own levels without the "core." prefix
        // (the title names the core), one column per operand.
        auto shortName = [&core](const std::string &level) {
            return QString::fromStdString(memoryShortName(core.name, level));
        };
        qsizetype loopW = 4, levelW = 1;
        for (const NestLine &n : d.loops) {
            loopW = std::max(loopW, static_cast<qsizetype>(n.loop.size()));
            if (!n.spatial)
                for (const std::string &lv : n.level)
                    levelW = std::max(levelW, shortName(lv).size());
        }
        auto row = [&](const QString &loop, const QStringList &cells) {
            QString line = loop.leftJustified(loopW + 1);
            for (const QString &c : cells)
                line += c.leftJustified(levelW + 1);
            return line.trimmed();
        };
        QStringList lines{row(tr("loop"), {QStringLiteral("I"), QStringLiteral("W"), QStringLiteral("O")})};
        for (const NestLine &n : d.loops)
            lines << (n.spatial ? row(QString::fromStdString(n.loop), {tr("array %1").arg(QString::fromStdString(n.level[0]))})
                                : row(QString::fromStdString(n.loop),
                                      {shortName(n.level[0]), shortName(n.level[1]), shortName(n.level[2])}));
        loopNest_->setText(lines.join(QLatin1Char('\n')));
        loopNest_->show();
    } else {
        coreSummary_->setText(tr("The %1 model costs this layer without a loop nest: %2.").arg(kind, cycles));
        loopNest_->hide();
    }
    QStringList names{tr("MAC")};
    std::vector<double> values{d.macEnergy};
    for (const LevelEnergy &lv : d.levels) {
        names << QString::fromStdString(lv.name);
        values.push_back(lv.energyPj);
    }
    levelChart_->setBars(names, values);
}

void LayerPropertiesPanel::fillTensorPicker(QComboBox *box, int current) const
{
    const Workload &w = doc_->workload();
    const Layer &l = w.layers[static_cast<size_t>(layer_)];
    box->clear();
    for (int t = 0; t < static_cast<int>(w.tensors.size()); ++t) {
        if (t == l.output)
            continue; // reading its own output is never meant
        const Tensor &tensor = w.tensors[static_cast<size_t>(t)];
        const QString from = tensor.producer >= 0 && tensor.producer < static_cast<int>(w.layers.size())
                                 ? QString::fromStdString(w.layers[static_cast<size_t>(tensor.producer)].name)
                                 : tr("graph input");
        box->addItem(QStringLiteral("%1  \u2190 %2  (%3)")
                         .arg(QString::fromStdString(tensor.name), from, shapeText(tensor)),
                     t);
        if (t == current)
            box->setCurrentIndex(box->count() - 1);
    }
}

void LayerPropertiesPanel::rebuildInputs()
{
    for (QComboBox *b : std::as_const(inputPickers_)) {
        b->parentWidget()->hide(); // deleted later: a picker may be the sender of this refresh
        b->parentWidget()->deleteLater();
    }
    inputPickers_.clear();
    const Workload &w = doc_->workload();
    const Layer &l = w.layers[static_cast<size_t>(layer_)];
    for (int i = 0; i < static_cast<int>(l.inputs.size()); ++i) {
        auto *box = new QComboBox(inputs_);
        box->setObjectName(QStringLiteral("input%1").arg(i));
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(18);
        fillTensorPicker(box, l.inputs[static_cast<size_t>(i)]);
        connect(box, &QComboBox::activated, this, [this, box, i](int index) {
            if (!updating_)
                graphedit::connectInput(doc_, layer_, i, box->itemData(index).toInt());
        });
        auto *rowWidget = new QWidget(inputs_);
        auto *h = new QHBoxLayout(rowWidget);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(small(QStringLiteral("#%1").arg(i), rowWidget));
        h->addWidget(box, 1);
        box->setParent(rowWidget);
        if (l.inputs.size() > 1) {
            auto *drop = new QToolButton(rowWidget);
            drop->setText(QStringLiteral("\u2715"));
            drop->setToolTip(tr("Disconnect this input"));
            connect(drop, &QToolButton::clicked, this,
                    [this, i] { graphedit::disconnectInput(doc_, layer_, i); });
            h->addWidget(drop);
        }
        inputsLayout_->addWidget(rowWidget);
        inputPickers_ << box;
    }
    addInput_->clear();
    addInput_->addItem(tr("Add input from\u2026"), -1);
    QComboBox tmp;
    fillTensorPicker(&tmp, -1);
    for (int i = 0; i < tmp.count(); ++i)
        addInput_->addItem(tmp.itemText(i), tmp.itemData(i));
    addInput_->setCurrentIndex(0);
}

void LayerPropertiesPanel::applyEdits()
{
    if (updating_)
        return;
    const Workload &w = doc_->workload();
    if (layer_ < 0 || layer_ >= static_cast<int>(w.layers.size()))
        return;
    Layer e = w.layers[static_cast<size_t>(layer_)];
    auto get = [this](const char *name) { return fields_.value(QLatin1String(name))->value(); };
    e.dims.c = get("C");
    e.dims.k = get("K");
    e.dims.fy = get("FY");
    e.dims.fx = get("FX");
    e.strideY = get("strideY");
    e.strideX = get("strideX");
    e.padTop = get("padTop");
    e.padLeft = get("padLeft");
    e.padBottom = get("padBottom");
    e.padRight = get("padRight");
    e.precision = {get("bitsI"), get("bitsW"), get("bitsO")};
    graphedit::editLayerFields(doc_, layer_, e);
}

} // namespace fuselab
