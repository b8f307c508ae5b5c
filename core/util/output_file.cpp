// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/output_file.h"

#include "util/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fuselab {

void writeFileAtomically(const std::string &path, const std::string &what,
                         const std::function<void(std::ostream &)> &write)
{
    // The content is produced in memory first: an exception while producing it (a name a
    // JSON writer cannot encode) then never touches the disk.
    std::ostringstream buffer;
    write(buffer);
    if (!buffer)
        throw InputError(path, "", "producing the " + what + " failed");
    const std::string text = std::move(buffer).str();

    std::string tmp = path + ".XXXXXX";
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0)
        throw InputError(path, "", "cannot write the " + what + ": " + std::strerror(errno));
    auto fail = [&](const std::string &reason) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw InputError(path, "", "writing the " + what + " failed: " + reason + " (the file was not changed)");
    };
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fail(std::strerror(errno));
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 && errno != EINVAL)
        fail(std::strerror(errno));
    // mkstemp creates 0600; an output file gets the usual mode (0666 less the umask).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    if (::close(fd) != 0) {
        ::unlink(tmp.c_str());
        throw InputError(path, "", "writing the " + what + " failed: " + std::strerror(errno));
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw InputError(path, "", "cannot replace the file with the " + what + ": " + std::strerror(err));
    }
}

void checkStdout(const std::string &what)
{
    std::cout.flush();
    if (!std::cout)
        throw InputError("standard output", "", "writing the " + what + " failed (disk full or pipe closed)");
}

} // namespace fuselab
