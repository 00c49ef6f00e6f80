/* SPDX-License-Identifier: ISC */
/* irr_serve.c - 'manrs irr load' (load RPSL dumps, print counts, optionally
 * expand a set) and 'manrs irr serve' (the IRRd-compatible whois server,
 * reloading the dumps on SIGHUP or when a file changes). */
#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "cmd.h"
#include "core/atomic_file.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "stop_signals.h"
#include "irr/irr_db.h"
#include "irr_cmds.h"
#include "listen_guard.h"
#include "privdrop.h"
#include "reload.h"
#include "rpki/rpki_set.h"
#include "whois_server.h"

#define MAX_FILES 256
#define MAX_LISTEN 8

/* The dumps to load, each with the default source given before it. */
struct file_list {
	struct {
		const char *path;
		const char *source;
		unsigned long objects;     /* objects in the data being served */
		unsigned long new_objects; /* objects in the last load */
	} f[MAX_FILES];
	int n;
	const char *rpki;    /* VRP file for RPKI-aware mode, or NULL */
	int quiet;           /* no per-object warnings */
	unsigned max_shrink; /* refuse a reload losing more than this % of a file's objects */
};

static double clock_s(clockid_t id)
{
	struct timespec t;

	clock_gettime(id, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of this thread: fair on a busy machine, unlike wall time. */
static double cpu_now(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

static void print_warning(const struct err *w, void *ctx)
{
	const struct file_list *fl = ctx;

	if (!fl->quiet)
		log_warn("%s", w->msg);
}

/* A plain dump that does not end with a newline was most likely cut short
 * (a copy still being written, a full disk): say so, as its last object may
 * be incomplete. Compressed files report truncation when they are read. */
static void warn_if_truncated(const char *path)
{
	static const unsigned char magic[][4] = {
	    {0x1f, 0x8b}, {'B', 'Z', 'h'}, {0xfd, '7', 'z', 'X'}, {0x28, 0xb5, 0x2f, 0xfd}};
	static const size_t magic_len[] = {2, 3, 4, 4};
	unsigned char head[4] = {0}, last = '\n';
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return;
	n = fread(head, 1, sizeof head, f);
	for (size_t i = 0; i < sizeof magic_len / sizeof magic_len[0]; i++)
		if (n >= magic_len[i] && memcmp(head, magic[i], magic_len[i]) == 0) {
			fclose(f);
			return;
		}
	if (n > 0 && fseeko(f, -1, SEEK_END) == 0 && fread(&last, 1, 1, f) == 1 && last != '\n')
		log_warn("%s: does not end with a newline: the last object may be truncated", path);
	fclose(f);
}

/* Accept the objects of the last load as the served ones. */
static void accept_counts(struct file_list *fl)
{
	for (int i = 0; i < fl->n; i++)
		fl->f[i].objects = fl->f[i].new_objects;
}

/* A reload that loses more than max_shrink percent of a file's objects is
 * most likely a truncated or broken download: refuse it (keep serving the
 * previous data) and say why in why. Returns 1 when refused. */
static int shrink_refused(const struct file_list *fl, char *why, size_t n)
{
	for (int i = 0; i < fl->n && fl->max_shrink < 100; i++) {
		unsigned long old = fl->f[i].objects, now = fl->f[i].new_objects;

		if (now < old && (old - now) * 100 > old * fl->max_shrink) {
			snprintf(
			    why, n,
			    "%s: %lu objects, %lu%% fewer than the %lu served (--max-shrink %u%%)",
			    fl->f[i].path, now, (old - now) * 100 / old, old, fl->max_shrink);
			return 1;
		}
	}
	return 0;
}

static int add_file(struct file_list *fl, const char *path, const char *source)
{
	if (fl->n >= MAX_FILES)
		return -1;
	fl->f[fl->n].path = path;
	fl->f[fl->n].source = source;
	fl->n++;
	return 0;
}

/* Build a finished db from every file (and the RPKI filter). NULL with e set
 * on failure. */
static struct irr_db *load_all(struct file_list *fl, long *rpki_dropped, struct err *e)
{
	struct irr_db *db = irr_db_new();

	if (!db) {
		err_set(e, "out of memory");
		return NULL;
	}
	irr_db_set_warn(db, print_warning, fl);
	for (int i = 0; i < fl->n; i++) {
		unsigned long before = irr_db_stats(db)->objects;

		if (irr_db_load_file(db, fl->f[i].path, fl->f[i].source, e) < 0)
			goto fail;
		fl->f[i].new_objects = irr_db_stats(db)->objects - before;
		warn_if_truncated(fl->f[i].path);
	}
	if (irr_db_finish(db, e) < 0)
		goto fail;
	if (fl->rpki) {
		struct rpki_set vrps;
		long n;

		rpki_set_init(&vrps);
		if (rpki_set_load_file(&vrps, fl->rpki, e) < 0) {
			rpki_set_free(&vrps);
			goto fail;
		}
		rpki_set_finish(&vrps);
		n = irr_db_drop_rpki_invalid(db, &vrps, e);
		rpki_set_free(&vrps);
		if (n < 0)
			goto fail;
		if (rpki_dropped)
			*rpki_dropped = n;
	}
	return db;
fail:
	irr_db_free(db);
	return NULL;
}

/* --- irr load --- */

static void load_usage(FILE *f)
{
	fprintf(f, "usage: manrs irr load [OPTIONS] [--source NAME] FILE...\n"
	           "Load RPSL dumps (plain, gzip, bzip2, xz, zstd) and print what they hold.\n\n"
	           "  -s, --source NAME   default source for the FILEs that follow (objects\n"
	           "                      without a source: attribute); default: file base name\n"
	           "  -e, --expand SET    also expand an as-set or route-set and print its size\n"
	           "  -S, --sources LIST  source order for --expand (e.g. RIPE,RADB)\n"
	           "  -4 / -6             address family for --expand prefixes (default 4)\n"
	           "  -L, --depth N       follow nested sets at most N levels (0 = unlimited)\n"
	           "      --rpki FILE     drop route objects RPKI-invalid against these VRPs\n"
	           "  -j, --json          JSON output\n"
	           "  -q, --quiet         do not print per-object warnings\n"
	           "  -h, --help          this help\n"
	           "Exit: 0 loaded, 1 a file could not be read, 2 usage error.\n");
}

struct expand_result {
	const char *set;
	int found;
	size_t nasns, nprefixes;
	double seconds, cpu_seconds;
	struct irr_expand_info info;
};

static int run_expand(const struct irr_db *db, const char *set, const char *srclist, int family,
                      unsigned depth, struct expand_result *r, struct err *e)
{
	struct irr_sources sel;
	struct irr_expand_opts o = {.max_depth = depth};
	struct irr_asns asns = {0};
	struct irr_prefixes ps = {0};
	double t = now(), c = cpu_now();

	if (srclist) {
		if (irr_sources_parse(db, srclist, false, &sel, e) < 0)
			return -1;
		o.sources = &sel;
	}
	r->set = set;
	r->found = irr_expand_as_set(db, set, &o, &asns, &r->info);
	if (r->found > 0) {
		if (irr_db_prefixes_by_asns(db, asns.v, asns.n, family, o.sources, &ps) < 0)
			r->found = -1;
	} else if (r->found == 0) {
		struct irr_ranges rs = {0};

		r->found = irr_expand_route_set(db, set, &o, family, &rs, &r->info);
		ps.n = rs.n;
		irr_ranges_free(&rs);
	}
	r->nasns = asns.n;
	r->nprefixes = ps.n;
	r->seconds = now() - t;
	r->cpu_seconds = cpu_now() - c;
	irr_asns_free(&asns);
	irr_prefixes_free(&ps);
	if (r->found < 0)
		return err_set(e, "out of memory expanding %s", set);
	return 0;
}

static void print_load_text(const struct irr_db *db, double secs, long dropped,
                            const struct expand_result *x)
{
	const struct irr_load_stats *st = irr_db_stats(db);

	printf("objects      %lu (%lu of classes not kept)\n", st->objects, st->other);
	for (int c = 0; c < IRR_CLASS_COUNT; c++)
		if (st->kept[c])
			printf("%-12s %lu\n", irr_class_name(c), st->kept[c]);
	printf("routes       %zu unique (%lu duplicates merged)\n", irr_db_route_count(db),
	       st->duplicates);
	if (dropped >= 0)
		printf("rpki-invalid %ld dropped\n", dropped);
	printf("rejected     %lu\nwarnings     %lu\n", st->rejected, st->warnings);
	printf("sources     ");
	for (unsigned i = 0; i < irr_db_nsources(db); i++)
		printf(" %s", irr_db_source_name(db, i));
	printf("\nmemory       %.1f MiB\nload time    %.3f s\n",
	       (double)irr_db_memory(db) / 1048576.0, secs);
	if (x) {
		if (!x->found)
			printf("expand       %s: not found\n", x->set);
		else
			printf("expand       %s: %zu ASNs, %zu prefixes, %u sets, %u loops, "
			       "%u missing, %u cut by depth, %.3f s (%.3f s cpu)\n",
			       x->set, x->nasns, x->nprefixes, x->info.sets, x->info.loops,
			       x->info.missing, x->info.depth_cut, x->seconds, x->cpu_seconds);
	}
}

/* "key":n */
static void json_count(struct json_writer *w, const char *key, uint64_t n)
{
	json_key(w, key);
	json_u64(w, n);
}

static void print_expand_json(struct json_writer *w, const struct expand_result *x)
{
	json_key(w, "expand");
	json_begin_object(w);
	json_key(w, "set");
	json_str(w, x->set);
	json_key(w, "found");
	json_bool(w, x->found > 0);
	json_count(w, "asns", x->nasns);
	json_count(w, "prefixes", x->nprefixes);
	json_count(w, "sets", x->info.sets);
	json_count(w, "loops", x->info.loops);
	json_count(w, "missing", x->info.missing);
	json_count(w, "depth_cut", x->info.depth_cut);
	json_key(w, "seconds");
	json_fixed(w, x->seconds, 3);
	json_key(w, "cpu_seconds");
	json_fixed(w, x->cpu_seconds, 3);
	json_end_object(w);
}

static void print_load_json(const struct irr_db *db, double secs, long dropped,
                            const struct expand_result *x)
{
	const struct irr_load_stats *st = irr_db_stats(db);
	struct json_writer w;

	json_writer_init_file(&w, stdout);
	json_begin_object(&w);
	json_count(&w, "objects", st->objects);
	json_count(&w, "other", st->other);
	json_key(&w, "classes");
	json_begin_object(&w);
	for (int c = 0; c < IRR_CLASS_COUNT; c++)
		if (st->kept[c])
			json_count(&w, irr_class_name(c), st->kept[c]);
	json_end_object(&w);
	json_count(&w, "routes", irr_db_route_count(db));
	json_count(&w, "duplicates", st->duplicates);
	json_count(&w, "rejected", st->rejected);
	json_count(&w, "warnings", st->warnings);
	if (dropped >= 0)
		json_count(&w, "rpki_invalid_dropped", (uint64_t)dropped);
	json_key(&w, "sources");
	json_begin_array(&w);
	for (unsigned i = 0; i < irr_db_nsources(db); i++)
		json_str(&w, irr_db_source_name(db, i));
	json_end_array(&w);
	json_count(&w, "memory_bytes", irr_db_memory(db));
	json_key(&w, "load_seconds");
	json_fixed(&w, secs, 3);
	if (x)
		print_expand_json(&w, x);
	json_end_object(&w);
	json_ws(&w, "\n");
	json_writer_finish(&w); /* a failed write shows in ferror(stdout) */
}

enum {
	OPT_RPKI = 1000,
	OPT_LISTEN,
	OPT_IDLE,
	OPT_MAXCLI,
	OPT_CHECK,
	OPT_PIDFILE,
	OPT_QTIMEOUT,
	OPT_MAXPENDING,
	OPT_CLIENTBUF,
	OPT_BUDGET,
	OPT_MAXSHRINK,
	OPT_USER,
	OPT_CHROOT,
	OPT_NOLANDLOCK,
};

int irr_load_main(int argc, char **argv)
{
	static const struct option lopts[] = {{"source", required_argument, NULL, 's'},
	                                      {"expand", required_argument, NULL, 'e'},
	                                      {"sources", required_argument, NULL, 'S'},
	                                      {"depth", required_argument, NULL, 'L'},
	                                      {"rpki", required_argument, NULL, OPT_RPKI},
	                                      {"json", no_argument, NULL, 'j'},
	                                      {"quiet", no_argument, NULL, 'q'},
	                                      {"help", no_argument, NULL, 'h'},
	                                      {NULL, 0, NULL, 0}};
	static struct file_list fl;
	const char *source = NULL, *expand = NULL, *srclist = NULL;
	int json = 0, family = 4, c;
	unsigned depth = 0;
	struct expand_result x;
	struct irr_db *db;
	long dropped = -1;
	struct err e;
	double t;

	memset(&fl, 0, sizeof fl);
	optind = 1;
	while ((c = getopt_long(argc, argv, "-s:e:S:L:46jqh", lopts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (add_file(&fl, optarg, source) < 0)
				return cmd_usage_error("irr load", "too many files (max %d)",
				                       MAX_FILES);
			break;
		case 's':
			source = optarg;
			break;
		case 'e':
			expand = optarg;
			break;
		case 'S':
			srclist = optarg;
			break;
		case 'L':
			depth = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case '4':
			family = 4;
			break;
		case '6':
			family = 6;
			break;
		case OPT_RPKI:
			fl.rpki = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'q':
			fl.quiet = 1;
			break;
		case 'h':
			load_usage(stdout);
			return EXIT_OK;
		default:
			load_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (fl.n == 0)
		return cmd_usage_error("irr load", "no RPSL file given (see --help)");
	t = now();
	db = load_all(&fl, fl.rpki ? &dropped : NULL, &e);
	if (!db) {
		fprintf(stderr, "manrs irr load: %s\n", e.msg);
		return EXIT_FINDINGS;
	}
	t = now() - t;
	if (expand && run_expand(db, expand, srclist, family, depth, &x, &e) < 0) {
		fprintf(stderr, "manrs irr load: %s\n", e.msg);
		irr_db_free(db);
		return EXIT_FINDINGS;
	}
	if (json)
		print_load_json(db, t, dropped, expand ? &x : NULL);
	else
		print_load_text(db, t, dropped, expand ? &x : NULL);
	irr_db_free(db);
	return EXIT_OK;
}

/* --- irr serve --- */

/* Reloads run on serve/reload's worker thread so the loop keeps answering
 * from the old db; the dumps are watched there too (device, inode, size,
 * mtime to the nanosecond: a rewrite within a second counts). */
struct serve_ctx {
	struct file_list fl;
	const char *paths[MAX_FILES]; /* the dumps, watched for changes */
	struct whois_server *srv;
	struct event_base *base;
	struct reloader *reloader;
	unsigned long refused;         /* reloads refused by --max-shrink */
	struct privdrop_opts privdrop; /* applied once bound, before serving */
};

struct reload_msg {
	struct irr_db *db;
	char error[512];
};

static void *reload_load(void *arg)
{
	struct serve_ctx *sc = arg;
	struct reload_msg *m = calloc(1, sizeof *m);
	struct err e;

	if (!m)
		return NULL;
	m->db = load_all(&sc->fl, NULL, &e);
	if (!m->db)
		snprintf(m->error, sizeof m->error, "%s", e.msg);
	return m;
}

static int reload_swap(void *arg, void *result, const char *why, double seconds)
{
	struct serve_ctx *sc = arg;
	struct reload_msg *m = result;
	int rc = -1;

	if (!m) {
		log_err("reload failed, still serving the previous data: out of memory");
		return -1;
	}
	if (m->db && shrink_refused(&sc->fl, m->error, sizeof m->error)) {
		irr_db_free(m->db);
		sc->refused++;
		log_err("reload refused, still serving the previous data: %s", m->error);
	} else if (m->db) {
		accept_counts(&sc->fl);
		whois_server_set_db(sc->srv, m->db);
		log_info("reloaded: %zu routes in %.2f s", irr_db_route_count(m->db), seconds);
		rc = 0;
	} else {
		log_err("reload failed, still serving the previous data: %s", m->error);
	}
	free(m);
	return rc;
}

static void reload_discard(void *arg, void *result)
{
	struct reload_msg *m = result;

	if (m)
		irr_db_free(m->db);
	free(m);
}

static void reload_changed(void *arg, const char *path)
{
	log_info("%s changed: reloading", path);
}

static void on_sighup(evutil_socket_t sig, short what, void *arg)
{
	struct serve_ctx *sc = arg;

	log_info("SIGHUP: reloading");
	reloader_request(sc->reloader, "SIGHUP");
}

static void on_sigterm(evutil_socket_t sig, short what, void *arg)
{
	event_base_loopbreak(((struct serve_ctx *)arg)->base);
}

static void serve_usage(FILE *f)
{
	fprintf(f, "usage: manrs irr serve [OPTIONS] [--source NAME] FILE...\n"
	           "Serve RPSL dumps with the IRRd whois query language (bgpq4, bgpq3, whois).\n\n"
	           "  -l, --listen ADDR     listen on ADDR (127.0.0.1:43, [::1]:43); repeatable;\n"
	           "                        default 127.0.0.1:43\n"
	           "  -s, --source NAME     default source for the FILEs that follow\n"
	           "      --rpki FILE       drop route objects RPKI-invalid against these VRPs\n"
	           "      --idle-timeout S  close clients idle for S seconds between queries\n"
	           "                        (default 300)\n"
	           "      --query-timeout S a query line must be complete S seconds after its\n"
	           "                        first byte (and the first one after connecting);\n"
	           "                        default 30\n"
	           "      --max-clients N   refuse connections beyond N (default: the fd limit\n"
	           "                        minus 64, at most 1024)\n"
	           "      --max-pending N   connections from one address without a complete\n"
	           "                        query; more are refused (default: half of\n"
	           "                        --max-clients)\n"
	           "      --client-buffer KIB  stop reading a client's queries while this much\n"
	           "                        output waits for it (default 256)\n"
	           "      --output-budget MIB  unsent output of all clients together; beyond it\n"
	           "                        the client with the largest unread backlog is\n"
	           "                        closed (default 64)\n"
	           "      --check-interval S  reload when a file changes, checked every S\n"
	           "                        seconds (default 10, 0 = only on SIGHUP)\n"
	           "      --max-shrink PCT  refuse a reload that drops more than PCT%% of a\n"
	           "                        file's objects, keep serving the old data\n"
	           "                        (default 50; 100 = off)\n"
	           "      --pidfile FILE    write the process id to FILE (at start)\n"
	           "privileges (applied once bound and loaded, before any query is read):\n"
	           "      --user NAME       switch to user NAME and its groups (start as root\n"
	           "                        to bind port 43; the files must be readable by NAME)\n"
	           "      --chroot DIR      chroot to DIR (needs --user); FILEs and --rpki must\n"
	           "                        then be relative to DIR\n"
	           "      --no-landlock     do not restrict file access with Landlock (default:\n"
	           "                        read only the folders of the FILEs and --rpki)\n"
	           "  -v, --verbose         log reloads and connections\n"
	           "  -q, --quiet           do not print per-object warnings\n"
	           "  -h, --help            this help\n"
	           "SIGHUP reloads the files; clients stay connected. SIGTERM/SIGINT stop.\n");
}

static int serve_loop(struct serve_ctx *sc, struct irr_db *db, const char **listen, int nlisten,
                      const struct whois_server_opts *o)
{
	struct event *ev_hup = NULL, *ev_term = NULL, *ev_int = NULL;
	int rc = EXIT_FINDINGS;
	struct err e;

	sc->srv = whois_server_new(sc->base, o);
	if (!sc->srv) {
		irr_db_free(db);
		return EXIT_FINDINGS;
	}
	whois_server_set_db(sc->srv, db);
	for (int i = 0; i < nlisten; i++)
		if (whois_server_listen(sc->srv, listen[i], &e) < 0) {
			log_err("%s", e.msg);
			goto out;
		}
	ev_hup = evsignal_new(sc->base, SIGHUP, on_sighup, sc);
	ev_term = evsignal_new(sc->base, SIGTERM, on_sigterm, sc);
	ev_int = evsignal_new(sc->base, SIGINT, on_sigterm, sc);
	if (!ev_hup || !ev_term || !ev_int || event_add(ev_hup, NULL) < 0 ||
	    event_add(ev_term, NULL) < 0 || event_add(ev_int, NULL) < 0)
		goto out;
	if (privdrop_apply(&sc->privdrop, &e) < 0) {
		log_err("%s", e.msg);
		goto out;
	}
	log_info("listening on %s%s: %zu routes", listen[0], nlisten > 1 ? " and more" : "",
	         irr_db_route_count(db));
	event_base_dispatch(sc->base);
	rc = EXIT_OK;
out:
	/* first: a running load must not hand its db to a freed server */
	reloader_cancel(sc->reloader);
	stop_signals_free((struct event *[]){ev_hup, ev_term, ev_int}, 3);
	whois_server_free(sc->srv);
	return rc;
}

/* Parse a whole number in [lo, hi] for option name; a usage error
 * otherwise (a typo must not silently become 0 = default). */
static int parse_num(const char *name, const char *arg, unsigned long lo, unsigned long hi,
                     unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || *v < lo || *v > hi) {
		cmd_usage_error("irr serve", "%s wants a whole number from %lu to %lu, not '%s'",
		                name, lo, hi, arg);
		return -1;
	}
	return 0;
}

/* More clients than file descriptors would end in accept() failing: keep
 * the limit below RLIMIT_NOFILE with a reserve. */
static void fit_clients_to_fds(struct whois_server_opts *o)
{
	unsigned fit = listen_guard_default_clients(LISTEN_GUARD_RESERVE);

	if (o->max_clients && fit && o->max_clients > fit) {
		log_warn("--max-clients %u is more than the file descriptor limit allows "
		         "(ulimit -n %lu, %u kept in reserve): using %u",
		         o->max_clients, listen_guard_fd_limit(), LISTEN_GUARD_RESERVE, fit);
		o->max_clients = fit;
	}
}

/* The files a reload reads after the privilege drop. */
static int privdrop_files(struct privdrop_opts *pd, const struct file_list *fl, struct err *e)
{
	for (int i = 0; i < fl->n; i++)
		if (privdrop_add_path(pd, fl->f[i].path, 0, e) < 0)
			return -1;
	if (fl->rpki && privdrop_add_path(pd, fl->rpki, 0, e) < 0)
		return -1;
	return 0;
}

/* The PID, written whole through a temporary file in the same folder so
 * that a script never reads half of it. Returns 0, or -1 after a message. */
static int write_pidfile(const char *path)
{
	struct atomic_file af;
	struct err e = {0};
	if (atomic_file_open(&af, path, &e) == 0) {
		fprintf(af.f, "%ld\n", (long)getpid());
		if (atomic_file_commit(&af, &e) == 0)
			return 0;
	}
	fprintf(stderr, "manrs irr serve: cannot write the pidfile: %s\n", e.msg);
	return -1;
}

int irr_serve_main(int argc, char **argv)
{
	/* twin of rtr serve's serve_opts (rtr.c): daemon options keep the same names in both */
	static const struct option lopts[] = {
	    {"listen", required_argument, NULL, 'l'},
	    {"source", required_argument, NULL, 's'},
	    {"rpki", required_argument, NULL, OPT_RPKI},
	    {"idle-timeout", required_argument, NULL, OPT_IDLE},
	    {"max-clients", required_argument, NULL, OPT_MAXCLI},
	    {"check-interval", required_argument, NULL, OPT_CHECK},
	    {"query-timeout", required_argument, NULL, OPT_QTIMEOUT},
	    {"max-pending", required_argument, NULL, OPT_MAXPENDING},
	    {"client-buffer", required_argument, NULL, OPT_CLIENTBUF},
	    {"output-budget", required_argument, NULL, OPT_BUDGET},
	    {"max-shrink", required_argument, NULL, OPT_MAXSHRINK},
	    {"pidfile", required_argument, NULL, OPT_PIDFILE},
	    {"user", required_argument, NULL, OPT_USER},
	    {"chroot", required_argument, NULL, OPT_CHROOT},
	    {"no-landlock", no_argument, NULL, OPT_NOLANDLOCK},
	    {"verbose", no_argument, NULL, 'v'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	static struct serve_ctx sc;
	struct whois_server_opts o = {0};
	size_t v;
	const char *listen[MAX_LISTEN], *source = NULL, *pidfile = NULL;
	int nlisten = 0, c, rc;
	unsigned check = 10;
	struct irr_db *db;
	struct err e;

	memset(&sc, 0, sizeof sc);
	privdrop_init(&sc.privdrop);
	sc.fl.max_shrink = 50;
	optind = 1;
/* a whole number in [lo, hi] or a usage error */
#define NUM(name, lo, hi, dst)                                                                     \
	do {                                                                                       \
		unsigned long n_;                                                                  \
		if (parse_num(name, optarg, lo, hi, &n_) < 0)                                      \
			return EXIT_USAGE;                                                         \
		dst = n_;                                                                          \
	} while (0)
	while ((c = getopt_long(argc, argv, "-l:s:vqh", lopts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (add_file(&sc.fl, optarg, source) < 0)
				return cmd_usage_error("irr serve", "too many files (max %d)",
				                       MAX_FILES);
			break;
		case 'l':
			if (nlisten >= MAX_LISTEN)
				return cmd_usage_error("irr serve", "too many --listen (max %d)",
				                       MAX_LISTEN);
			listen[nlisten++] = optarg;
			break;
		case 's':
			source = optarg;
			break;
		case OPT_RPKI:
			sc.fl.rpki = optarg;
			break;
		case OPT_IDLE:
			NUM("--idle-timeout", 1, 86400, o.idle_timeout);
			break;
		case OPT_QTIMEOUT:
			NUM("--query-timeout", 1, 3600, o.query_timeout);
			break;
		case OPT_MAXCLI:
			NUM("--max-clients", 1, 1000000, o.max_clients);
			break;
		case OPT_MAXPENDING:
			NUM("--max-pending", 1, 1000000, o.max_pending);
			break;
		case OPT_CLIENTBUF:
			NUM("--client-buffer", 1, 1 << 20, v);
			o.out_high = v << 10;
			break;
		case OPT_BUDGET:
			NUM("--output-budget", 1, 1 << 20, v);
			o.out_budget = v << 20;
			break;
		case OPT_CHECK:
			NUM("--check-interval", 0, 86400, check);
			break;
		case OPT_MAXSHRINK:
			NUM("--max-shrink", 0, 100, sc.fl.max_shrink);
			break;
		case OPT_PIDFILE:
			pidfile = optarg;
			break;
		case OPT_USER:
			sc.privdrop.user = optarg;
			break;
		case OPT_CHROOT:
			sc.privdrop.chroot_dir = optarg;
			break;
		case OPT_NOLANDLOCK:
			sc.privdrop.no_landlock = 1;
			break;
		case 'v':
			log_set_level(LOG_LEVEL_INFO);
			break;
		case 'q':
			sc.fl.quiet = 1;
			break;
		case 'h':
			serve_usage(stdout);
			return EXIT_OK;
		default:
			serve_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (sc.fl.n == 0)
		return cmd_usage_error("irr serve", "no RPSL file given (see --help)");
	if (nlisten == 0)
		listen[nlisten++] = "127.0.0.1:43";
	if (privdrop_files(&sc.privdrop, &sc.fl, &e) < 0 ||
	    privdrop_prepare(&sc.privdrop, &e) < 0) {
		fprintf(stderr, "manrs irr serve: %s\n", e.msg);
		return EXIT_FINDINGS;
	}
	signal(SIGPIPE, SIG_IGN);
#ifdef __GLIBC__
	/* answers of a few hundred KiB come and go with clients; with a fixed
	 * threshold they are mapped and unmapped instead of fragmenting the
	 * heap, so memory returns to the system when the clients leave */
	mallopt(M_MMAP_THRESHOLD, 256 << 10);
#endif
	if (pidfile && write_pidfile(pidfile) != 0)
		return EXIT_FINDINGS;
	sc.base = event_base_new();
	if (!sc.base) {
		fprintf(stderr, "manrs irr serve: cannot create the event loop\n");
		return EXIT_FINDINGS;
	}
	for (int i = 0; i < sc.fl.n; i++)
		sc.paths[i] = sc.fl.f[i].path;
	struct reload_config rcfg = {.files = sc.paths,
	                             .nfiles = (size_t)sc.fl.n,
	                             .interval = check,
	                             .watch = check != 0,
	                             .load = reload_load,
	                             .swap = reload_swap,
	                             .discard = reload_discard,
	                             .changed = reload_changed,
	                             .arg = &sc};
	sc.reloader = reloader_new(sc.base, &rcfg, &e);
	if (!sc.reloader) {
		fprintf(stderr, "manrs irr serve: %s\n", e.msg);
		event_base_free(sc.base);
		return EXIT_FINDINGS;
	}
	/* the first load is synchronous: a bad file fails the start, and the
	 * port opens only when there is something to answer */
	reloader_take_stamps(sc.reloader);
	db = load_all(&sc.fl, NULL, &e);
	if (!db) {
		fprintf(stderr, "manrs irr serve: %s\n", e.msg);
		reloader_free(sc.reloader);
		event_base_free(sc.base);
		return EXIT_FINDINGS;
	}
	accept_counts(&sc.fl);
	fit_clients_to_fds(&o);
	rc = serve_loop(&sc, db, listen, nlisten, &o);
	reloader_free(sc.reloader);
	event_base_free(sc.base);
	return rc;
}
