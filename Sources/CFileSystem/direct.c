#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "CFileSystem.h"

int winnow_open_direct(const char *path, int flags, unsigned int mode) {
#if defined(__linux__) && defined(O_DIRECT)
    return open(path, flags | O_DIRECT, (mode_t)mode);
#else
    (void)path; (void)flags; (void)mode;
    errno = EINVAL;
    return -1;
#endif
}

int winnow_clear_direct(int fd) {
#if defined(__linux__) && defined(O_DIRECT)
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, flags & ~O_DIRECT);
#else
    (void)fd;
    return 0;
#endif
}
