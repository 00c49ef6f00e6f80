/* SPDX-License-Identifier: ISC */
/* rpki_out.c - the table of VRP export formats and shared helpers. */
#include "out/rpki_out.h"

#include <string.h>

#include "out/dialect.h"

static const struct rpki_writer *const writers[] = {
    &rpki_writer_bird, &rpki_writer_bird1, &rpki_writer_openbgpd, &rpki_writer_csv,
    &rpki_writer_json, &rpki_writer_junos, &rpki_writer_iosxr,
};

/* IOS has no static VRP syntax: a Cisco router gets IOS XR's. */
static const char *vrp_dialect(const char *canonical)
{
	return strcmp(canonical, "ios") ? canonical : "iosxr";
}

const struct rpki_writer *rpki_writer_find(const char *name)
{
	name = vrp_dialect(out_dialect_canonical(name));
	for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
		if (strcmp(name, writers[i]->name) == 0)
			return writers[i];
	return NULL;
}

size_t rpki_writer_aliases(const struct rpki_writer *w, const char **out, size_t max)
{
	size_t n = out_dialect_aliases(w->name, out, max);
	if (strcmp(w->name, "iosxr") || n >= max)
		return n;
	out[n++] = "ios";
	return n + out_dialect_aliases("ios", out + n, max - n);
}

size_t rpki_writers(const struct rpki_writer *const **tab)
{
	*tab = writers;
	return sizeof writers / sizeof writers[0];
}

char *rpki_out_prefix(const struct vrp *v, char *buf, size_t n)
{
	struct prefix p = {.family = v->family, .len = v->len};
	memcpy(p.addr, v->addr, 16);
	return prefix_format(&p, buf, n);
}

const char *rpki_out_ta(const struct rpki_set *s, const struct vrp *v)
{
	if (v->ta == 0 || v->ta >= s->nta || !s->ta_names[v->ta])
		return "";
	return s->ta_names[v->ta];
}

void rpki_out_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			putc(c, f);
	}
}

void rpki_out_csv_field(FILE *f, const char *s)
{
	size_t n = strlen(s);
	int quote = strpbrk(s, ",\"") || (n && (s[0] == ' ' || s[n - 1] == ' '));
	if (!quote) {
		rpki_out_text(f, s);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"')
			fputs("\"\"", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			putc(c, f);
	}
	putc('"', f);
}
