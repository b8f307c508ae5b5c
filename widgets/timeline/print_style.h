// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the figure exports of QCustomPlot views and Qt Charts share: the light "print" palette,
// font sizing, and undoing the export's temporary style changes on the live widget.

#include <QColor>
#include <QFont>

#include <algorithm>
#include <functional>
#include <vector>

namespace fuselab::print {

inline const QColor kText(0x11, 0x11, 0x11);
inline const QColor kAxis(0x22, 0x22, 0x22);
inline const QColor kGrid(0xdc, 0xdc, 0xdc);

inline QFont withPixelSize(QFont f, int px)
{
    f.setPixelSize(std::max(1, px));
    return f;
}

// Collects the actions that put a widget's style back; runs them in reverse order on scope exit.
class StyleRestore {
public:
    StyleRestore() = default;
    ~StyleRestore()
    {
        for (auto it = undo_.rbegin(); it != undo_.rend(); ++it)
            (*it)();
    }
    StyleRestore(const StyleRestore &) = delete;
    StyleRestore &operator=(const StyleRestore &) = delete;

    void push_back(std::function<void()> undo) { undo_.push_back(std::move(undo)); }

private:
    std::vector<std::function<void()>> undo_;
};

} // namespace fuselab::print
