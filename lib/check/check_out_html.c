/* SPDX-License-Identifier: ISC */
/* check_out_html.c - one self-contained, printable HTML page: no scripts,
 * fonts or anything fetched; the charts are inline SVG (per-action gauges,
 * ROA and IRR coverage bars, incidents over time). */
#include <math.h>
#include <string.h>

#include "check/check_out.h"

static void esc(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
}

static const char *status_color(enum check_status s)
{
	static const char *c[] = {"#999999", "#c0392b", "#e67e22", "#27ae60"};
	return s <= CK_READY ? c[s] : "#999999";
}

static void head(FILE *f)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<title>MANRS readiness report</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:2em;color:#222;max-width:1100px}\n"
	      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
	      "padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}\n"
	      ".ready{color:#27ae60}.aspiring{color:#e67e22}.lagging{color:#c0392b}"
	      ".nodata{color:#999}\n"
	      "pre{background:#f7f7f7;padding:6px;white-space:pre-wrap}\n"
	      "section.as{page-break-after:always}\n"
	      "@media print{body{margin:0}a{color:#000}}\n</style></head><body>\n",
	      f);
}

/* A half-circle gauge of score s (0-100). */
static void gauge(FILE *f, const char *label, double s, enum check_status st)
{
	double frac = s < 0 ? 0 : s / 100.0;
	double ang = M_PI * (1 - frac);
	double x = 60 + 50 * cos(ang), y = 60 - 50 * sin(ang);
	fprintf(f,
	        "<svg class=\"gauge\" width=\"130\" height=\"95\" viewBox=\"0 0 120 90\" "
	        "role=\"img\" aria-label=\"%s\">",
	        label);
	fputs("<path d=\"M10 60 A50 50 0 0 1 110 60\" fill=\"none\" stroke=\"#ddd\" "
	      "stroke-width=\"10\"/>",
	      f);
	if (frac > 0)
		fprintf(
		    f,
		    "<path class=\"gauge-value\" d=\"M10 60 A50 50 0 0 1 %.2f %.2f\" fill=\"none\" "
		    "stroke=\"%s\" stroke-width=\"10\"/>",
		    x, y, status_color(st));
	fprintf(f, "<text x=\"60\" y=\"58\" text-anchor=\"middle\" font-size=\"16\">");
	if (s < 0)
		fputs("-", f);
	else
		fprintf(f, "%.0f", s);
	fprintf(f,
	        "</text><text x=\"60\" y=\"78\" text-anchor=\"middle\" font-size=\"10\">%s"
	        "</text><text x=\"60\" y=\"89\" text-anchor=\"middle\" font-size=\"9\" "
	        "fill=\"%s\">%s</text></svg>\n",
	        label, status_color(st), check_status_name(st));
}

/* A horizontal stacked bar of n parts. */
static void bar(FILE *f, const char *cls, const char *title, const unsigned *v, const char **names,
                const char **colors, int n)
{
	unsigned total = 0;
	for (int i = 0; i < n; i++)
		total += v[i];
	fprintf(f,
	        "<figure><figcaption>%s</figcaption><svg class=\"%s\" width=\"520\" "
	        "height=\"50\" viewBox=\"0 0 520 50\" role=\"img\">",
	        title, cls);
	double x = 0;
	for (int i = 0; i < n && total; i++) {
		double w = 500.0 * v[i] / total;
		if (w > 0)
			fprintf(
			    f,
			    "<rect class=\"bar\" x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"22\" "
			    "fill=\"%s\"><title>%s: %u</title></rect>",
			    x, w, colors[i], names[i], v[i]);
		x += w;
	}
	if (!total)
		fputs("<rect x=\"0\" y=\"0\" width=\"500\" height=\"22\" fill=\"#eee\"/>", f);
	x = 0;
	for (int i = 0; i < n; i++) {
		fprintf(f,
		        "<rect x=\"%.0f\" y=\"32\" width=\"10\" height=\"10\" fill=\"%s\"/>"
		        "<text x=\"%.0f\" y=\"41\" font-size=\"11\">%s %u</text>",
		        x, colors[i], x + 14, names[i], v[i]);
		x += 170;
	}
	fputs("</svg></figure>\n", f);
}

static void coverage(FILE *f, const struct check_report *r, const struct check_as *a)
{
	if (r->have->vrps) {
		unsigned v[3] = {a->rov[1], a->rov[2], a->rov[0]};
		const char *n[3] = {"valid", "invalid", "not found"};
		const char *c[3] = {"#27ae60", "#c0392b", "#bbbbbb"};
		bar(f, "chart-rpki", "ROA coverage of announced routes (M7RPKI)", v, n, c, 3);
	}
	if (r->have->irr) {
		unsigned v[2] = {a->irr_registered, (unsigned)a->nroutes - a->irr_registered};
		const char *n[2] = {"registered", "unregistered"};
		const char *c[2] = {"#2980b9", "#bbbbbb"};
		bar(f, "chart-irr", "IRR coverage of announced routes (M7IRR)", v, n, c, 2);
	}
}

/* Incidents per filtering metric on the data's time axis. */
static void timeline(FILE *f, const struct check_report *r, const struct check_as *a)
{
	uint32_t t0 = r->have->data_start, t1 = r->have->data_end;
	double span = t1 > t0 ? (double)(t1 - t0) : 1;
	fprintf(f,
	        "<figure><figcaption>Incidents over time (Action 1)</figcaption>"
	        "<svg class=\"chart-incidents\" width=\"620\" height=\"%d\" viewBox=\"0 0 620 %d\" "
	        "role=\"img\">",
	        CK_NFILTER * 18 + 30, CK_NFILTER * 18 + 30);
	for (int m = 0; m < CK_NFILTER; m++) {
		int y = m * 18 + 4;
		fprintf(f,
		        "<text x=\"0\" y=\"%d\" font-size=\"11\">%s</text>"
		        "<line x1=\"60\" y1=\"%d\" x2=\"610\" y2=\"%d\" stroke=\"#eee\"/>",
		        y + 10, check_metric_name((enum check_metric_id)m), y + 7, y + 7);
		for (unsigned i = 0; i < a->filt[m].nincidents; i++) {
			const struct check_incident *x = &a->filt[m].inc[i];
			double xs = 60 + 550.0 * (x->start - t0) / span;
			double w = 550.0 * (x->end - x->start) / span;
			fprintf(f,
			        "<rect class=\"incident\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" "
			        "height=\"12\" fill=\"#c0392b\"><title>",
			        xs, y + 1, w < 3 ? 3 : w);
			esc(f, x->what);
			fprintf(f, " (weight %g)</title></rect>", x->weight);
		}
	}
	char s0[32], s1[32];
	int ya = CK_NFILTER * 18 + 22;
	fprintf(f,
	        "<text x=\"60\" y=\"%d\" font-size=\"10\">%s</text><text x=\"610\" y=\"%d\" "
	        "font-size=\"10\" text-anchor=\"end\">%s</text></svg></figure>\n",
	        ya, ck_time(t0, s0, sizeof s0), ya, ck_time(t1, s1, sizeof s1));
}

static void metrics(FILE *f, const struct check_report *r, const struct check_as *a)
{
	fputs("<h3>Metrics</h3><table class=\"metrics\"><tr><th>metric</th><th>action</th>"
	      "<th>score</th><th>what</th><th>evidence</th></tr>\n",
	      f);
	for (int m = 0; m < CKM_N; m++) {
		char ev[256];
		fprintf(f, "<tr><td>%s</td><td>%s</td><td>",
		        check_metric_name((enum check_metric_id)m),
		        check_action_name(check_metric_action((enum check_metric_id)m)));
		if (a->m[m] < 0)
			fputs("-", f);
		else
			fprintf(f, "%.1f", a->m[m]);
		fprintf(f, "</td><td>%s</td><td>", ck_metric_title((enum check_metric_id)m));
		if (a->m[m] < 0) {
			fputs("<span class=\"nodata\">no data: ", f);
			esc(f, ck_metric_missing((enum check_metric_id)m, r->have));
			fputs("</span>", f);
		} else {
			ck_evidence(a, (enum check_metric_id)m, ev, sizeof ev);
			esc(f, ev);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void cell(FILE *f, const char *s)
{
	fputs("<td>", f);
	esc(f, s[0] ? s : "-");
	fputs("</td>", f);
}

/* The contact records behind M6, with their ages. */
static void contacts(FILE *f, const struct check_as *a)
{
	fputs("<h3>Contacts (M6)</h3><table class=\"contacts\"><tr><th>where</th><th>role</th>"
	      "<th>handle / visibility</th><th>e-mail</th><th>phone</th><th>usable</th>"
	      "<th>updated</th></tr>\n",
	      f);
	if (!a->autnum)
		fputs("<tr><td>IRR</td><td colspan=\"6\">no aut-num</td></tr>\n", f);
	for (unsigned i = 0; i < a->ncontacts; i++) {
		const struct check_contact *c = &a->contacts[i];
		fputs("<tr><td>IRR</td>", f);
		cell(f, c->attr);
		cell(f, c->handle);
		cell(f, c->found ? c->email : "(no object)");
		cell(f, "");
		cell(f, c->found && c->email_ok ? "yes" : "no");
		cell(f, c->updated);
		fputs("</tr>\n", f);
	}
	if (a->pdb_loaded && !a->pdb_net)
		fputs("<tr><td>PeeringDB</td><td colspan=\"6\">no net record</td></tr>\n", f);
	for (unsigned i = 0; i < a->npocs; i++) {
		const struct check_poc *c = &a->pocs[i];
		fputs("<tr><td>PeeringDB</td>", f);
		cell(f, c->role);
		cell(f, c->visible);
		cell(f, c->email);
		cell(f, c->phone);
		cell(f, c->email_ok && c->phone_ok ? "yes" : c->email_ok ? "e-mail only" : "no");
		cell(f, c->updated);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void fixes(FILE *f, const struct check_fixes *x)
{
	fprintf(f, "<h3>Fix list (%zu, by impact)</h3><ol class=\"fixes\">\n", x->n);
	char buf[512];
	for (size_t i = 0; i < x->n; i++) {
		fprintf(f, "<li><b>%s</b>: ", check_fix_kind_name(x->v[i].kind));
		esc(f, x->v[i].text);
		check_fix_rpsl(&x->v[i], buf, sizeof buf);
		if (*buf) {
			fputs("<pre>", f);
			esc(f, buf);
			fputs("</pre>", f);
		}
		fputs("</li>\n", f);
	}
	fputs("</ol>\n", f);
	bool any = false;
	for (size_t i = 0; i < x->n; i++) {
		check_fix_portal_csv(&x->v[i], buf, sizeof buf);
		if (!*buf)
			continue;
		if (!any)
			fputs("<h4>ROAs (RIR portal bulk CSV: ASN,prefix,maxLength)</h4><pre "
			      "class=\"roas\">",
			      f);
		any = true;
		esc(f, buf);
		fputc('\n', f);
	}
	if (any)
		fputs("</pre>\n", f);
}

static void one(FILE *f, const struct check_report *r, size_t i)
{
	const struct check_as *a = &r->as[i];
	char t0[32], t1[32];
	fprintf(f,
	        "<section class=\"as\"><h2>AS%u</h2><p>Data %s .. %s; %zu routes announced.</p>\n",
	        a->asn, ck_time(r->have->data_start, t0, sizeof t0),
	        ck_time(r->have->data_end, t1, sizeof t1), a->nroutes);
	fputs("<div class=\"gauges\">", f);
	for (int k = 0; k < CK_NACTIONS; k++)
		gauge(f, check_action_name((enum check_action)k), a->action_score[k], a->status[k]);
	fputs("</div>\n", f);
	coverage(f, r, a);
	timeline(f, r, a);
	metrics(f, r, a);
	contacts(f, a);
	fixes(f, &r->fixes[i]);
	fputs("</section>\n", f);
}

int check_out_html(FILE *f, const struct check_report *r)
{
	head(f);
	fputs("<h1>MANRS readiness report</h1>\n", f);
	for (size_t i = 0; i < r->n; i++)
		one(f, r, i);
	fprintf(f,
	        "<p><small>Metrics after the MANRS Observatory's measurement framework; the score "
	        "curves and the cut-offs (ready &ge; %g, aspiring &ge; %g) are ours, as the "
	        "Observatory publishes none. Generated by manrs check.</small></p>\n"
	        "</body></html>\n",
	        r->cut->ready[0], r->cut->aspiring[0]);
	return ferror(f) ? -1 : 0;
}
