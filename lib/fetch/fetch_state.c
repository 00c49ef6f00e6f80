/* SPDX-License-Identifier: ISC */
/* fetch_state.c - what a source learnt, in OUT.fetch.json beside the data:
 * validators for conditional GETs, sizes for the shrink guard, times for
 * scheduling and staleness, and how to resume a broken-off transfer. */
#include "fetch/fetch.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomic_file.h"

struct str_field {
	const char *key;
	size_t off;
};

#define STR_FIELD(k, m)                                                                            \
	{                                                                                          \
		k, offsetof(struct fetch_state, m)                                                 \
	}
static const struct str_field str_fields[] = {
    STR_FIELD("url", url),
    STR_FIELD("etag", etag),
    STR_FIELD("last_modified", last_modified),
    STR_FIELD("sha256", sha256),
    STR_FIELD("last_error", last_error),
    STR_FIELD("part_url", part_url),
    STR_FIELD("part_etag", part_etag),
    STR_FIELD("part_last_modified", part_last_modified),
};
#define NSTR (sizeof str_fields / sizeof str_fields[0])

static char **str_at(struct fetch_state *st, size_t i)
{
	return (char **)((char *)st + str_fields[i].off);
}

void fetch_state_clear(struct fetch_state *st)
{
	for (size_t i = 0; i < NSTR; i++)
		free(*str_at(st, i));
	memset(st, 0, sizeof *st);
}

static int64_t int_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

static int state_from_json(struct fetch_state *st, json_t *o, const char *path, struct err *e)
{
	for (size_t i = 0; i < NSTR; i++) {
		json_t *v = json_object_get(o, str_fields[i].key);
		if (!json_is_string(v))
			continue;
		if (!(*str_at(st, i) = strdup(json_string_value(v))))
			return err_set(e, "%s: out of memory", path);
	}
	st->size = (uint64_t)int_member(o, "size");
	st->objects = (uint64_t)int_member(o, "objects");
	st->last_attempt = int_member(o, "last_attempt");
	st->last_success = int_member(o, "last_success");
	st->last_change = int_member(o, "last_change");
	st->failures = (unsigned)int_member(o, "failures");
	return 0;
}

int fetch_state_load(struct fetch_state *st, const char *path, struct err *e)
{
	json_error_t je;
	json_t *o;
	int rc;

	memset(st, 0, sizeof *st);
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	if (!(o = json_load_file(path, JSON_REJECT_DUPLICATES, &je)))
		return err_at_line(e, path, (unsigned long)je.line, "bad state file: %s", je.text);
	if (!json_is_object(o)) {
		json_decref(o);
		return err_set(e, "%s: bad state file: not a JSON object", path);
	}
	rc = state_from_json(st, o, path, e);
	json_decref(o);
	if (rc < 0)
		fetch_state_clear(st);
	return rc;
}

/* A JSON string of v with bytes outside printable ASCII as '?' (headers and
 * messages may hold anything). */
static json_t *ascii_string(const char *v)
{
	char *c = strdup(v);
	json_t *j;

	if (!c)
		return NULL;
	for (char *p = c; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			*p = '?';
	j = json_string_nocheck(c);
	free(c);
	return j;
}

static json_t *state_to_json(const struct fetch_state *st)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	for (size_t i = 0; i < NSTR; i++) {
		const char *v = *str_at((struct fetch_state *)st, i);
		if (v)
			json_object_set_new(o, str_fields[i].key, ascii_string(v));
	}
	json_object_set_new(o, "size", json_integer((json_int_t)st->size));
	json_object_set_new(o, "objects", json_integer((json_int_t)st->objects));
	json_object_set_new(o, "last_attempt", json_integer(st->last_attempt));
	json_object_set_new(o, "last_success", json_integer(st->last_success));
	json_object_set_new(o, "last_change", json_integer(st->last_change));
	json_object_set_new(o, "failures", json_integer(st->failures));
	return o;
}

int fetch_state_save(const struct fetch_state *st, const char *path, struct err *e)
{
	struct atomic_file af;
	json_t *o = state_to_json(st);

	if (!o)
		return err_set(e, "%s: out of memory", path);
	if (atomic_file_open(&af, path, e) < 0) {
		json_decref(o);
		return -1;
	}
	if (json_dumpf(o, af.f, JSON_INDENT(1) | JSON_SORT_KEYS) != 0 || fputc('\n', af.f) == EOF) {
		json_decref(o);
		atomic_file_abort(&af);
		return err_set(e, "%s: write failed", path);
	}
	json_decref(o);
	return atomic_file_commit(&af, e);
}
