/* rpki_out.c - the table of VRP export formats and shared helpers. */
#include "out/rpki_out.h"

#include <string.h>

static const struct rpki_writer *const writers[] = {
	&rpki_writer_bird, &rpki_writer_bird1, &rpki_writer_openbgpd, &rpki_writer_csv,
	&rpki_writer_json, &rpki_writer_junos, &rpki_writer_iosxr,
};

/* Names operators also type for the same output. */
static const struct {
	const char *alias, *name;
} aliases[] = {
	{ "bird2", "bird" },       { "openbgp", "openbgpd" }, { "juniper", "junos" },
	{ "cisco", "iosxr" },      { "ios", "iosxr" },        { "ios-xr", "iosxr" },
	{ "rpki-client", "json" },
};

const struct rpki_writer *rpki_writer_find(const char *name)
{
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(name, aliases[i].alias) == 0)
			name = aliases[i].name;
	for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
		if (strcmp(name, writers[i]->name) == 0)
			return writers[i];
	return NULL;
}

size_t rpki_writer_aliases(const struct rpki_writer *w, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(aliases[i].name, w->name) == 0 && n < max)
			out[n++] = aliases[i].alias;
	return n;
}

size_t rpki_writers(const struct rpki_writer *const **tab)
{
	*tab = writers;
	return sizeof writers / sizeof writers[0];
}

char *rpki_out_prefix(const struct vrp *v, char *buf, size_t n)
{
	struct prefix p = { .family = v->family, .len = v->len };
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
