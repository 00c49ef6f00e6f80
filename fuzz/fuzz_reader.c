/* SPDX-License-Identifier: ISC */
/* fuzz_reader.c - the transparent decompressing reader on arbitrary bytes:
 * format detection, concatenated members, truncation handling, getline and
 * peek/consume. Decoded output is bounded so zip bombs stay cheap. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/bz2_parallel.h"
#include "core/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("in", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return 0;
	}
	struct err e;
	/* The second-to-last byte picks serial or parallel bzip2 (1-3 workers,
	 * sometimes with simulated chance block magics to force merging). */
	uint8_t knob = size > 1 ? data[size - 2] : 0;
	if (knob & 1)
		bz2p_tune(0, 1u + (knob >> 1) % 3, (knob & 0x80) ? 16u + (knob >> 3) % 16 * 40 : 0);
	else
		bz2p_tune(UINT64_MAX, 1, 0);
	struct reader *r = reader_fdopen(fd, "fuzz", 1, &e);
	if (!r)
		return 0;
	uint64_t total = 0;
	int mode = size ? data[size - 1] % 3 : 0;
	for (int rounds = 0; rounds < 100000 && total < (8u << 20); rounds++) {
		if (mode == 0) {
			char *line;
			size_t len;
			int rc = reader_getline(r, &line, &len, &e);
			if (rc <= 0) {
				if (rc < 0 && !e.msg[0])
					abort();
				break;
			}
			if (strlen(line) > len)
				abort(); /* the line is NUL-terminated at len */
			total += len + 1;
		} else if (mode == 1) {
			size_t avail;
			const uint8_t *p = reader_peek(r, 1 + rounds % 70000, &avail, &e);
			if (!p || avail == 0)
				break;
			volatile uint8_t sink = p[avail - 1];
			(void)sink;
			reader_consume(r, avail / 2 + 1);
			total += avail / 2 + 1;
		} else {
			uint8_t buf[4096];
			ssize_t n = reader_read(r, buf, sizeof buf, &e);
			if (n <= 0)
				break;
			total += (uint64_t)n;
		}
	}
	if (reader_offset(r) > total + (8u << 20))
		abort();
	reader_close(r);
	return 0;
}
