// SPDX-License-Identifier: GPL-3.0-or-later
// Stream's example files (MIT) beside the project, in ../shared/peers/stream: not part of
// FuseLab, so a clone of the project alone lacks them. Checks against them call
// FUSELAB_REQUIRE_PEERS() first and report themselves skipped, with the reason, without them;
// the importers are also tested on the project's own fixtures (tests/fixtures/stream).
#pragma once

#include <QTest>

#include <filesystem>
#include <string>

namespace fuselab::testing {

inline std::string peerStream(const std::string &rel = {})
{
    return std::string(FUSELAB_SHARED_DIR) + "/peers/stream/" + rel;
}

inline bool havePeers()
{
    return std::filesystem::is_directory(peerStream());
}

} // namespace fuselab::testing

#define FUSELAB_REQUIRE_PEERS()                                                                   \
    do {                                                                                          \
        if (!::fuselab::testing::havePeers())                                                     \
            QSKIP(qPrintable(QStringLiteral("Stream's example files are absent (%1): they are "   \
                                            "not part of FuseLab; the project's own fixtures in " \
                                            "tests/fixtures/stream cover the importers")          \
                                 .arg(QString::fromStdString(::fuselab::testing::peerStream()))));\
    } while (false)
