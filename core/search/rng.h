// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace fuselab {

/// A small, portable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
/// Unlike the std distributions, its outputs are the same on every standard library, so a
/// search is reproducible from its seed everywhere.
class Rng {
public:
    explicit Rng(uint64_t seed) { reseed(seed); }

    /// An independent stream for (seed, a, b), e.g. (seed, generation, individual): the search
    /// derives one per task so that results do not depend on which thread runs which task.
    static Rng stream(uint64_t seed, uint64_t a, uint64_t b)
    {
        uint64_t s = seed;
        const uint64_t x = splitMix(s) ^ (a * 0x9E3779B97F4A7C15ull);
        s = x;
        const uint64_t y = splitMix(s) ^ (b * 0xD1B54A32D192ED03ull);
        return Rng(y);
    }

    void reseed(uint64_t seed)
    {
        for (auto &word : s_)
            word = splitMix(seed);
    }

    uint64_t next()
    {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    /// Uniform integer in [0, n) for n ≥ 1: the high 64 bits of next() × n (Lemire's
    /// multiply-shift; bias below 2^-32 for n < 2^32).
    uint64_t below(uint64_t n) { return mulHigh(next(), n); }

    /// Uniform double in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    static uint64_t mulHigh(uint64_t a, uint64_t b)
    {
        const uint64_t aLo = a & 0xFFFFFFFFull, aHi = a >> 32, bLo = b & 0xFFFFFFFFull, bHi = b >> 32;
        const uint64_t lo = aLo * bLo, mid1 = aHi * bLo, mid2 = aLo * bHi, hi = aHi * bHi;
        const uint64_t cross = (lo >> 32) + (mid1 & 0xFFFFFFFFull) + (mid2 & 0xFFFFFFFFull);
        return hi + (mid1 >> 32) + (mid2 >> 32) + (cross >> 32);
    }
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static uint64_t splitMix(uint64_t &state)
    {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    uint64_t s_[4] = {};
};

} // namespace fuselab
