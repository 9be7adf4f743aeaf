#ifndef WINNOW_CFILESYSTEM_H
#define WINNOW_CFILESYSTEM_H

/// Swaps two paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE): at every instant each
/// path names one of the two folders. Returns 0, or -1 with errno set (EINVAL or ENOSYS where the file
/// system or kernel cannot exchange; ENOENT when one path is missing).
int winnow_exchange_paths(const char *first, const char *second);

#endif
