// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the built fuselab-cli as a user would (a separate process) and keeps its exit code and
// both streams: the CLI tests check what a user sees, not a function's return value.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace fuselab::testing {

struct CliResult {
    int code = -1; ///< -1 when the process crashed or did not finish in time
    QByteArray out, err;
};

/// fuselab-cli ARGS, waiting up to `timeoutMs`. `env`: the environment (default: this one).
inline CliResult runCli(const QStringList &args, int timeoutMs = 120000,
                        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(FUSELAB_BINARY_DIR "/app/fuselab-cli"), args);
    p.waitForFinished(timeoutMs);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace fuselab::testing
