/* SPDX-License-Identifier: ISC */
/* fuzz_sav_scan.c - the 'manrs sav scan' input paths on arbitrary bytes.
 * The first byte picks what the rest is:
 *   0: a capture file (pcap, pcapng, compressed) read through libpcap and
 *      counted against fixed filters, then reported as text and JSON;
 *   1: one frame, the second byte choosing the link type, decoded and
 *      counted;
 *   2: a filters JSON document, loaded and built into the source table. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <pcap/dlt.h>

#include "sav/scan.h"
#include "sav/scan_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char FILTERS[] =
    "{\"asn\":64500,\"customers\":[{\"name\":\"a\",\"interface\":\"eth1\",\"vlan\":101,"
    "\"mac\":\"02:00:00:00:00:01\",\"ipv4\":[\"20.1.0.0/16\"],\"ipv6\":[\"2a10:1::/32\"]},"
    "{\"name\":\"b\",\"interface\":\"eth2\",\"mac\":\"02:00:00:00:00:02\","
    "\"ipv4\":[\"20.2.0.0/16\",\"10.0.0.0/8\"]}]}";

static const int links[] = {DLT_EN10MB,    DLT_RAW,        DLT_IPV4, DLT_IPV6,
                            DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_NULL, DLT_LOOP};

static void capture(struct sav_scan *s, const uint8_t *data, size_t size)
{
	int fd = memfd_create("cap", 0);
	if (fd < 0)
		return;
	if (write(fd, data, size) == (ssize_t)size) {
		char path[64], note[256];
		struct err e;
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		sav_scan_file(s, path, NULL, note, &e);
		FILE *null = fopen("/dev/null", "w");
		if (null) {
			struct sav_report_opts o = {"fuzz", s->partial ? "partial" : NULL, 5};
			sav_report_text(null, s, &o);
			sav_report_json(null, s, &o);
			fclose(null);
		}
	}
	close(fd);
}

static void filters(const uint8_t *data, size_t size)
{
	struct sav_filters f;
	struct sav_table t;
	struct err e;
	if (sav_filters_parse(&f, (const char *)data, size, "fuzz", &e) < 0)
		return;
	if (sav_table_build(&t, &f, true, &e) == 0) {
		sav_table_find4(&t, 0x14010203u);
		sav_table_find6(&t, 0x2a10000100000000ull, 1);
		sav_table_free(&t);
	}
	sav_filters_free(&f);
}

/* One scanner for the whole run (building its table costs more than a
 * small input), its counters cleared before each input. */
static struct sav_scan *scanner(void)
{
	static struct sav_filters f;
	static struct sav_scan s;
	static bool ready;
	struct err e;
	if (!ready) {
		if (sav_filters_parse(&f, FILTERS, strlen(FILTERS), "filters", &e) < 0 ||
		    sav_scan_init(&s, &f, NULL, 0, true, &e) < 0)
			abort();
		ready = true;
	}
	memset(s.counts, 0, s.nslots * sizeof *s.counts);
	if (s.off)
		memset(s.off, 0, s.off_cap * sizeof *s.off);
	s.noff = 0;
	s.nspoofed = 0;
	s.frames = 0;
	s.partial = s.off_full = s.list_full = false;
	return &s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	if (data[0] % 3 == 2) {
		filters(data + 1, size - 1);
		return 0;
	}
	struct sav_scan *s = scanner();
	if (data[0] % 3 == 0) {
		capture(s, data + 1, size - 1);
		return 0;
	}
	/* An exact copy, so ASan sees any read past the frame. */
	size_t n = size - 2;
	uint8_t *frame = malloc(n ? n : 1);
	if (frame) {
		memcpy(frame, data + 2, n);
		sav_scan_frame(s, links[data[1] % 8], frame, n, (uint32_t)n);
		free(frame);
	}
	return 0;
}
