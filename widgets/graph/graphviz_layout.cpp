// SPDX-License-Identifier: GPL-3.0-or-later
#include "graph/graphviz_layout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <QElapsedTimer>

#include <clocale>
#include <locale.h>
#include <mutex>
#include <string>
#include <unordered_map>

namespace fuselab {

namespace {

// The one place where Graphviz coordinates become scene coordinates: Graphviz works in
// points (72 per inch) with y pointing up; the scene uses 1 unit = 1 point with y down.
struct GraphvizFrame {
    double top = 0; // bounding-box top (y up) in points
    QPointF toScene(pointf p) const { return {p.x, top - p.y}; }
    static std::string inches(double sceneUnits) { return std::to_string(sceneUnits / 72.0); }
};

// Graphviz prints and parses numbers with the C library: force "." as the decimal point
// for this thread only (uselocale), whatever the user's locale is.
class CNumericLocale {
public:
    CNumericLocale() : c_(newlocale(LC_NUMERIC_MASK, "C", static_cast<locale_t>(nullptr)))
    {
        if (c_)
            old_ = uselocale(c_);
    }
    ~CNumericLocale()
    {
        if (c_) {
            uselocale(old_);
            freelocale(c_);
        }
    }
    CNumericLocale(const CNumericLocale &) = delete;
    CNumericLocale &operator=(const CNumericLocale &) = delete;

private:
    locale_t c_;
    locale_t old_ = LC_GLOBAL_LOCALE;
};

void set(void *obj, const char *name, const std::string &value)
{
    agsafeset(obj, const_cast<char *>(name), const_cast<char *>(value.c_str()), const_cast<char *>(""));
}

bool isCancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

// Graphviz is not thread-safe (global error state, memory pools): every call holds the
// session's mutex. One context serves every layout: Graphviz 2.42 leaks about 3.6 KB of
// plugin configuration per gvContext() that gvFreeContext() does not free (found by
// LeakSanitizer), so a context per layout would grow with every edit of the graph. The
// context lives until the process exits.
struct GraphvizSession {
    std::mutex mutex;
    GVC_t *context = nullptr; // created on first use, with the mutex held
};

GraphvizSession &graphviz()
{
    static GraphvizSession session;
    return session;
}

} // namespace

GraphLayout layoutWithGraphviz(const LayoutRequest &request, const std::atomic_bool *cancel)
{
    GraphLayout out;
    if (isCancelled(cancel)) {
        out.cancelled = true;
        return out;
    }
    if (request.nodes.empty())
        return out;
    QElapsedTimer timer;
    timer.start();
    GraphvizSession &session = graphviz();
    std::lock_guard lock(session.mutex);
    CNumericLocale cLocale;

    if (!session.context)
        session.context = gvContext();
    GVC_t *gvc = session.context;
    Agraph_t *g = agopen(const_cast<char *>("workload"), Agdirected, nullptr);
    set(g, "rankdir", "TB");
    set(g, "splines", "spline");
    set(g, "nodesep", GraphvizFrame::inches(request.nodeSep));
    set(g, "ranksep", GraphvizFrame::inches(request.rankSep));
    set(g, "ordering", "out"); // keep operand order left to right, as Netron does
    agattr(g, AGNODE, const_cast<char *>("shape"), const_cast<char *>("box"));
    agattr(g, AGNODE, const_cast<char *>("fixedsize"), const_cast<char *>("true"));
    agattr(g, AGNODE, const_cast<char *>("label"), const_cast<char *>(""));
    agattr(g, AGEDGE, const_cast<char *>("arrowsize"), const_cast<char *>("0.7"));

    std::unordered_map<int, Agnode_t *> nodeOf;
    std::vector<Agnode_t *> nodes;
    nodes.reserve(request.nodes.size());
    for (const auto &n : request.nodes) {
        const std::string name = "n" + std::to_string(n.id);
        Agnode_t *an = agnode(g, const_cast<char *>(name.c_str()), 1);
        set(an, "width", GraphvizFrame::inches(n.width));
        set(an, "height", GraphvizFrame::inches(n.height));
        nodeOf[n.id] = an;
        nodes.push_back(an);
    }
    std::vector<Agedge_t *> edges;
    edges.reserve(request.edges.size());
    for (const auto &e : request.edges) {
        auto a = nodeOf.find(e.from), b = nodeOf.find(e.to);
        edges.push_back(a == nodeOf.end() || b == nodeOf.end() ? nullptr
                                                               : agedge(g, a->second, b->second, nullptr, 1));
    }

    if (isCancelled(cancel) || gvLayout(gvc, g, "dot") != 0) {
        out.cancelled = isCancelled(cancel);
        if (!out.cancelled)
            out.error = QStringLiteral("Graphviz dot could not lay out the graph");
        agclose(g);
        return out;
    }

    const boxf bb = GD_bb(g);
    const GraphvizFrame frame{bb.UR.y};
    out.bounds = QRectF(QPointF(bb.LL.x, frame.top - bb.UR.y), QPointF(bb.UR.x, frame.top - bb.LL.y));
    out.nodes.reserve(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) {
        const QPointF c = frame.toScene(ND_coord(nodes[i]));
        const double w = request.nodes[i].width, h = request.nodes[i].height;
        out.nodes.push_back({request.nodes[i].id, QRectF(c.x() - w / 2, c.y() - h / 2, w, h)});
    }
    out.edges.reserve(edges.size());
    for (size_t i = 0; i < edges.size(); ++i) {
        EdgePath path{request.edges[i].from, request.edges[i].to, {}, {}};
        const splines *spl = edges[i] ? ED_spl(edges[i]) : nullptr;
        if (spl && spl->size > 0) {
            const bezier &bz = spl->list[0];
            path.points.reserve(static_cast<size_t>(bz.size));
            for (int p = 0; p < bz.size; ++p)
                path.points.push_back(frame.toScene(bz.list[p]));
            path.arrowTip = bz.eflag ? frame.toScene(bz.ep) : path.points.back();
        }
        out.edges.push_back(std::move(path));
    }

    gvFreeLayout(gvc, g);
    agclose(g);
    out.cancelled = isCancelled(cancel);
    out.milliseconds = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    return out;
}

} // namespace fuselab
