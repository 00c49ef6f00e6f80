/* SPDX-License-Identifier: ISC */
/* sink_webhook.c - one HTTP POST per alert through libcurl's easy API,
 * one handle kept so connections are reused. */
#include "sink_webhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "detect/alert_json.h"

struct webhook {
	CURL *curl;
	struct curl_slist *headers;
	enum webhook_format format;
	char host[128]; /* for messages: the URL itself may hold a secret */
};

int webhook_format_parse(const char *name, enum webhook_format *f)
{
	static const struct {
		const char *name;
		enum webhook_format f;
	} formats[] = {
	    {"json", WEBHOOK_JSON}, {"slack", WEBHOOK_SLACK}, {"mattermost", WEBHOOK_MATTERMOST}};
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (!strcmp(name, formats[i].name)) {
			*f = formats[i].f;
			return 0;
		}
	return -1;
}

/* The answer's body is not needed: read and drop it. */
static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static char *body_of(const struct webhook *w, const struct alert *a)
{
	switch (w->format) {
	case WEBHOOK_SLACK:
		return alert_chat_body(a, ALERT_MARKUP_SLACK);
	case WEBHOOK_MATTERMOST:
		return alert_chat_body(a, ALERT_MARKUP_MATTERMOST);
	case WEBHOOK_JSON:
		break;
	}
	return alert_json_string(a);
}

static int webhook_deliver(void *self, const struct alert *a, struct err *e)
{
	struct webhook *w = self;
	char *body = body_of(w, a);
	if (!body)
		return err_set(e, "webhook %s: out of memory", w->host);
	curl_easy_setopt(w->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(w->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	CURLcode rc = curl_easy_perform(w->curl);
	free(body);
	if (rc != CURLE_OK)
		return err_set(e, "webhook %s: %s", w->host, curl_easy_strerror(rc));
	long status = 0;
	curl_easy_getinfo(w->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299)
		return err_set(e, "webhook %s: HTTP status %ld", w->host, status);
	return 0;
}

static void webhook_destroy(void *self)
{
	struct webhook *w = self;
	curl_slist_free_all(w->headers);
	curl_easy_cleanup(w->curl);
	free(w);
}

static const struct alert_sink_ops webhook_ops = {"webhook", webhook_deliver, NULL,
                                                  webhook_destroy};

/* FNV-1a: tells two webhooks on one host apart without showing the URL. */
static uint32_t url_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

/* Check url's scheme and copy its host. Returns 0 or -1 with e set. */
static int url_host(const char *url, char *host, size_t n, struct err *e)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *h = NULL;
	int rc = -1;
	if (!u)
		return err_set(e, "webhook: out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK)
		err_set(e, "webhook: '%s' is not a URL", url);
	else if (strcmp(scheme, "http") && strcmp(scheme, "https"))
		err_set(e, "webhook: '%s' is not http:// or https://", url);
	else {
		snprintf(host, n, "%s", h);
		rc = 0;
	}
	curl_free(scheme);
	curl_free(h);
	curl_url_cleanup(u);
	return rc;
}

static int setup(struct webhook *w, const char *url, long timeout_ms, struct err *e)
{
	if (!(w->curl = curl_easy_init()))
		return err_set(e, "webhook %s: libcurl cannot start", w->host);
	w->headers = curl_slist_append(NULL, "Content-Type: application/json");
	if (!w->headers)
		return err_set(e, "webhook %s: out of memory", w->host);
	CURL *c = w->curl;
	if (curl_easy_setopt(c, CURLOPT_URL, url) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK)
		return err_set(e, "webhook %s: libcurl refused the URL", w->host);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, w->headers);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms ? timeout_ms : WEBHOOK_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)WEBHOOK_CONNECT_MS);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "manrs-monitor");
	return 0;
}

struct alert_sink *sink_webhook_new(const char *url, enum webhook_format format, long timeout_ms,
                                    struct err *e)
{
	static int curl_ready;
	char detail[160];
	if (!curl_ready && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		err_set(e, "webhook: libcurl cannot start");
		return NULL;
	}
	curl_ready = 1;
	struct webhook *w = calloc(1, sizeof *w);
	if (!w) {
		err_set(e, "webhook: out of memory");
		return NULL;
	}
	w->format = format;
	if (url_host(url, w->host, sizeof w->host, e) < 0 || setup(w, url, timeout_ms, e) < 0) {
		webhook_destroy(w);
		return NULL;
	}
	snprintf(detail, sizeof detail, "%s#%08x", w->host, (unsigned)url_hash(url));
	return alert_sink_new(&webhook_ops, w, detail, e);
}
