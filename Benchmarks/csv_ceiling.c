/* The ceiling of any libcsv-based reader: parses a CSV file with libcsv and no-op callbacks.
 *
 *   gcc -O2 -o bench-data/csv_ceiling Benchmarks/csv_ceiling.c -lcsv
 *   bench-data/csv_ceiling FILE [DELIMITER]
 *
 * Same parser options as Winnow's reader (CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL), same
 * 256 KiB read() chunks; a UTF-8 BOM is skipped; the delimiter is the given one, else ';' when the first
 * line has more semicolons than commas, else ','. The callbacks only count fields and records, so
 * the time is read() + libcsv's state machine, nothing else: no line tracking, no field copies, no
 * strings, no SHA-256. Prints one JSON line: bytes, records (header included), fields, seconds (monotonic
 * clock, from open to csv_fini).
 */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct counts { unsigned long fields, records; };

static void on_field(void *data, size_t len, void *ctx) { (void)data; (void)len; ((struct counts *)ctx)->fields++; }
static void on_record(int c, void *ctx) { (void)c; ((struct counts *)ctx)->records++; }

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s FILE [DELIMITER]\n", argv[0]); return 64; }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) { perror(argv[1]); return 66; }
    enum { CHUNK = 1 << 18 };
    char *buf = malloc(CHUNK);
    ssize_t n = read(fd, buf, CHUNK);
    if (n < 0) { perror("read"); return 66; }
    size_t skip = (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    unsigned char delim = ',';
    if (argc > 2) {
        delim = (unsigned char)(strcmp(argv[2], "tab") == 0 ? '\t' : argv[2][0]);
    } else {
        int commas = 0, semis = 0;
        for (ssize_t i = (ssize_t)skip; i < n && buf[i] != '\n'; i++) { commas += buf[i] == ','; semis += buf[i] == ';'; }
        if (semis > commas) delim = ';';
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0) return 1;
    csv_set_delim(&p, delim);
    struct counts c = {0, 0};
    unsigned long bytes = 0;
    while (n > 0) {
        bytes += (unsigned long)n;
        size_t len = (size_t)n - skip;
        if (csv_parse(&p, buf + skip, len, on_field, on_record, &c) != len) {
            fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            return 65;
        }
        skip = 0;
        n = read(fd, buf, CHUNK);
    }
    csv_fini(&p, on_field, on_record, &c);
    csv_free(&p);
    close(fd);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("{\"bytes\": %lu, \"records\": %lu, \"fields\": %lu, \"seconds\": %.6f}\n", bytes, c.records, c.fields, seconds);
    free(buf);
    return 0;
}
