/* SPDX-License-Identifier: ISC */
/* alert_json.c - an alert as JSON and back, and as one line for people. */
#include "detect/alert_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Two digits of v at o. */
static char *two(char *o, unsigned v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
	return o + 2;
}

char *alert_time_format(uint32_t t, char *buf, size_t n)
{
	if (n < 21) {
		snprintf(buf, n, "%u", (unsigned)t);
		return buf;
	}
	/* The proleptic Gregorian date of day t / 86400 by arithmetic, not
	 * gmtime + strftime: a replay formats a million of these. Years run
	 * from March so the leap day ends a year; an era is 400 years. */
	uint32_t days = t / 86400 + 719468, secs = t % 86400;
	uint32_t era = days / 146097, doe = days % 146097;
	uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint32_t mp = (5 * doy + 2) / 153;
	uint32_t day = doy - (153 * mp + 2) / 5 + 1;
	uint32_t month = mp < 10 ? mp + 3 : mp - 9;
	uint32_t year = era * 400 + yoe + (month <= 2);
	char *o = two(two(buf, year / 100), year % 100);
	*o++ = '-';
	o = two(o, month);
	*o++ = '-';
	o = two(o, day);
	*o++ = 'T';
	o = two(o, secs / 3600);
	*o++ = ':';
	o = two(o, secs / 60 % 60);
	*o++ = ':';
	o = two(o, secs % 60);
	*o++ = 'Z';
	*o = '\0';
	return buf;
}

static void put_prefix(struct json_writer *w, const char *key, const struct prefix *p)
{
	char buf[PREFIX_STRLEN];
	json_key(w, key);
	if (p->family)
		json_string_plain(w, prefix_format(p, buf, sizeof buf));
	else
		json_null_value(w);
}

/* "KEY": "RFC 3339" (null for 0 when zero_is_null) and "KEY_unix": N. */
static void put_time(struct json_writer *w, const char *key, const char *unix_key, uint32_t t,
                     bool zero_is_null)
{
	char buf[32];
	json_key(w, key);
	if (!t && zero_is_null)
		json_null_value(w);
	else
		json_string_plain(w, alert_time_format(t, buf, sizeof buf));
	json_key(w, unix_key);
	json_u32(w, t);
}

static void put_sample(struct json_writer *w, const struct alert_sample *s)
{
	char buf[PREFIX_STRLEN];
	json_begin_object(w);
	json_key(w, "peer_as");
	json_u32(w, s->peer_as);
	json_key(w, "peer");
	if (s->peer_addr.family)
		json_string_plain(w, addr_format(&s->peer_addr, buf, sizeof buf));
	else
		json_null_value(w);
	put_time(w, "time", "time_unix", s->time, false);
	json_key(w, "path");
	json_begin_array(w);
	for (unsigned i = 0; i < s->path_len && i < ALERT_MAX_PATH; i++)
		json_u32(w, s->path[i]);
	json_end_array(w);
	json_end_object(w);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80             ? 1
	             : (s[0] & 0xe0) == 0xc0 ? 2
	             : (s[0] & 0xf0) == 0xe0 ? 3
	             : (s[0] & 0xf8) == 0xf0 ? 4
	                                     : 0;
	if (!len || len > n || (len == 2 && s[0] < 0xc2) || (len == 4 && s[0] > 0xf4))
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((len == 3 && s[0] == 0xe0 && s[1] < 0xa0) ||
	    (len == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
	    (len == 4 && s[0] == 0xf0 && s[1] < 0x90) || (len == 4 && s[0] == 0xf4 && s[1] >= 0x90))
		return 0; /* overlong, surrogate, beyond U+10FFFF */
	return len;
}

size_t alert_utf8_clean(char *dst, const char *src, size_t max)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t n = strnlen(src, max), i = 0, o = 0;
	while (i < n) {
		size_t k = utf8_seq(s + i, n - i);
		if (!k) { /* a field cut mid-character, or bytes that are no text */
			dst[o++] = '?';
			i++;
			continue;
		}
		memcpy(dst + o, s + i, k);
		o += k;
		i += k;
	}
	dst[o] = '\0';
	return o;
}

static bool all_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

static void put_text(struct json_writer *w, const char *key, const char *s, size_t max)
{
	char clean[512];
	if (max >= sizeof clean)
		max = sizeof clean - 1;
	json_key(w, key);
	size_t n = strnlen(s, max);
	if (all_ascii(s, n)) /* nearly always: nothing to clean */
		json_strn(w, s, n);
	else
		json_strn(w, clean, alert_utf8_clean(clean, s, max));
}

void alert_json_write(struct json_writer *w, const struct alert *a)
{
	json_begin_object(w);
	json_key(w, "id");
	json_u64(w, a->id);
	put_text(w, "key", a->key, sizeof a->key);
	put_text(w, "type", a->type, sizeof a->type);
	put_text(w, "code", a->code, sizeof a->code);
	json_key(w, "state");
	json_string_plain(w, alert_state_name(a->state));
	json_key(w, "severity");
	json_string_plain(w, alert_severity_name(a->severity));
	put_prefix(w, "prefix", &a->prefix);
	put_prefix(w, "monitored", &a->monitored);
	json_key(w, "affected_as");
	json_u32(w, a->affected_as);
	json_key(w, "offender_as");
	json_u32(w, a->offender_as);
	put_text(w, "description", a->description, sizeof a->description);
	put_text(w, "rule", a->rule, sizeof a->rule);
	json_key(w, "peers");
	json_u32(w, a->npeers);
	json_key(w, "max_peers");
	json_u32(w, a->max_peers);
	put_time(w, "first_seen", "first_seen_unix", a->first_seen, false);
	put_time(w, "last_seen", "last_seen_unix", a->last_seen, false);
	put_time(w, "resolved_at", "resolved_at_unix", a->resolved_at, true);
	json_key(w, "version");
	json_u32(w, a->version);
	if (a->nth) { /* rare: left out so the common alert reads as it always did */
		json_key(w, "nth");
		json_u32(w, a->nth);
	}
	if (a->flaps) { /* left out when 0, as nth */
		json_key(w, "flaps");
		json_u32(w, a->flaps);
	}
	if (a->suppressed) {
		json_key(w, "suppressed");
		json_u32(w, a->suppressed);
	}
	if (a->withheld) {
		json_key(w, "withheld");
		json_bool(w, true);
	}
	json_key(w, "rpki");
	json_string_plain(w, alert_rpki_name(a->rpki));
	json_key(w, "irr");
	json_string_plain(w, alert_irr_name(a->irr));
	json_key(w, "score");
	json_u32(w, a->score);
	json_key(w, "samples");
	json_begin_array(w);
	for (unsigned i = 0; i < a->nsamples && i < ALERT_MAX_SAMPLES; i++)
		put_sample(w, &a->samples[i]);
	json_end_array(w);
	json_end_object(w);
}

/* Finish a writer on b and hand b's text over as a string. */
static char *take_text(struct json_writer *w, struct mrt_buf *b)
{
	if (json_writer_finish(w) < 0 || mrt_buf_reserve(b, 1) < 0) {
		mrt_buf_free(b);
		return NULL;
	}
	b->p[b->len] = '\0';
	return b->p;
}

char *alert_json_string(const struct alert *a)
{
	struct mrt_buf b = {0};
	struct json_writer w;
	json_writer_init_buf(&w, &b);
	alert_json_write(&w, a);
	return take_text(&w, &b);
}

/* ---- for people ---- */

/* Append s to buf at *len (truncating), with Slack's three escapes. */
static void append(char *buf, size_t n, size_t *len, const char *text, enum alert_markup m)
{
	char clean[512];
	alert_utf8_clean(clean, text, sizeof clean - 1);
	for (const char *s = clean; *s && *len + 1 < n; s++) {
		const char *esc = NULL;
		if (m == ALERT_MARKUP_SLACK)
			esc = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : NULL;
		if (!esc) {
			buf[(*len)++] = *s == '\n' || *s == '\r' ? ' ' : *s;
			continue;
		}
		size_t k = strlen(esc);
		if (*len + k + 1 > n)
			break;
		memcpy(buf + *len, esc, k);
		*len += k;
	}
	buf[*len] = '\0';
}

static void appendf(char *buf, size_t n, size_t *len, enum alert_markup m, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void appendf(char *buf, size_t n, size_t *len, enum alert_markup m, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	append(buf, n, len, tmp, m);
}

char *alert_summary(const struct alert *a, enum alert_markup m, char *buf, size_t n)
{
	static const char *const bold[] = {"", "*", "**"};
	char pfx[PREFIX_STRLEN] = "-";
	size_t len = 0;
	if (!n)
		return buf;
	buf[0] = '\0';
	if (a->prefix.family)
		prefix_format(&a->prefix, pfx, sizeof pfx);
	appendf(buf, n, &len, ALERT_MARKUP_PLAIN, "%s", bold[m]);
	append(buf, n, &len, a->type, m);
	appendf(buf, n, &len, ALERT_MARKUP_PLAIN, " %s%s (%s): %s", alert_state_name(a->state),
	        bold[m], alert_severity_name(a->severity), pfx);
	if (a->offender_as)
		appendf(buf, n, &len, m, " by AS%u", (unsigned)a->offender_as);
	if (a->affected_as)
		appendf(buf, n, &len, m, ", affects AS%u", (unsigned)a->affected_as);
	appendf(buf, n, &len, m, ", %u peer%s", a->npeers, a->npeers == 1 ? "" : "s");
	if (a->description[0]) {
		append(buf, n, &len, ": ", m);
		append(buf, n, &len, a->description, m);
	}
	appendf(buf, n, &len, m, " [id %llu v%u ", (unsigned long long)a->id, (unsigned)a->version);
	append(buf, n, &len, a->code, m);
	append(buf, n, &len, "]", m);
	return buf;
}

char *alert_chat_body(const struct alert *a, enum alert_markup m)
{
	char line[1024];
	struct mrt_buf b = {0};
	struct json_writer w;
	json_writer_init_buf(&w, &b);
	json_spaced_colon(&w, true);
	json_begin_object(&w);
	json_key(&w, "text");
	json_str(&w, alert_summary(a, m, line, sizeof line));
	json_end_object(&w);
	return take_text(&w, &b);
}
