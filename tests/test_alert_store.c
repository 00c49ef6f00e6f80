/* SPDX-License-Identifier: ISC */
/* test_alert_store.c - lib/detect/alert_store: alert versions and their
 * deliveries survive a reopen; the same alert raised again (same key,
 * first_seen and nth) keeps its id and is not owed twice, while a key that
 * opens again in the same second (nth 1) is another alert; a version 1
 * store (no nth) is migrated on open; pending deliveries come
 * in order and leave once delivered; queries filter by time, type, state
 * and latest version; a corrupt file, a newer schema, a lock held by
 * another process and a full store are errors with messages, not crashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "detect/alert_json.h"
#include "detect/alert_store.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_alert_store.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/alerts.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static void make_alert(struct alert *a, const char *type, const char *pfx, uint32_t first,
                       uint32_t version)
{
	struct err e;
	memset(a, 0, sizeof *a);
	snprintf(a->type, sizeof a->type, "%s", type);
	snprintf(a->key, sizeof a->key, "%s|%s|64511", type, pfx);
	snprintf(a->code, sizeof a->code, "E|0|-|-");
	assert_int_equal(prefix_parse(pfx, &a->prefix, &e), 0);
	a->state = version == 1 ? ALERT_OPEN : ALERT_UPDATED;
	a->severity = ALERT_CRITICAL;
	a->offender_as = 64511;
	a->first_seen = first;
	a->last_seen = first + version;
	a->version = version;
	a->npeers = version;
	snprintf(a->description, sizeof a->description, "test %s v%u", pfx, version);
}

static const char *const sinks[] = {"jsonl:stdout", "webhook:example"};

static int put(struct alert_store *st, const struct alert *a, uint64_t *id)
{
	struct err e;
	return alert_store_put(st, a, sinks, 2, id, &e);
}

struct seen {
	int n;
	uint64_t ids[16];
	uint32_t versions[16];
};

static int collect(void *arg, const struct alert_pending *p)
{
	struct seen *s = arg;
	char id[32];
	snprintf(id, sizeof id, "{\"id\":%llu,", (unsigned long long)p->id);
	assert_true(!strncmp(p->json, id, strlen(id))); /* the JSON carries the store's id */
	s->ids[s->n] = p->id;
	s->versions[s->n++] = p->version;
	return 0;
}

static void test_put_pending_reopen(void **state)
{
	(void)state;
	struct err e;
	struct alert a;
	uint64_t id1, id2, id;
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	make_alert(&a, "hijack", "192.0.2.0/24", 1000, 1);
	assert_int_equal(put(st, &a, &id1), 1);
	assert_int_equal(id1, 1);
	assert_int_equal(put(st, &a, &id), 0); /* the same version again */
	assert_int_equal(id, id1);
	make_alert(&a, "hijack", "192.0.2.0/24", 1000, 2);
	assert_int_equal(put(st, &a, &id), 1);
	assert_int_equal(id, id1);
	make_alert(&a, "hijack", "198.51.100.0/24", 1000, 1);
	assert_int_equal(put(st, &a, &id2), 1);
	assert_int_equal(id2, 2);
	assert_int_equal(alert_store_pending_count(st, NULL, &e), 6);
	assert_int_equal(alert_store_delivered(st, id1, 1, "jsonl:stdout", &e), 0);
	assert_int_equal(alert_store_failed(st, id1, 1, "webhook:example", 5.0, "HTTP 500", &e), 0);
	assert_int_equal(alert_store_pending_count(st, "jsonl:stdout", &e), 2);
	alert_store_close(st);

	st = alert_store_open(path, false, &e);
	assert_non_null(st);
	struct seen s = {0};
	assert_int_equal(alert_store_pending(st, "jsonl:stdout", 0, 10, collect, &s, &e), 2);
	assert_int_equal(s.ids[0], id1);
	assert_int_equal(s.versions[0], 2);
	assert_int_equal(s.ids[1], id2);
	memset(&s, 0, sizeof s);
	assert_int_equal(alert_store_pending(st, "webhook:example", 0, 2, collect, &s, &e), 2);
	assert_int_equal(s.versions[0], 1); /* failed once, still first in line */
	/* the same alert raised by a restarted monitor keeps its id */
	make_alert(&a, "hijack", "198.51.100.0/24", 1000, 1);
	assert_int_equal(put(st, &a, &id), 0);
	assert_int_equal(id, id2);
	/* the same key opening again later is a new alert */
	make_alert(&a, "hijack", "192.0.2.0/24", 5000, 1);
	assert_int_equal(put(st, &a, &id), 1);
	assert_int_equal(id, 3);
	/* a proposed id is kept when free, replaced when another alert has it */
	make_alert(&a, "leak", "203.0.113.0/24", 1000, 1);
	a.id = 42;
	assert_int_equal(put(st, &a, &id), 1);
	assert_int_equal(id, 42);
	make_alert(&a, "bogon", "203.0.113.0/24", 1000, 1);
	a.id = 42;
	assert_int_equal(put(st, &a, &id), 1);
	assert_int_equal(id, 43);
	assert_int_equal(alert_store_max_id(st, &e), 43);
	const char *const one[] = {"jsonl:stdout"};
	assert_int_equal(alert_store_orphans(st, one, 1, &e), 6);
	alert_store_close(st);
}

static int count_json(void *arg, const char *json)
{
	(*(int *)arg)++;
	assert_non_null(strstr(json, "\"id\":"));
	return 0;
}

static long query(struct alert_store *st, struct alert_query q)
{
	struct err e;
	int n = 0;
	long rc = alert_store_query(st, &q, count_json, &n, &e);
	assert_int_equal(rc, n);
	return rc;
}

/* A key that opens, resolves and opens again within one second: the
 * pipeline numbers the second alert nth 1, and the store keeps the two
 * apart, each with its versions, over a restart too. */
static void test_same_key_same_second(void **state)
{
	(void)state;
	struct err e;
	struct alert a;
	uint64_t first, second, id;
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	make_alert(&a, "hijack", "192.0.2.0/24", 1000, 1);
	a.id = 1;
	assert_int_equal(put(st, &a, &first), 1);
	make_alert(&a, "hijack", "192.0.2.0/24", 1000, 2);
	a.id = 1;
	a.state = ALERT_RESOLVED;
	assert_int_equal(put(st, &a, &id), 1);
	assert_int_equal(id, first);
	make_alert(&a, "hijack", "192.0.2.0/24", 1000, 1);
	a.id = 2;
	a.nth = 1;
	assert_int_equal(put(st, &a, &second), 1); /* not "stored before" */
	assert_int_not_equal(second, first);
	make_alert(&a, "hijack", "192.0.2.0/24", 1000, 2);
	a.id = 2;
	a.nth = 1;
	assert_int_equal(put(st, &a, &id), 1);
	assert_int_equal(id, second);
	struct seen s = {0};
	assert_int_equal(alert_store_pending(st, "jsonl:stdout", 0, 10, collect, &s, &e), 4);
	assert_int_equal(s.ids[0], first);
	assert_int_equal(s.versions[1], 2);
	assert_int_equal(s.ids[1], first);
	assert_int_equal(s.ids[2], second);
	assert_int_equal(s.versions[3], 2);
	assert_int_equal(s.ids[3], second);
	alert_store_close(st);

	/* restarted over the same data: the pipeline numbers from 1 again */
	st = alert_store_open(path, false, &e);
	assert_non_null(st);
	for (uint32_t nth = 0; nth < 2; nth++)
		for (uint32_t v = 1; v <= 2; v++) {
			make_alert(&a, "hijack", "192.0.2.0/24", 1000, v);
			a.id = 3 + nth;
			a.nth = nth;
			assert_int_equal(put(st, &a, &id), 0);
			assert_int_equal(id, nth ? second : first);
		}
	assert_int_equal(alert_store_pending_count(st, NULL, &e), 8);
	assert_int_equal(alert_store_max_id(st, &e), 2);
	alert_store_close(st);
}

/* The schema of a version 1 store, before alerts.nth. */
static const char schema_v1[] =
    "CREATE TABLE alerts("
    " id INTEGER NOT NULL, version INTEGER NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL,"
    " code TEXT NOT NULL, state TEXT NOT NULL, severity TEXT NOT NULL, prefix TEXT NOT NULL,"
    " affected_as INTEGER NOT NULL, offender_as INTEGER NOT NULL, peers INTEGER NOT NULL,"
    " first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, resolved_at INTEGER NOT NULL,"
    " description TEXT NOT NULL, stored_at INTEGER NOT NULL, json TEXT NOT NULL,"
    " PRIMARY KEY(id, version));"
    "CREATE INDEX alerts_by_key ON alerts(key, first_seen);"
    "CREATE INDEX alerts_by_last_seen ON alerts(last_seen);"
    "CREATE TABLE deliveries("
    " seq INTEGER PRIMARY KEY, id INTEGER NOT NULL, version INTEGER NOT NULL,"
    " sink TEXT NOT NULL, state TEXT NOT NULL CHECK(state IN ('pending', 'delivered')),"
    " attempts INTEGER NOT NULL DEFAULT 0, next_try REAL NOT NULL DEFAULT 0,"
    " last_error TEXT, delivered_at INTEGER,"
    " UNIQUE(id, version, sink), FOREIGN KEY(id, version) REFERENCES alerts(id, version));"
    "CREATE INDEX deliveries_pending ON deliveries(state, sink, seq);"
    "INSERT INTO alerts VALUES(7, 1, 'hijack|192.0.2.0/24|64511', 'hijack', 'E|0|-|-',"
    " 'open', 'critical', '192.0.2.0/24', 0, 64511, 1, 1000, 1001, 0, 'old', 0,"
    " '{\"id\":7,\"key\":\"hijack|192.0.2.0/24|64511\",\"version\":1}');"
    "INSERT INTO deliveries(id, version, sink, state) VALUES(7, 1, 'jsonl:stdout', 'pending');"
    "PRAGMA user_version=1;";

static int64_t sql_int(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t v = -1;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static void test_migrate_v1(void **state)
{
	(void)state;
	struct err e;
	struct alert a;
	uint64_t id;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema_v1, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	/* read-only: read as it is, not changed */
	struct alert_store *st = alert_store_open(path, true, &e);
	assert_non_null(st);
	assert_int_equal(query(st, (struct alert_query){0}), 1);
	alert_store_close(st);
	assert_int_equal(sql_int("PRAGMA user_version"), 1);

	st = alert_store_open(path, false, &e);
	assert_non_null(st);
	assert_int_equal(sql_int("PRAGMA user_version"), 2);
	assert_int_equal(sql_int("SELECT nth FROM alerts WHERE id = 7"), 0);
	assert_int_equal(
	    sql_int("SELECT count(*) FROM pragma_index_info('alerts_by_key') WHERE name = 'nth'"),
	    1);
	/* the old alert is known again; the same key again that second is new */
	make_alert(&a, "hijack", "192.0.2.0/24", 1000, 1);
	assert_int_equal(put(st, &a, &id), 0);
	assert_int_equal(id, 7);
	a.nth = 1;
	assert_int_equal(put(st, &a, &id), 1);
	assert_int_equal(id, 8);
	assert_int_equal(alert_store_pending_count(st, "jsonl:stdout", &e), 2);
	alert_store_close(st);
	/* opened again: nothing left to migrate */
	st = alert_store_open(path, false, &e);
	assert_non_null(st);
	alert_store_close(st);
	assert_int_equal(sql_int("SELECT count(*) FROM alerts"), 2);
}

static void test_query(void **state)
{
	(void)state;
	struct err e;
	struct alert a;
	uint64_t id;
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	make_alert(&a, "hijack", "192.0.2.0/24", 1000, 1);
	assert_int_equal(put(st, &a, &id), 1);
	make_alert(&a, "hijack", "192.0.2.0/24", 1000, 2);
	a.state = ALERT_RESOLVED;
	assert_int_equal(put(st, &a, &id), 1);
	make_alert(&a, "visibility", "198.51.100.0/24", 2000, 1);
	assert_int_equal(put(st, &a, &id), 1);
	alert_store_close(st);

	st = alert_store_open(path, true, &e);
	assert_non_null(st);
	assert_int_equal(query(st, (struct alert_query){0}), 3);
	assert_int_equal(query(st, (struct alert_query){.type = "hijack"}), 2);
	assert_int_equal(query(st, (struct alert_query){.state = "resolved"}), 1);
	assert_int_equal(query(st, (struct alert_query){.latest = true}), 2);
	assert_int_equal(query(st, (struct alert_query){.since = 1500}), 1);
	assert_int_equal(query(st, (struct alert_query){.limit = 1}), 1);
	/* a read-only store refuses writes with a message */
	make_alert(&a, "visibility", "198.51.100.0/24", 3000, 1);
	assert_int_equal(alert_store_put(st, &a, sinks, 2, &id, &e), -1);
	assert_non_null(strstr(e.msg, "alerts.db"));
	alert_store_close(st);
}

static void test_bad_files(void **state)
{
	(void)state;
	struct err e;
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 400; i++)
		fputs("this is no database at all\n", f);
	fclose(f);
	assert_null(alert_store_open(path, false, &e));
	assert_non_null(strstr(e.msg, "alerts.db"));
	assert_non_null(strstr(e.msg, "not a database"));
	unlink(path);
	/* missing, read-only: no file is created */
	assert_null(alert_store_open(path, true, &e));
	assert_int_equal(access(path, F_OK), -1);
	/* a store from a newer manrs */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_null(alert_store_open(path, false, &e));
	assert_non_null(strstr(e.msg, "newer"));
}

static void test_locked(void **state)
{
	(void)state;
	struct err e;
	struct alert a;
	uint64_t id;
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	alert_store_set_busy_timeout(st, 20);
	sqlite3 *other;
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	make_alert(&a, "hijack", "192.0.2.0/24", 1000, 1);
	assert_int_equal(alert_store_put(st, &a, sinks, 2, &id, &e), -1);
	assert_non_null(strstr(e.msg, "locked"));
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(alert_store_put(st, &a, sinks, 2, &id, &e), 1);
	alert_store_close(st);
}

static void test_full(void **state)
{
	(void)state;
	struct err e;
	struct alert a;
	uint64_t id;
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	assert_int_equal(alert_store_set_max_size(st, 64 * 1024, &e), 0);
	int rc = 1, i;
	for (i = 0; i < 10000 && rc == 1; i++) {
		make_alert(&a, "hijack", "192.0.2.0/24", 1000 + (uint32_t)i, 1);
		rc = alert_store_put(st, &a, sinks, 2, &id, &e);
	}
	assert_int_equal(rc, -1);
	assert_true(i > 5);
	assert_non_null(strstr(e.msg, "full"));
	/* what was stored before is still there and readable */
	assert_true(alert_store_pending_count(st, NULL, &e) == 2L * (i - 1));
	alert_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_put_pending_reopen, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_same_key_same_second, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_migrate_v1, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_query, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_full, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
