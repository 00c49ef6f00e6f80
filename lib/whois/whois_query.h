/* SPDX-License-Identifier: ISC */
/* whois_query.h - parse one line of the IRRd whois query language: the
 * "!x" commands (IRRd 3/4, as bgpq4, bgpq3 and peval send them) and
 * RIPE-style flag queries ("-k", "-i origin AS64496", "-T route -s RIPE
 * 192.0.2.0/24", or a plain key). Pure parsing: no I/O, no database. */
#ifndef MANRS_WHOIS_QUERY_H
#define MANRS_WHOIS_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "core/prefix.h"
#include "irr/irr_db.h"

#define WHOIS_MAX_LINE 16384 /* longer query lines are refused */
#define WHOIS_ARG_MAX 512

enum whois_cmd {
	WHOIS_EMPTY,        /* blank line: ignored */
	WHOIS_PERSIST,      /* !!  keep the connection open */
	WHOIS_CLIENT,       /* !nNAME  client name */
	WHOIS_ROUTES,       /* !gASN (family 4) / !6ASN (family 6) */
	WHOIS_SET,          /* !iSET[,1] */
	WHOIS_SET_PREFIXES, /* !a[4|6]SET */
	WHOIS_SERIAL,       /* !jSRC / !j-* */
	WHOIS_MATCH,        /* !mCLASS,KEY */
	WHOIS_MNTNER,       /* !oMNTNER */
	WHOIS_ROUTE,        /* !rPREFIX[,o|l|L|M] */
	WHOIS_SOURCES_GET,  /* !s-lc */
	WHOIS_SOURCES_SET,  /* !sSRC,SRC */
	WHOIS_TIMEOUT,      /* !tSECONDS */
	WHOIS_VERSION,      /* !v */
	WHOIS_QUIT,         /* !q */
	WHOIS_RIPE,         /* RIPE-style: flags and/or a key */
	WHOIS_ERROR,        /* unparsable: error holds the F message */
};

/* RIPE-style flags. */
#define WHOIS_F_PERSIST 0x01 /* -k */
#define WHOIS_F_ORIGIN 0x02  /* -i origin: key is an AS, answer its routes */
#define WHOIS_F_MNTBY 0x04   /* -i mnt-by: key is a maintainer */
#define WHOIS_F_MEMBER 0x08  /* -i member-of (answered like !i) */

struct whois_query {
	enum whois_cmd cmd;
	char arg[WHOIS_ARG_MAX]; /* set name, key, source list, client name... */
	uint32_t asn;            /* !g/!6; -i origin */
	struct prefix prefix;    /* !r */
	int family;              /* !g/!6: 4/6; !a: 0, 4 or 6 */
	int recursive;           /* !i...,1 */
	int origins_only;        /* !r...,o */
	enum irr_match match;    /* !r */
	int cls;                 /* !m class (enum irr_class) */
	unsigned timeout;        /* !t */
	/* RIPE-style */
	unsigned flags;
	uint32_t types;              /* bit per enum irr_class from -T; 0 = all */
	char sources[WHOIS_ARG_MAX]; /* -s list, "" = unchanged */
	char error[160];             /* for WHOIS_ERROR: the reply text after "F " */
};

/* Parse line[0..len) (no newline; a trailing '\r' is ignored; a NUL byte is
 * an error). Always fills q; unparsable input gives cmd WHOIS_ERROR with a
 * message. */
void whois_query_parse(const char *line, size_t len, struct whois_query *q);

#endif
