/* SPDX-License-Identifier: ISC */
/* nrtm.h - NRTM v3 mirroring of an IRR source, as IRRd mirrors do
 * (RFC 2769 style; the query is "-g SOURCE:3:FIRST-LAST").
 *
 * The pieces, each usable alone:
 *  - nrtm_parse: an NRTM answer in memory -> operations (pure; fuzzed);
 *  - nrtm_query: one query over TCP, the whole answer into memory;
 *  - struct nrtm_store: the mirrored objects by RPSL primary key, loaded
 *    from and written to an RPSL file, with ADD/DEL applied in serial
 *    order; nrtm_store_build_db makes a new, finished lib/irr database of
 *    it (irr_db is immutable once finished: a daemon builds the new one
 *    beside the old and swaps the pointer, as for any IRR reload);
 *  - nrtm_mirror_run: one round (query from the serial after the last one
 *    applied; on "%ERROR:401" or a journal that no longer reaches back, a
 *    full reload from a dump URL and its CURRENTSERIAL), the file rewritten
 *    atomically, the serial kept in DB.nrtm.json. Blocking, like
 *    fetch_run_one: a daemon calls it on a worker thread. */
#ifndef MANRS_NRTM_H
#define MANRS_NRTM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct irr_db;

/* One journal entry; obj points into the parsed buffer. */
struct nrtm_op {
	bool add; /* ADD (create or replace), else DEL */
	uint64_t serial;
	const char *obj; /* RPSL text, without the blank line after it */
	size_t len;
	unsigned long line; /* of the ADD/DEL line, 1-based */
};

/* A parsed answer. */
struct nrtm_answer {
	int version; /* 1 or 3 */
	char source[64];
	uint64_t first, last; /* from %START */
	struct nrtm_op *ops;
	size_t nops;
	bool up_to_date; /* no %START: "no newer updates" (IRRd's warning) */
	int error_code;  /* the server's %ERROR:CODE (0 when none; -1 without a code) */
	char error[256]; /* and its text */
};

/* Parse buf (n bytes) for source (case-insensitive; NULL = any). Returns
 * 0 with a filled (or up_to_date) answer, 1 when the server answered an
 * error (a->error_code, a->error), -1 with e naming name and the line when
 * the answer is malformed or incomplete (no "%END SOURCE": the connection
 * broke). Free with nrtm_answer_free. */
int nrtm_parse(const char *buf, size_t n, const char *source, const char *name,
               struct nrtm_answer *a, struct err *e);

void nrtm_answer_free(struct nrtm_answer *a);

/* Send "-g SOURCE:3:FIRST-LAST" (last 0 = "LAST") to hostport and read the
 * answer until the server closes or "%END" arrives, within timeout seconds
 * and max bytes. *buf is heap, NUL-terminated. Returns 0 or -1 with e set. */
int nrtm_query(const char *hostport, const char *source, uint64_t first, uint64_t last,
               long timeout, size_t max, char **buf, size_t *n, struct err *e);

/* The mirrored objects. */
struct nrtm_store;

/* An empty store; NULL when memory is short. */
struct nrtm_store *nrtm_store_new(void);

void nrtm_store_free(struct nrtm_store *s);

/* Add every object of an RPSL file (plain or compressed). Returns the number
 * of objects read, or -1 with e set. */
long nrtm_store_load(struct nrtm_store *s, const char *path, struct err *e);

/* Apply ops in order. A DEL of an unknown object and an ADD that replaces
 * one are counted (*missing_del, *replaced; either may be NULL) and not
 * errors, as IRRd mirrors do. Returns 0, or -1 with e naming the op's
 * serial when an object has no primary key or memory is short (the store
 * may then hold the ops before it). */
int nrtm_store_apply(struct nrtm_store *s, const struct nrtm_op *ops, size_t n,
                     unsigned long *missing_del, unsigned long *replaced, struct err *e);

/* Number of objects held. */
size_t nrtm_store_count(const struct nrtm_store *s);

/* Write every object (in first-seen order, a blank line between) to path
 * atomically. Returns 0 or -1 with e set. */
int nrtm_store_write(const struct nrtm_store *s, const char *path, struct err *e);

/* A new, finished irr_db of the store's objects (default source: source).
 * Returns 0 with *db set, or -1 with e set. */
int nrtm_store_build_db(const struct nrtm_store *s, const char *source, struct irr_db **db,
                        struct err *e);

/* The primary key of RPSL object text ("ROUTE 10.0.0.0/8 AS1"), class and
 * key upper case, into key (cap bytes). Returns 0, -1 when there is none. */
int nrtm_object_key(const char *obj, size_t len, char *key, size_t cap);

/* One mirror: where to ask, what to keep. */
struct nrtm_mirror {
	const char *hostport, *source;
	const char *db;         /* RPSL file kept current; DB.nrtm.json holds the serial */
	const char *full_url;   /* dump for a full reload (NULL: none, then a gap is an error) */
	const char *serial_url; /* its CURRENTSERIAL */
	uint64_t start_serial;  /* serial of an existing db without state (0: none) */
	long timeout;           /* seconds per network step */
};

struct nrtm_result {
	uint64_t serial_before, serial_after;
	size_t adds, dels, objects;
	unsigned long missing_del, replaced;
	bool full_reload; /* the journal did not reach back: reloaded from full_url */
	char reload_reason[256];
};

/* One round (see above). Returns 0 or -1 with e naming host and source; on
 * -1 the db file and its serial are as before. */
int nrtm_mirror_run(const struct nrtm_mirror *m, struct nrtm_result *r, struct err *e);

#endif
