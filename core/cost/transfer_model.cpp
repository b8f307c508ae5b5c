// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost/transfer_model.h"

#include <algorithm>
#include <cmath>

namespace fuselab {

int64_t Transfer::cycles() const
{
    // −1e-9 so a stream that is a whole number of cycles up to rounding is not charged one more.
    const double c = std::ceil(streamCycles - 1e-9);
    if (!(c < static_cast<double>(std::numeric_limits<int64_t>::max() / 2)))
        return std::numeric_limits<int64_t>::max() / 2;
    return latency + static_cast<int64_t>(std::max(0.0, c));
}

int TransferModel::dramPorts() const { return std::max(1, acc_.dram.ports); }

double TransferModel::dramPortBandwidth() const
{
    const double total = acc_.dram.bandwidth > 0 ? acc_.dram.bandwidth : 1.0;
    return total / static_cast<double>(dramPorts());
}

const Memory *TransferModel::memory(int m) const
{
    return m >= 0 && m < static_cast<int>(acc_.memories.size()) ? &acc_.memories[static_cast<std::size_t>(m)]
                                                                 : nullptr;
}

namespace {
Transfer over(int64_t bytes, double bw, int64_t latency, const TransferPath &path)
{
    Transfer t;
    const auto b = static_cast<double>(bytes);
    bw = std::min(bw, path.bandwidth);
    t.streamCycles = b / bw;
    t.latency = latency + path.latency;
    t.energy.links = b * 8.0 * path.energyPerBit;
    return t;
}
} // namespace

Transfer TransferModel::dramRead(int64_t bytes, int m, const TransferPath &path) const
{
    const Memory *mem = memory(m);
    Transfer t = over(bytes, std::min(dramPortBandwidth(), mem ? mem->writeBw : dramPortBandwidth()),
                      acc_.dram.latency, path);
    const auto b = static_cast<double>(bytes);
    t.energy.dram = b * acc_.dram.readEnergy;
    t.energy.memory = mem ? b * mem->writeEnergy : 0.0;
    return t;
}

Transfer TransferModel::dramWrite(int64_t bytes, int m, const TransferPath &path) const
{
    const Memory *mem = memory(m);
    Transfer t = over(bytes, std::min(dramPortBandwidth(), mem ? mem->readBw : dramPortBandwidth()),
                      acc_.dram.latency, path);
    const auto b = static_cast<double>(bytes);
    t.energy.dram = b * acc_.dram.writeEnergy;
    t.energy.memory = mem ? b * mem->readEnergy : 0.0;
    return t;
}

Transfer TransferModel::onChip(int64_t bytes, int src, int dst, const TransferPath &path) const
{
    const Memory *s = memory(src);
    const Memory *d = memory(dst);
    const double inf = std::numeric_limits<double>::infinity();
    Transfer t = over(bytes, std::min(s ? s->readBw : inf, d ? d->writeBw : inf), 0, path);
    const auto b = static_cast<double>(bytes);
    t.energy.memory = (s ? b * s->readEnergy : 0.0) + (d ? b * d->writeEnergy : 0.0);
    return t;
}

double TransferModel::dramEnergy(double readBytes, double writeBytes) const
{
    return readBytes * acc_.dram.readEnergy + writeBytes * acc_.dram.writeEnergy;
}

} // namespace fuselab
