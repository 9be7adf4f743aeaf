#ifndef WINNOW_CFILESYSTEM_H
#define WINNOW_CFILESYSTEM_H

/// Swaps two paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE): at every instant each
/// path names one of the two folders. Returns 0, or -1 with errno set (EINVAL or ENOSYS where the file
/// system or kernel cannot exchange; ENOENT when one path is missing).
int winnow_exchange_paths(const char *first, const char *second);

/// Write-behind for a large file written front to back: starts writing [start, start+length) to disk, waits
/// for the window before it to be written, and drops that window from the page cache. A multi-gigabyte
/// export then reuses a few windows of cache instead of filling memory with fresh pages. Advisory: errors
/// are ignored (the data is written either way).
void winnow_write_behind(int fd, long long start, long long length, long long previous_start, long long previous_length);

/// Opens `path` for direct I/O (O_DIRECT: writes go from the caller's buffer to the device, past the page cache).
/// Writes must then start at file offsets, come from addresses and have lengths that are multiples of the device's
/// block size (4096 is safe). Returns the descriptor, or -1 with errno set where the platform or the file system
/// has no direct I/O (EINVAL on tmpfs).
int winnow_open_direct(const char *path, int flags, unsigned int mode);
/// Turns direct I/O off on `fd` (for a file's unaligned tail). Returns 0, or -1 with errno set.
int winnow_clear_direct(int fd);

/// Starts a thread that faults in the main heap's pages as the heap grows, `pad` bytes ahead of its use (see
/// prefault.c). On a VM where a first touch of memory is slow, the allocating thread then finds its pages
/// mapped by the other core. Returns 0, or -1 when glibc or pthreads refuse (the run goes on without it).
int winnow_prefault_heap(unsigned long pad);
/// Pauses (1) or resumes (0) the prefault thread, if it runs, so a stage that keeps every core busy has them to
/// itself.
void winnow_prefault_pause(int paused);

#endif
