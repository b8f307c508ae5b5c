// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A legend that flows its entries into as many columns as fit the plot's width, so the same
// chart keeps a readable key on a wide screen and in a narrow figure for a paper.

#include "qcp_include.h"

namespace fuselab::timeline {

class FlowLegend : public QCPLegend {
    Q_OBJECT
public:
    explicit FlowLegend(int maxColumns = 8) : maxColumns_(maxColumns) {}
    void setMaxColumns(int n) { maxColumns_ = n; }

    void update(UpdatePhase phase) override;

private:
    int fittingColumns(int available) const;
    int maxColumns_;
};

} // namespace fuselab::timeline
