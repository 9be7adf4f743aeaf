#define _GNU_SOURCE
#include <fcntl.h>
#include "CFileSystem.h"

void winnow_write_behind(int fd, long long start, long long length, long long previous_start, long long previous_length) {
#if defined(__linux__)
    sync_file_range(fd, start, length, SYNC_FILE_RANGE_WRITE);
    if (previous_length > 0) {
        sync_file_range(fd, previous_start, previous_length,
                        SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
        posix_fadvise(fd, previous_start, previous_length, POSIX_FADV_DONTNEED);
    }
#else
    (void)fd; (void)start; (void)length; (void)previous_start; (void)previous_length;
#endif
}
