/* SPDX-License-Identifier: ISC */
/* scan_read.c - frames from a capture file through libpcap.
 *
 * libpcap reads pcap and pcapng from a FILE*; the FILE* here is a stdio
 * cookie stream over the core reader, so gzip, bzip2, xz and zstd captures
 * (and stdin) need no temporary file. The stream answers ftell, which
 * places a read error in the decompressed file. */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/reader.h"
#include "core/wire.h"
#include "sav/scan.h"

#define STDIO_BUF (1u << 18)

struct cookie {
	struct reader *r;
	struct err err; /* the reader's own error, better than libpcap's */
	bool failed;
};

static ssize_t cookie_read(void *c, char *buf, size_t n)
{
	struct cookie *k = c;
	ssize_t got = reader_read(k->r, buf, n, &k->err);
	if (got < 0) {
		k->failed = true;
		errno = EIO;
	}
	return got;
}

/* Only "where am I" is answered: all ftell needs. */
static int cookie_seek(void *c, off64_t *off, int whence)
{
	struct cookie *k = c;
	if (whence == SEEK_CUR && *off == 0) {
		*off = (off64_t)reader_offset(k->r);
		return 0;
	}
	errno = ESPIPE;
	return -1;
}

static int cookie_close(void *c)
{
	(void)c; /* the reader is closed by its owner */
	return 0;
}

/* A pcapng's interfaces described before its first packet: how many, and
 * the name (if_name option) of the first one. */
static unsigned pcapng_interfaces(const uint8_t *p, size_t n, char *name, size_t cap)
{
	unsigned count = 0;
	*name = '\0';
	if (n < 12 || wire_load_u32(p) != 0x0A0D0D0A)
		return 0;
	bool be = wire_load_u32(p + 8) == 0x1A2B3C4D;
	size_t off = 0;
	while (n - off >= 12) {
		const uint8_t *b = p + off;
		uint32_t type = be ? wire_load_u32(b)
		                   : (uint32_t)b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
		uint32_t len = be ? wire_load_u32(b + 4)
		                  : (uint32_t)b[4] | b[5] << 8 | b[6] << 16 | (uint32_t)b[7] << 24;
		if (len < 12 || len % 4 || len > n - off || type == 2 || type == 3 || type == 6)
			break;
		if (type == 1 && count++ == 0 && len >= 20) {
			for (size_t o = 16; o + 4 <= len - 4;) {
				uint16_t code =
				    be ? wire_load_u16(b + o) : (uint16_t)(b[o] | b[o + 1] << 8);
				uint16_t olen = be ? wire_load_u16(b + o + 2)
				                   : (uint16_t)(b[o + 2] | b[o + 3] << 8);
				if (code == 0 || o + 4 + olen > len - 4)
					break;
				if (code == 2 && olen < cap) {
					memcpy(name, b + o + 4, olen);
					name[olen] = '\0';
				}
				o += 4 + ((olen + 3u) & ~3u);
			}
		}
		off += len;
	}
	return count;
}

static bool classic_pcap(const uint8_t *p, size_t n)
{
	if (n < 4)
		return false;
	uint32_t m = wire_load_u32(p);
	return m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d || m == 0x4d3cb2a1;
}

/* Which interface the frames came in on: the caller's, or the pcapng's one. */
static void pick_interface(struct sav_scan *s, struct reader *r, const char *iface, char *note,
                           size_t notecap)
{
	char name[SAV_NAME_MAX];
	size_t avail = 0;
	struct err e;
	const uint8_t *head = reader_peek(r, 1u << 20, &avail, &e);
	unsigned nif = head ? pcapng_interfaces(head, avail, name, sizeof name) : 0;
	const char *use = iface ? iface : nif == 1 && *name ? name : NULL;
	if (use) {
		if (sav_scan_set_interface(s, use) < 0)
			snprintf(
			    note, notecap,
			    "%s: interface %s is no customer's (no \"interface\" in the filters "
			    "nor if: line in the map names it)",
			    reader_name(r), use);
		return;
	}
	sav_scan_set_interface(s, NULL);
	if (nif > 1)
		snprintf(note, notecap,
		         "%s: %u capture interfaces; libpcap does not say which one a packet came "
		         "in on, so interface names are not used for ingress (use --interface or "
		         "VLAN/MAC keys)",
		         reader_name(r), nif);
}

/* Read every frame of an open capture into s. */
static int read_frames(struct sav_scan *s, pcap_t *pc, struct cookie *k, bool classic,
                       const char *path, struct err *e)
{
	int dlt = pcap_datalink(pc);
	if (!sav_decode_link_supported(dlt)) {
		const char *nm = pcap_datalink_val_to_name(dlt);
		return err_set(e, "%s: link type %d (%s) not supported", path, dlt, nm ? nm : "?");
	}
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t pos = 24, before = s->frames;
	int rc;
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		sav_scan_frame(s, dlt, data, h->caplen, h->len);
		pos += 16 + (uint64_t)h->caplen;
	}
	if (rc == PCAP_ERROR_BREAK && !k->failed)
		return 0;
	s->partial = true;
	long at = ftell(pcap_file(pc));
	uint64_t off = classic ? pos : at >= 0 ? (uint64_t)at : 0;
	unsigned long long done = s->frames - before;
	if (k->failed) /* the reader's message names the file and its offset */
		return err_set(e, "%s (after packet %llu of this file; counts are partial)",
		               k->err.msg, done);
	return err_at_offset(e, path, off,
	                     "%s (after packet %llu of this file; counts are partial)",
	                     pcap_geterr(pc), done);
}

/* libpcap on a cookie stream over the reader: compressed files and stdin. */
static pcap_t *open_through_reader(struct cookie *k, char *ebuf)
{
	cookie_io_functions_t io = {cookie_read, NULL, cookie_seek, cookie_close};
	FILE *fp = fopencookie(k, "r", io);
	if (!fp) {
		snprintf(ebuf, PCAP_ERRBUF_SIZE, "%s", strerror(errno));
		return NULL;
	}
	setvbuf(fp, NULL, _IOFBF, STDIO_BUF);
	pcap_t *pc = pcap_fopen_offline(fp, ebuf);
	if (!pc)
		fclose(fp);
	return pc;
}

int sav_scan_file(struct sav_scan *s, const char *path, const char *iface, char *note,
                  struct err *e)
{
	*note = '\0';
	struct cookie k = {0};
	k.r = reader_open(path, e);
	if (!k.r)
		return -1;
	size_t avail = 0;
	const uint8_t *head = reader_peek(k.r, 4, &avail, e);
	if (!head) {
		reader_close(k.r);
		return -1;
	}
	bool classic = classic_pcap(head, avail);
	pick_interface(s, k.r, iface, note, 256);
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *pc;
	/* A plain file goes to libpcap directly: one copy of every byte less. */
	if (!strcmp(reader_format(k.r), "plain") && strcmp(path, "-")) {
		reader_close(k.r);
		k.r = NULL;
		pc = pcap_open_offline(path, ebuf);
	} else {
		pc = open_through_reader(&k, ebuf);
	}
	int rc;
	if (!pc)
		rc = k.failed
		         ? err_set(e, "%s", k.err.msg)
		         : err_set(e, "%s: not a pcap or pcapng capture (libpcap: %s)", path, ebuf);
	else
		rc = read_frames(s, pc, &k, classic, path, e);
	if (pc)
		pcap_close(pc); /* closes its FILE */
	reader_close(k.r);
	return rc;
}
