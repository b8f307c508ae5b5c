// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/input_file.h"

#include "util/error.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fuselab {

namespace {

std::string sizeText(int64_t bytes)
{
    if (bytes >= (int64_t(1) << 30) && bytes % (int64_t(1) << 30) == 0)
        return std::to_string(bytes >> 30) + " GiB";
    if (bytes >= (int64_t(1) << 20) && bytes % (int64_t(1) << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    return std::to_string(bytes) + " bytes";
}

std::string kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

void checkStat(const struct stat &st, const std::string &path, int64_t maxBytes, std::string_view what)
{
    if (!S_ISREG(st.st_mode))
        throw InputError(path, "", "is " + kindOf(st.st_mode) + "; " + std::string(what) +
                                       " must be a regular file");
    if (st.st_size > maxBytes)
        throw InputError(path, "", "is " + std::to_string(st.st_size) + " bytes, above the " + sizeText(maxBytes) +
                                       " limit for " + std::string(what));
}

} // namespace

void requireRegularFile(const std::string &path, int64_t maxBytes, std::string_view what)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        throw InputError(path, "", err == ENOENT ? std::string("cannot open: the file does not exist")
                                                 : "cannot open: " + std::string(std::strerror(err)));
    }
    checkStat(st, path, maxBytes, what);
}

std::string readInputFile(const std::string &path, int64_t maxBytes, std::string_view what)
{
    requireRegularFile(path, maxBytes, what);
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        throw InputError(path, "", "cannot open: " + std::string(std::strerror(errno)));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        throw InputError(path, "", "cannot read: " + std::string(std::strerror(errno)));
    checkStat(st, path, maxBytes, what); // the file may have been replaced since the stat
    std::string out;
    out.reserve(static_cast<size_t>(st.st_size));
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw InputError(path, "", "cannot read: " + std::string(std::strerror(errno)));
        }
        if (n == 0)
            break;
        out.append(buf, static_cast<size_t>(n));
        if (static_cast<int64_t>(out.size()) > maxBytes) // grew while being read
            throw InputError(path, "", "is larger than the " + sizeText(maxBytes) + " limit for " +
                                           std::string(what));
    }
    return out;
}

} // namespace fuselab
