/* SPDX-License-Identifier: ISC */
/* alert_store.c - alerts and their deliveries in SQLite (WAL). */
#include "detect/alert_store.h"

#include "detect/alert_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

/* 2: alerts.nth, so that an alert is known by (key, first_seen, nth) */
#define SCHEMA_VERSION 2

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS alerts("
    " id INTEGER NOT NULL, version INTEGER NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL,"
    " code TEXT NOT NULL, state TEXT NOT NULL, severity TEXT NOT NULL, prefix TEXT NOT NULL,"
    " affected_as INTEGER NOT NULL, offender_as INTEGER NOT NULL, peers INTEGER NOT NULL,"
    " first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, resolved_at INTEGER NOT NULL,"
    " description TEXT NOT NULL, stored_at INTEGER NOT NULL, json TEXT NOT NULL,"
    " nth INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY(id, version));"
    "CREATE INDEX IF NOT EXISTS alerts_by_last_seen ON alerts(last_seen);"
    "CREATE TABLE IF NOT EXISTS deliveries("
    " seq INTEGER PRIMARY KEY, id INTEGER NOT NULL, version INTEGER NOT NULL,"
    " sink TEXT NOT NULL, state TEXT NOT NULL CHECK(state IN ('pending', 'delivered')),"
    " attempts INTEGER NOT NULL DEFAULT 0, next_try REAL NOT NULL DEFAULT 0,"
    " last_error TEXT, delivered_at INTEGER,"
    " UNIQUE(id, version, sink), FOREIGN KEY(id, version) REFERENCES alerts(id, version));"
    "CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries(state, sink, seq);";

/* A version 1 store has no nth: every alert in it counts as its key's first
 * in its second. Its index on (key, first_seen) is made again with nth. */
static const char add_nth[] = "ALTER TABLE alerts ADD COLUMN nth INTEGER NOT NULL DEFAULT 0;"
                              "DROP INDEX IF EXISTS alerts_by_key;";

static const char identity_index[] =
    "CREATE INDEX IF NOT EXISTS alerts_by_key ON alerts(key, first_seen, nth);";

/* Statements prepared once, on first use. */
enum stmt_id {
	S_FIND_ID,
	S_NEXT_ID,
	S_HAS_VERSION,
	S_ID_TAKEN,
	S_INSERT_ALERT,
	S_INSERT_DELIVERY,
	S_DELIVERED,
	S_FAILED,
	S_PENDING,
	S_PENDING_COUNT,
	S_PENDING_SINK_COUNT,
	S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_FIND_ID] = "SELECT id FROM alerts WHERE key = ?1 AND first_seen = ?2 AND nth = ?3 LIMIT 1",
    [S_NEXT_ID] = "SELECT coalesce(max(id), 0) + 1 FROM alerts",
    [S_ID_TAKEN] = "SELECT 1 FROM alerts WHERE id = ?1 LIMIT 1",
    [S_HAS_VERSION] = "SELECT 1 FROM alerts WHERE id = ?1 AND version = ?2",
    [S_INSERT_ALERT] =
        "INSERT INTO alerts(id, version, key, type, code, state, severity, prefix, "
        "affected_as, offender_as, peers, first_seen, last_seen, resolved_at, description, "
        "stored_at, json, nth) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
        "?14, ?15, ?16, ?17, ?18)",
    [S_INSERT_DELIVERY] = "INSERT INTO deliveries(id, version, sink, state) "
                          "VALUES(?1, ?2, ?3, 'pending')",
    [S_DELIVERED] = "UPDATE deliveries SET state = 'delivered', attempts = attempts + 1, "
                    "delivered_at = ?4 WHERE id = ?1 AND version = ?2 AND sink = ?3",
    [S_FAILED] = "UPDATE deliveries SET attempts = attempts + 1, next_try = ?4, last_error = ?5 "
                 "WHERE id = ?1 AND version = ?2 AND sink = ?3 AND state = 'pending'",
    [S_PENDING] = "SELECT d.seq, d.id, d.version, d.attempts, a.json FROM deliveries d "
                  "JOIN alerts a ON a.id = d.id AND a.version = d.version "
                  "WHERE d.state = 'pending' AND d.sink = ?1 AND d.seq > ?2 "
                  "ORDER BY d.seq LIMIT ?3",
    [S_PENDING_COUNT] = "SELECT count(*) FROM deliveries WHERE state = 'pending'",
    [S_PENDING_SINK_COUNT] =
        "SELECT count(*) FROM deliveries WHERE state = 'pending' AND sink = ?1",
};

struct alert_store {
	sqlite3 *db;
	sqlite3_stmt *stmt[S_COUNT];
	char path[256];
};

const char *alert_store_path(const struct alert_store *st)
{
	return st->path;
}

/* Set e to "PATH: what: SQLite's message". Returns -1. */
static int db_fail(struct alert_store *st, struct err *e, const char *what)
{
	return err_set(e, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

/* The statement, reset and unbound, ready for binding; NULL with e set. */
static sqlite3_stmt *stmt(struct alert_store *st, enum stmt_id id, struct err *e)
{
	sqlite3_stmt *s = st->stmt[id];
	if (!s) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
		                       &st->stmt[id], NULL) != SQLITE_OK) {
			db_fail(st, e, "preparing a query");
			return NULL;
		}
		return st->stmt[id];
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

/* Step s once, expecting no row; then reset. Returns 0 or -1. */
static int run(struct alert_store *st, sqlite3_stmt *s, struct err *e, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, e, what);
}

/* The single integer a statement returns; -1 with e set, def when no row. */
static int64_t one_int(struct alert_store *st, sqlite3_stmt *s, int64_t def, struct err *e,
                       const char *what)
{
	int rc = sqlite3_step(s);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : def;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		return db_fail(st, e, what);
	}
	return v;
}

static int exec(struct alert_store *st, const char *sql, struct err *e, const char *what)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : db_fail(st, e, what);
}

static int check_version(struct alert_store *st, bool read_only, struct err *e)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, e, "reading the schema version");
	int64_t v = one_int(st, s, 0, e, "reading the schema version");
	sqlite3_finalize(s);
	if (v < 0)
		return -1;
	if (v > SCHEMA_VERSION)
		return err_set(e,
		               "%s: alert store version %lld is newer than this manrs reads (%d)",
		               st->path, (long long)v, SCHEMA_VERSION);
	if (v == 0 && read_only)
		return err_set(e, "%s: not an alert store (no tables)", st->path);
	return 0;
}

/* Whether the alerts table has an nth column: 1, 0, or -1 with e set. */
static int has_nth(struct alert_store *st, struct err *e)
{
	sqlite3_stmt *s;
	const char *sql = "SELECT count(*) FROM pragma_table_info('alerts') WHERE name = 'nth'";
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, e, "reading the schema");
	int64_t n = one_int(st, s, 0, e, "reading the schema");
	sqlite3_finalize(s);
	return n < 0 ? -1 : n > 0;
}

/* The tables of a new store, or those of an older one brought up to
 * SCHEMA_VERSION; inside a transaction. Returns 0 or -1. */
static int create_tables(struct alert_store *st, struct err *e)
{
	char sql[48];
	if (exec(st, schema, e, "creating tables") < 0)
		return -1;
	int nth = has_nth(st, e);
	if (nth < 0 || (nth == 0 && exec(st, add_nth, e, "adding alerts.nth") < 0))
		return -1;
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", SCHEMA_VERSION);
	if (exec(st, identity_index, e, "creating tables") < 0 ||
	    exec(st, sql, e, "creating tables") < 0)
		return -1;
	return 0;
}

static int setup(struct alert_store *st, bool read_only, struct err *e)
{
	sqlite3_busy_timeout(st->db, ALERT_STORE_BUSY_MS);
	sqlite3_extended_result_codes(st->db, 1);
	if (check_version(st, read_only, e) < 0)
		return -1;
	if (read_only)
		return 0;
	if (exec(st, "PRAGMA journal_mode=WAL", e, "setting WAL mode") < 0 ||
	    exec(st, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", e, "setting options") < 0)
		return -1;
	if (exec(st, "BEGIN IMMEDIATE", e, "creating tables") < 0)
		return -1;
	if (create_tables(st, e) < 0 || exec(st, "COMMIT", e, "creating tables") < 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

struct alert_store *alert_store_open(const char *path, bool read_only, struct err *e)
{
	struct alert_store *st = calloc(1, sizeof *st);
	if (!st) {
		err_set(e, "%s: out of memory", path);
		return NULL;
	}
	snprintf(st->path, sizeof st->path, "%s", path);
	int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		if (st->db)
			db_fail(st, e, "opening");
		else
			err_set(e, "%s: opening: out of memory", path);
		alert_store_close(st);
		return NULL;
	}
	if (setup(st, read_only, e) < 0) {
		alert_store_close(st);
		return NULL;
	}
	return st;
}

void alert_store_close(struct alert_store *st)
{
	if (!st)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st);
}

void alert_store_set_busy_timeout(struct alert_store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms);
}

int alert_store_set_max_size(struct alert_store *st, uint64_t bytes, struct err *e)
{
	char sql[96];
	int64_t page = 4096;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "PRAGMA page_size", -1, &s, NULL) == SQLITE_OK) {
		page = one_int(st, s, 4096, e, "reading the page size");
		sqlite3_finalize(s);
	}
	if (page <= 0)
		return -1;
	uint64_t pages = bytes ? bytes / (uint64_t)page : 4294967294u;
	snprintf(sql, sizeof sql, "PRAGMA max_page_count=%llu",
	         (unsigned long long)(pages ? pages : 1));
	return exec(st, sql, e, "limiting the size");
}

/* The id of a stored alert with a's key, first_seen and nth, else a->id
 * if free, else a new one. */
static int64_t alert_id(struct alert_store *st, const struct alert *a, struct err *e)
{
	sqlite3_stmt *s = stmt(st, S_FIND_ID, e);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, a->key, (int)strnlen(a->key, sizeof a->key), SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, a->first_seen);
	sqlite3_bind_int64(s, 3, a->nth);
	int64_t id = one_int(st, s, 0, e, "looking up an alert");
	if (id != 0)
		return id;
	if (a->id && a->id <= INT64_MAX) {
		if (!(s = stmt(st, S_ID_TAKEN, e)))
			return -1;
		sqlite3_bind_int64(s, 1, (int64_t)a->id);
		int64_t taken = one_int(st, s, 0, e, "looking up an alert");
		if (taken == 0)
			return (int64_t)a->id;
		if (taken < 0)
			return -1;
	}
	if (!(s = stmt(st, S_NEXT_ID, e)))
		return -1;
	return one_int(st, s, 1, e, "numbering an alert");
}

static void bind_str(sqlite3_stmt *s, int i, const char *v, size_t max)
{
	sqlite3_bind_text(s, i, v, (int)strnlen(v, max), SQLITE_STATIC);
}

static int insert_alert(struct alert_store *st, const struct alert *a, int64_t id, const char *json,
                        struct err *e)
{
	char pfx[PREFIX_STRLEN] = "";
	sqlite3_stmt *s = stmt(st, S_INSERT_ALERT, e);
	if (!s)
		return -1;
	if (a->prefix.family)
		prefix_format(&a->prefix, pfx, sizeof pfx);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, a->version);
	bind_str(s, 3, a->key, sizeof a->key);
	bind_str(s, 4, a->type, sizeof a->type);
	bind_str(s, 5, a->code, sizeof a->code);
	sqlite3_bind_text(s, 6, alert_state_name(a->state), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, alert_severity_name(a->severity), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, pfx, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 9, a->affected_as);
	sqlite3_bind_int64(s, 10, a->offender_as);
	sqlite3_bind_int64(s, 11, a->npeers);
	sqlite3_bind_int64(s, 12, a->first_seen);
	sqlite3_bind_int64(s, 13, a->last_seen);
	sqlite3_bind_int64(s, 14, a->resolved_at);
	bind_str(s, 15, a->description, sizeof a->description);
	sqlite3_bind_int64(s, 16, (int64_t)time(NULL));
	sqlite3_bind_text(s, 17, json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 18, a->nth);
	return run(st, s, e, "storing an alert");
}

static int insert_deliveries(struct alert_store *st, int64_t id, uint32_t version,
                             const char *const *sinks, size_t nsinks, struct err *e)
{
	for (size_t i = 0; i < nsinks; i++) {
		sqlite3_stmt *s = stmt(st, S_INSERT_DELIVERY, e);
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, version);
		sqlite3_bind_text(s, 3, sinks[i], -1, SQLITE_STATIC);
		if (run(st, s, e, "storing a delivery") < 0)
			return -1;
	}
	return 0;
}

/* a under its store id, as JSON, into the alerts table. */
static int insert_with_id(struct alert_store *st, const struct alert *a, int64_t id, struct err *e)
{
	struct alert *copy = malloc(sizeof *copy);
	char *json = NULL;
	if (copy) {
		*copy = *a;
		copy->id = (uint64_t)id;
		json = alert_json_string(copy);
	}
	free(copy);
	if (!json)
		return err_set(e, "%s: storing an alert: out of memory", st->path);
	int rc = insert_alert(st, a, id, json, e);
	free(json);
	return rc;
}

/* The body of alert_store_put, inside its transaction. */
static int put(struct alert_store *st, const struct alert *a, const char *const *sinks,
               size_t nsinks, uint64_t *id, struct err *e)
{
	int64_t aid = alert_id(st, a, e);
	if (aid < 0)
		return -1;
	*id = (uint64_t)aid;
	sqlite3_stmt *s = stmt(st, S_HAS_VERSION, e);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, aid);
	sqlite3_bind_int64(s, 2, a->version);
	int64_t have = one_int(st, s, 0, e, "looking up an alert");
	if (have != 0)
		return have < 0 ? -1 : 0;
	if (insert_with_id(st, a, aid, e) < 0 ||
	    insert_deliveries(st, aid, a->version, sinks, nsinks, e) < 0)
		return -1;
	return 1;
}

int alert_store_put(struct alert_store *st, const struct alert *a, const char *const *sinks,
                    size_t nsinks, uint64_t *id, struct err *e)
{
	if (exec(st, "BEGIN IMMEDIATE", e, "storing an alert") < 0)
		return -1;
	int rc = put(st, a, sinks, nsinks, id, e);
	if (rc == 1 && exec(st, "COMMIT", e, "storing an alert") < 0)
		rc = -1;
	if (rc != 1)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int64_t alert_store_max_id(struct alert_store *st, struct err *e)
{
	sqlite3_stmt *s = stmt(st, S_NEXT_ID, e);
	if (!s)
		return -1;
	int64_t next = one_int(st, s, 1, e, "numbering alerts");
	return next < 0 ? -1 : next - 1;
}

int alert_store_delivered(struct alert_store *st, uint64_t id, uint32_t version, const char *sink,
                          struct err *e)
{
	sqlite3_stmt *s = stmt(st, S_DELIVERED, e);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, (int64_t)id);
	sqlite3_bind_int64(s, 2, version);
	sqlite3_bind_text(s, 3, sink, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (int64_t)time(NULL));
	return run(st, s, e, "recording a delivery");
}

int alert_store_failed(struct alert_store *st, uint64_t id, uint32_t version, const char *sink,
                       double next_try, const char *why, struct err *e)
{
	sqlite3_stmt *s = stmt(st, S_FAILED, e);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, (int64_t)id);
	sqlite3_bind_int64(s, 2, version);
	sqlite3_bind_text(s, 3, sink, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 4, next_try);
	if (why)
		sqlite3_bind_text(s, 5, why, -1, SQLITE_STATIC);
	return run(st, s, e, "recording a failed delivery");
}

long alert_store_pending(struct alert_store *st, const char *sink, uint64_t after, size_t max,
                         int (*fn)(void *arg, const struct alert_pending *p), void *arg,
                         struct err *e)
{
	sqlite3_stmt *s = stmt(st, S_PENDING, e);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, sink, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (int64_t)after);
	sqlite3_bind_int64(s, 3, (int64_t)max);
	long n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct alert_pending p = {
		    .seq = (uint64_t)sqlite3_column_int64(s, 0),
		    .id = (uint64_t)sqlite3_column_int64(s, 1),
		    .version = (uint32_t)sqlite3_column_int64(s, 2),
		    .attempts = (unsigned)sqlite3_column_int64(s, 3),
		    .json = (const char *)sqlite3_column_text(s, 4),
		};
		n++;
		if (!p.json || fn(arg, &p))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(st, e, "reading pending deliveries");
		n = -1;
	}
	sqlite3_reset(s);
	return n;
}

long alert_store_pending_count(struct alert_store *st, const char *sink, struct err *e)
{
	sqlite3_stmt *s = stmt(st, sink ? S_PENDING_SINK_COUNT : S_PENDING_COUNT, e);
	if (!s)
		return -1;
	if (sink)
		sqlite3_bind_text(s, 1, sink, -1, SQLITE_STATIC);
	return (long)one_int(st, s, 0, e, "counting pending deliveries");
}

long alert_store_orphans(struct alert_store *st, const char *const *sinks, size_t nsinks,
                         struct err *e)
{
	long all = alert_store_pending_count(st, NULL, e);
	for (size_t i = 0; i < nsinks && all > 0; i++) {
		long n = alert_store_pending_count(st, sinks[i], e);
		if (n < 0)
			return -1;
		all -= n;
	}
	return all;
}

long alert_store_query(struct alert_store *st, const struct alert_query *q,
                       int (*fn)(void *arg, const char *json), void *arg, struct err *e)
{
	sqlite3_stmt *s;
	const char *sql =
	    "SELECT json FROM alerts a WHERE last_seen >= ?1 AND (?2 IS NULL OR type = ?2) "
	    "AND (?3 IS NULL OR state = ?3) AND (?4 = 0 OR version = "
	    "(SELECT max(version) FROM alerts b WHERE b.id = a.id)) ORDER BY id, version LIMIT ?5";
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, e, "querying alerts");
	sqlite3_bind_int64(s, 1, q->since);
	if (q->type)
		sqlite3_bind_text(s, 2, q->type, -1, SQLITE_STATIC);
	if (q->state)
		sqlite3_bind_text(s, 3, q->state, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, q->latest);
	sqlite3_bind_int64(s, 5, q->limit ? (int64_t)q->limit : -1);
	long n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *json = (const char *)sqlite3_column_text(s, 0);
		n++;
		if (json && fn(arg, json))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(st, e, "querying alerts");
		n = -1;
	}
	sqlite3_finalize(s);
	return n;
}
