// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/nsga2.h"

#include "search/rng.h"
#include "search/search_control.h"
#include "search/worker_pool.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>

namespace fuselab {

namespace {

using Genes = std::vector<int>;

struct Ranked {
    int rank = 0;
    double crowding = 0;
};

Objectives sanitised(Objectives o)
{
    for (auto &v : o)
        if (std::isnan(v))
            v = std::numeric_limits<double>::infinity();
    return o;
}

class Nsga2Run {
public:
    Nsga2Run(const Nsga2Problem &problem, const Nsga2Config &config, WorkerPool &pool, SearchControl *control)
        : problem_(problem), config_(config), pool_(pool), control_(control)
    {
        const size_t genes = problem.allowed.size();
        mutationRate_ = config.mutationRate >= 0 ? config.mutationRate : (genes ? 1.0 / double(genes) : 0);
    }

    Nsga2Result run()
    {
        Nsga2Result result;
        std::vector<Genes> population = initialPopulation();
        evaluate(population);
        std::vector<Nsga2Individual> current = collect(population);
        int generation = 0;
        for (; generation < config_.generations && !stopped(); ++generation) {
            const std::vector<Ranked> ranks = rank(current);
            std::vector<Genes> offspring = makeOffspring(current, ranks, generation + 1);
            evaluate(offspring);
            if (stopped())
                break;
            std::vector<Nsga2Individual> combined = current;
            for (auto &ind : collect(offspring))
                combined.push_back(std::move(ind));
            current = survivors(combined);
            if (control_)
                control_->reportProgress("allocation", double(generation + 1) / config_.generations,
                                         archive_.empty() ? std::numeric_limits<double>::infinity()
                                                          : bestFirstObjective());
        }
        result.generations = generation;
        result.stopped = stopped();
        result.population = current;
        result.front = archive_;
        std::sort(result.front.begin(), result.front.end(),
                  [](const auto &a, const auto &b) { return a.objectives < b.objectives; });
        result.evaluations = static_cast<int64_t>(cache_.size());
        return result;
    }

private:
    bool stopped() const { return control_ && control_->shouldStop(); }

    double bestFirstObjective() const
    {
        double best = std::numeric_limits<double>::infinity();
        for (const auto &a : archive_)
            best = std::min(best, a.objectives.front());
        return best;
    }

    int randomAllele(size_t gene, Rng &rng) const
    {
        const auto &values = problem_.allowed[gene];
        return values[rng.below(values.size())];
    }

    std::vector<Genes> initialPopulation() const
    {
        std::vector<Genes> population;
        for (const auto &g : problem_.initial) {
            if (static_cast<int>(population.size()) >= config_.population)
                break;
            if (g.size() != problem_.allowed.size())
                throw std::invalid_argument("NSGA-II: an initial chromosome has the wrong number of genes");
            for (size_t i = 0; i < g.size(); ++i)
                if (std::find(problem_.allowed[i].begin(), problem_.allowed[i].end(), g[i]) ==
                    problem_.allowed[i].end())
                    throw std::invalid_argument(
                        "NSGA-II: an initial chromosome has a value not allowed at gene " +
                        std::to_string(i));
            population.push_back(g);
        }
        for (int i = static_cast<int>(population.size()); i < config_.population; ++i) {
            Rng rng = Rng::stream(config_.seed, 0, static_cast<uint64_t>(i));
            Genes g(problem_.allowed.size());
            for (size_t k = 0; k < g.size(); ++k)
                g[k] = randomAllele(k, rng);
            population.push_back(std::move(g));
        }
        return population;
    }

    /// Evaluates the chromosomes not yet in the cache, in parallel, then merges them into the
    /// cache and archive in index order (so the archive does not depend on thread timing).
    void evaluate(const std::vector<Genes> &batch)
    {
        std::vector<const Genes *> todo;
        std::map<Genes, bool> queued;
        for (const auto &g : batch)
            if (!cache_.count(g) && queued.emplace(g, true).second)
                todo.push_back(&g);
        std::vector<Objectives> results(todo.size());
        std::vector<char> done(todo.size(), 0);
        const std::function<void(int)> work = [&](int k) {
            Objectives o = sanitised(problem_.evaluate(*todo[k]));
            if (o.empty())
                throw std::invalid_argument("NSGA-II: the fitness returned no objectives");
            results[k] = std::move(o);
            done[k] = 1;
            if (control_)
                control_->addEvaluations(1);
        };
        pool_.parallelFor(static_cast<int>(todo.size()), work,
                          control_ ? control_->stopPredicate() : std::function<bool()>{});
        for (size_t k = 0; k < todo.size(); ++k) {
            if (!done[k])
                continue;
            if (objectiveCount_ == 0)
                objectiveCount_ = results[k].size();
            if (results[k].size() != objectiveCount_)
                throw std::invalid_argument("NSGA-II: the fitness returned a varying number of objectives");
            cache_.emplace(*todo[k], results[k]);
            addToArchive({*todo[k], results[k]});
        }
    }

    void addToArchive(const Nsga2Individual &ind)
    {
        for (const auto &a : archive_)
            if (a.objectives == ind.objectives || dominates(a.objectives, ind.objectives))
                return;
        if (std::all_of(ind.objectives.begin(), ind.objectives.end(), [](double v) { return std::isinf(v); }))
            return; // an infeasible point is never an improvement
        std::erase_if(archive_, [&](const auto &a) { return dominates(ind.objectives, a.objectives); });
        archive_.push_back(ind);
        if (control_)
            control_->reportPoint(ind.objectives, "NSGA-II evaluation " + std::to_string(cache_.size()));
    }

    /// Evaluated members of `batch`, in order (a stopped evaluation may have skipped some).
    std::vector<Nsga2Individual> collect(const std::vector<Genes> &batch) const
    {
        std::vector<Nsga2Individual> out;
        for (const auto &g : batch)
            if (auto it = cache_.find(g); it != cache_.end())
                out.push_back({g, it->second});
        return out;
    }

    static std::vector<Ranked> rank(const std::vector<Nsga2Individual> &pop)
    {
        std::vector<Objectives> pts;
        for (const auto &ind : pop)
            pts.push_back(ind.objectives);
        std::vector<Ranked> ranks(pop.size());
        const auto fronts = nonDominatedSort(pts);
        for (size_t f = 0; f < fronts.size(); ++f) {
            const auto crowd = crowdingDistance(pts, fronts[f]);
            for (size_t k = 0; k < fronts[f].size(); ++k)
                ranks[fronts[f][k]] = {static_cast<int>(f), crowd[k]};
        }
        return ranks;
    }

    static int tournament(const std::vector<Ranked> &ranks, Rng &rng)
    {
        const int a = static_cast<int>(rng.below(ranks.size()));
        const int b = static_cast<int>(rng.below(ranks.size()));
        if (ranks[a].rank != ranks[b].rank)
            return ranks[a].rank < ranks[b].rank ? a : b;
        if (ranks[a].crowding != ranks[b].crowding)
            return ranks[a].crowding > ranks[b].crowding ? a : b;
        return std::min(a, b);
    }

    void mutate(Genes &g, Rng &rng) const
    {
        for (size_t k = 0; k < g.size(); ++k) {
            const auto &values = problem_.allowed[k];
            if (values.size() < 2 || rng.uniform() >= mutationRate_)
                continue;
            // A different allele, uniformly among the others.
            const auto pos =
                static_cast<size_t>(std::find(values.begin(), values.end(), g[k]) - values.begin());
            size_t pick = rng.below(values.size() - 1);
            if (pick >= pos)
                ++pick;
            g[k] = values[pick < values.size() ? pick : 0];
        }
    }

    std::vector<Genes> makeOffspring(const std::vector<Nsga2Individual> &pop,
                                     const std::vector<Ranked> &ranks, int generation) const
    {
        std::vector<Genes> children;
        if (pop.empty())
            return children;
        for (int pair = 0; static_cast<int>(children.size()) < config_.population; ++pair) {
            Rng rng =
                Rng::stream(config_.seed, static_cast<uint64_t>(generation), static_cast<uint64_t>(pair));
            Genes a = pop[tournament(ranks, rng)].genes;
            Genes b = pop[tournament(ranks, rng)].genes;
            if (rng.uniform() < config_.crossoverRate)
                for (size_t k = 0; k < a.size(); ++k)
                    if (rng.next() & 1)
                        std::swap(a[k], b[k]);
            mutate(a, rng);
            mutate(b, rng);
            children.push_back(std::move(a));
            if (static_cast<int>(children.size()) < config_.population)
                children.push_back(std::move(b));
        }
        return children;
    }

    /// Elitist survival: best fronts first, the cut front by crowding distance. Repeated
    /// chromosomes only fill places that unique ones cannot.
    std::vector<Nsga2Individual> survivors(const std::vector<Nsga2Individual> &combined) const
    {
        std::vector<Nsga2Individual> unique, repeats;
        std::map<Genes, bool> seen;
        for (const auto &ind : combined)
            (seen.emplace(ind.genes, true).second ? unique : repeats).push_back(ind);
        std::vector<Nsga2Individual> next = pickBest(unique, config_.population);
        if (static_cast<int>(next.size()) < config_.population)
            for (auto &ind : pickBest(repeats, config_.population - static_cast<int>(next.size())))
                next.push_back(std::move(ind));
        return next;
    }

    static std::vector<Nsga2Individual> pickBest(const std::vector<Nsga2Individual> &pool, int count)
    {
        std::vector<Nsga2Individual> out;
        std::vector<Objectives> pts;
        for (const auto &ind : pool)
            pts.push_back(ind.objectives);
        for (const auto &front : nonDominatedSort(pts)) {
            if (static_cast<int>(out.size()) >= count)
                break;
            if (static_cast<int>(out.size() + front.size()) <= count) {
                for (int i : front)
                    out.push_back(pool[i]);
                continue;
            }
            const auto crowd = crowdingDistance(pts, front);
            std::vector<size_t> order(front.size());
            std::iota(order.begin(), order.end(), size_t{0});
            std::stable_sort(order.begin(), order.end(),
                             [&](size_t a, size_t b) { return crowd[a] > crowd[b]; });
            for (size_t k = 0; static_cast<int>(out.size()) < count; ++k)
                out.push_back(pool[front[order[k]]]);
        }
        return out;
    }

    const Nsga2Problem &problem_;
    const Nsga2Config &config_;
    WorkerPool &pool_;
    SearchControl *control_;
    double mutationRate_ = 0;
    size_t objectiveCount_ = 0;
    std::map<Genes, Objectives> cache_;
    std::vector<Nsga2Individual> archive_;
};

} // namespace

Nsga2Result runNsga2(const Nsga2Problem &problem, const Nsga2Config &config, WorkerPool &pool,
                     SearchControl *control)
{
    if (!problem.evaluate)
        throw std::invalid_argument("NSGA-II: no fitness function");
    for (size_t i = 0; i < problem.allowed.size(); ++i)
        if (problem.allowed[i].empty())
            throw std::invalid_argument("NSGA-II: gene " + std::to_string(i) + " has no allowed value");
    if (config.population < 2)
        throw std::invalid_argument("NSGA-II: the population needs at least 2 individuals");
    if (config.generations < 0)
        throw std::invalid_argument("NSGA-II: negative generation count");
    return Nsga2Run(problem, config, pool, control).run();
}

} // namespace fuselab
