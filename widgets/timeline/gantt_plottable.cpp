// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/gantt_plottable.h"

#include "timeline/timeline_palette.h"

#include <cmath>

namespace fuselab::timeline {

namespace {
const QColor kBand(0xf4, 0xf5, 0xf7);
const QColor kOutline(0x1a, 0x1a, 0x1a);
const QColor kArrow(0x33, 0x33, 0x33);
constexpr double kFadeOthers = 0.72; ///< how much tiles outside the selected layer fade
constexpr double kMinLabelWidth = 44.0;
} // namespace

GanttPlottable::GanttPlottable(QCPAxis *keyAxis, QCPAxis *valueAxis)
    : QCPAbstractPlottable(keyAxis, valueAxis)
{
    setSelectable(QCP::stNone);
    labelFont_.setPixelSize(11);
}

void GanttPlottable::setTimeline(std::shared_ptr<const TimelineData> data)
{
    data_ = std::move(data);
    index_.clear();
    if (data_)
        for (const Track &t : data_->tracks)
            index_.emplace_back(t);
    selectedSlice_ = {};
    arrows_.clear();
}

QCPRange GanttPlottable::getKeyRange(bool &foundRange, QCP::SignDomain) const
{
    foundRange = data_ && data_->endCycle > 0;
    return QCPRange(0.0, data_ ? static_cast<double>(data_->endCycle) : 1.0);
}

QCPRange GanttPlottable::getValueRange(bool &foundRange, QCP::SignDomain, const QCPRange &) const
{
    foundRange = data_ && !data_->tracks.empty();
    return QCPRange(-0.5, data_ ? static_cast<double>(data_->tracks.size()) - 0.5 : 0.5);
}

QString GanttPlottable::sliceLabel(const Slice &s) const
{
    QString name = s.layer >= 0 && s.layer < static_cast<int>(data_->layerNames.size())
                       ? QString::fromStdString(data_->layerNames[static_cast<std::size_t>(s.layer)])
                       : QStringLiteral("?");
    if (s.operand >= 0)
        name = QLatin1String(operandName(s.operand)) + QLatin1Char(' ') + name;
    if (s.tile >= 0)
        name += QStringLiteral(" #") + QString::number(s.tile);
    return name;
}

QRectF GanttPlottable::sliceRect(SliceRef ref) const
{
    const Slice &s =
        data_->tracks[static_cast<std::size_t>(ref.track)].slices[static_cast<std::size_t>(ref.slice)];
    const double x0 = mKeyAxis->coordToPixel(static_cast<double>(s.start));
    const double x1 = mKeyAxis->coordToPixel(static_cast<double>(s.end));
    const double ya = mValueAxis->coordToPixel(ref.track - kRowHalfHeight);
    const double yb = mValueAxis->coordToPixel(ref.track + kRowHalfHeight);
    return QRectF(QPointF(std::min(x0, x1), std::min(ya, yb)), QPointF(std::max(x0, x1), std::max(ya, yb)));
}

void GanttPlottable::draw(QCPPainter *painter)
{
    lastDrawn_ = 0;
    if (!data_ || mKeyAxis.isNull() || mValueAxis.isNull())
        return;
    const QCPAxis *xAxis = mKeyAxis.data();
    const QCPAxis *yAxis = mValueAxis.data();
    const QRect area = xAxis->axisRect()->rect();
    const TimeAxisMapping map{{xAxis->range().lower, xAxis->range().upper},
                              static_cast<double>(area.left()),
                              static_cast<double>(area.width())};
    if (!(map.time.span() > 0.0) || area.width() <= 0)
        return;
    painter->setAntialiasing(false);
    painter->setPen(Qt::NoPen);
    painter->setFont(labelFont_);
    const QFontMetricsF fm(labelFont_, painter->device());

    for (std::size_t ti = 0; ti < data_->tracks.size(); ++ti) {
        const auto row = static_cast<double>(ti);
        const double bandA = yAxis->coordToPixel(row - 0.5);
        const double bandB = yAxis->coordToPixel(row + 0.5);
        if (ti % 2 == 1) // light bands on alternate rows guide the eye along a track
            painter->fillRect(
                QRectF(area.left(), std::min(bandA, bandB), area.width(), std::abs(bandB - bandA)), kBand);
        const double ya = yAxis->coordToPixel(row - kRowHalfHeight);
        const double yb = yAxis->coordToPixel(row + kRowHalfHeight);
        const double top = std::min(ya, yb);
        const double height = std::abs(yb - ya);
        const Track &track = data_->tracks[ti];
        const std::vector<DrawRect> rects = mergeForDrawing(track, index_[ti], map, colorBy_, selectedLayer_);
        lastDrawn_ += rects.size();
        const bool labels = height >= fm.height() + 2.0;
        for (const DrawRect &r : rects) {
            const Slice &s = track.slices[static_cast<std::size_t>(r.slice)];
            QColor c = keyColor(colorKey(s, colorBy_, data_.get()));
            if (selectedLayer_ >= 0 && s.layer != selectedLayer_)
                c = faded(c, kFadeOthers);
            const double w = r.x1 - r.x0;
            // A one-pixel gap between whole tiles shows tile boundaries; merged runs stay solid.
            const double gap = r.count == 1 && w >= 4.0 ? 1.0 : 0.0;
            const QRectF rect(r.x0, top, w - gap, height);
            painter->fillRect(rect, c);
            if (labels && r.count == 1 && w >= kMinLabelWidth) {
                const QString full = sliceLabel(s);
                const QString text = elideLabels_ ? fm.elidedText(full, Qt::ElideRight, w - gap - 8.0)
                                     : fm.horizontalAdvance(full) <= w - gap - 8.0 ? full
                                                                                     : QString();
                if (!text.isEmpty() && text != QStringLiteral("\u2026")) {
                    painter->setPen(textColorOn(c));
                    painter->drawText(rect.adjusted(4.0, 0.0, -4.0, 0.0), Qt::AlignLeft | Qt::AlignVCenter,
                                      text);
                    painter->setPen(Qt::NoPen);
                }
            }
        }
    }

    if (selectedSlice_.valid() && selectedSlice_.track < static_cast<int>(data_->tracks.size()) &&
        selectedSlice_.slice <
            static_cast<int>(data_->tracks[static_cast<std::size_t>(selectedSlice_.track)].slices.size())) {
        QRectF r = sliceRect(selectedSlice_);
        if (r.width() < 3.0) // keep a selected sub-pixel tile visible
            r.adjust(-(3.0 - r.width()) / 2, 0, (3.0 - r.width()) / 2, 0);
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(kOutline, 2.0));
        painter->drawRect(r.adjusted(-1.0, -1.0, 1.0, 1.0));
        painter->setPen(Qt::NoPen);
    }
    drawArrows(painter);
}

void GanttPlottable::drawArrows(QCPPainter *painter) const
{
    if (arrows_.empty())
        return;
    painter->setAntialiasing(true);
    painter->setPen(QPen(kArrow, 1.3));
    painter->setBrush(kArrow);
    for (const auto &[from, to] : arrows_) {
        if (!from.valid() || !to.valid())
            continue;
        const QRectF a = sliceRect(from);
        const QRectF b = sliceRect(to);
        const QPointF p0(a.right(), a.center().y());
        const QPointF p1(b.left(), b.center().y());
        // A gentle S-curve from producer end to consumer start, with an arrow head.
        QPainterPath path(p0);
        const double dx = std::max(20.0, std::abs(p1.x() - p0.x()) / 2.0);
        path.cubicTo(p0 + QPointF(dx, 0.0), p1 - QPointF(dx, 0.0), p1);
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(path);
        painter->setBrush(kArrow);
        const QPolygonF head({p1, p1 + QPointF(-7.0, -3.5), p1 + QPointF(-7.0, 3.5)});
        painter->drawPolygon(head);
    }
    painter->setBrush(Qt::NoBrush);
    painter->setPen(Qt::NoPen);
    painter->setAntialiasing(false);
}

} // namespace fuselab::timeline
