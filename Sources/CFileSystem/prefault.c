#define _GNU_SOURCE
#include "CFileSystem.h"

#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

// Follows the end of the main heap and faults its new pages in, so the allocating thread finds them mapped.
// MADV_POPULATE_WRITE maps pages without changing what they hold, so racing the allocator is harmless.
static int winnow_prefault_paused = 0;

static void *winnow_prefault_loop(void *unused) {
    (void)unused;
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t done = ((uintptr_t)sbrk(0)) & ~(page - 1);
    useconds_t pause = 250;  // doubles while the heap stands still (up to 8 ms), so an idle run costs nothing
    for (;;) {
        uintptr_t end = ((uintptr_t)sbrk(0) + page - 1) & ~(page - 1);
        if (__atomic_load_n(&winnow_prefault_paused, __ATOMIC_RELAXED)) {
            done = end;  // what grows meanwhile is touched by its users
            usleep(1000);
            continue;
        }
        if (end > done) {
            if (madvise((void *)done, end - done, MADV_POPULATE_WRITE) != 0) return NULL;  // kernel without it
            done = end;
            pause = 250;
        } else {
            if (end < done) done = end;  // the heap was trimmed
            usleep(pause);
            if (pause < 8000) pause *= 2;
        }
    }
    return NULL;
}

void winnow_prefault_pause(int paused) { __atomic_store_n(&winnow_prefault_paused, paused ? 1 : 0, __ATOMIC_RELAXED); }

int winnow_prefault_heap(unsigned long pad) {
    // The heap then grows `pad` bytes ahead of its use, which gives the thread room to work ahead. Setting it
    // turns off glibc's sliding mmap threshold, so the threshold is set to the top of that slide: blocks
    // below 32 MiB come from the heaps, as they would after the slide.
    if (mallopt(M_TOP_PAD, (int)pad) != 1 || mallopt(M_MMAP_THRESHOLD, 32 << 20) != 1) return -1;
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attributes, 64 << 10);
    int failed = pthread_create(&thread, &attributes, winnow_prefault_loop, NULL);
    pthread_attr_destroy(&attributes);
    return failed ? -1 : 0;
}
