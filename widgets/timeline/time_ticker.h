// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Tick placement and labels for a time axis whose coordinates are always cycles: in
// microsecond mode ticks are placed at round µs values (cycles / clockMHz) and labelled in µs.

#include "qcp_include.h"

namespace fuselab::timeline {

class TimeTicker : public QCPAxisTicker {
public:
    /// clockMHz <= 0 means: label in cycles.
    void setMicroseconds(bool on, double clockMHz);
    bool microseconds() const { return micro_; }

protected:
    double getTickStep(const QCPRange &range) override;
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision) override;

private:
    double divisor() const { return micro_ ? clockMHz_ : 1.0; }
    bool micro_ = false;
    double clockMHz_ = 1.0;
    double step_ = 1.0; ///< last step, in display units
};

} // namespace fuselab::timeline

namespace fuselab::timeline {

/// Ticks of a byte axis at round values in one binary unit (B, KiB, MiB, GiB) chosen by the
/// range, labelled "256 KiB". With a tick count of 1: 0 and the largest round value in range.
class BytesTicker : public QCPAxisTicker {
protected:
    double getTickStep(const QCPRange &range) override;
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision) override;

private:
    double unit_ = 1.0;
};

} // namespace fuselab::timeline
