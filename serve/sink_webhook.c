/* SPDX-License-Identifier: ISC */
/* sink_webhook.c - one HTTP POST per alert through libcurl's easy API,
 * one handle kept so connections are reused, on a worker thread of its
 * own: deliver only queues the body, so a slow or silent webhook never
 * holds up detection (alert_sink.h: deliveries in flight). */
#include "sink_webhook.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "detect/alert_json.h"

/* One POST: queued, then done (outcome kept until poll reports it). */
struct job {
	struct job *next;
	uint64_t id;
	uint32_t version;
	char *body;
	char why[200]; /* empty when it worked */
};

struct job_list {
	struct job *head, *tail;
};

struct webhook {
	CURL *curl; /* the worker's only */
	struct curl_slist *headers;
	enum webhook_format format;
	long timeout_ms;
	char host[128]; /* for messages: the URL itself may hold a secret */
	pthread_mutex_t mu;
	pthread_cond_t cv; /* work queued, a job done, or stop */
	bool started;      /* the worker runs (started at the first delivery) */
	bool busy;         /* the worker is posting a job taken from todo */
	bool broken;       /* a POST failed and poll has not reported it yet */
	atomic_bool stop;  /* also read by the transfer, to abort it */
	struct job_list todo, done;
	pthread_t thread;
};

static void list_push(struct job_list *l, struct job *j)
{
	j->next = NULL;
	if (l->tail)
		l->tail->next = j;
	else
		l->head = j;
	l->tail = j;
}

static struct job *list_pop(struct job_list *l)
{
	struct job *j = l->head;
	if (j && !(l->head = j->next))
		l->tail = NULL;
	return j;
}

static void list_free(struct job_list *l)
{
	struct job *j;
	while ((j = list_pop(l))) {
		free(j->body);
		free(j);
	}
}

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

/* POST j's body (on the worker, without the lock); j->why says why not. */
static void post(struct webhook *w, struct job *j)
{
	curl_easy_setopt(w->curl, CURLOPT_POSTFIELDS, j->body);
	curl_easy_setopt(w->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(j->body));
	CURLcode rc = curl_easy_perform(w->curl);
	long status = 0;
	j->why[0] = '\0';
	if (rc != CURLE_OK) {
		snprintf(j->why, sizeof j->why, "webhook %s: %s", w->host, curl_easy_strerror(rc));
		return;
	}
	curl_easy_getinfo(w->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299)
		snprintf(j->why, sizeof j->why, "webhook %s: HTTP status %ld", w->host, status);
}

/* After a failure, jobs taken before poll reported it go back unsent. */
static void fail_unsent(struct webhook *w, struct job *j)
{
	snprintf(j->why, sizeof j->why, "webhook %s: not sent after an earlier failure", w->host);
	list_push(&w->done, j);
}

static void *worker(void *arg)
{
	struct webhook *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->todo.head && !atomic_load(&w->stop))
			pthread_cond_wait(&w->cv, &w->mu);
		if (atomic_load(&w->stop))
			break;
		struct job *j = list_pop(&w->todo);
		if (w->broken) {
			fail_unsent(w, j);
			pthread_cond_broadcast(&w->cv);
			continue;
		}
		w->busy = true;
		pthread_mutex_unlock(&w->mu);
		post(w, j);
		pthread_mutex_lock(&w->mu);
		w->busy = false;
		w->broken = j->why[0] != '\0';
		list_push(&w->done, j);
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Abort a transfer under way when the sink is being destroyed. */
static int progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	return atomic_load(&((struct webhook *)arg)->stop) ? 1 : 0;
}

static int webhook_deliver(void *self, const struct alert *a, struct err *e)
{
	struct webhook *w = self;
	struct job *j = calloc(1, sizeof *j);
	if (!j || !(j->body = body_of(w, a))) {
		free(j);
		return err_set(e, "webhook %s: out of memory", w->host);
	}
	j->id = a->id;
	j->version = a->version;
	pthread_mutex_lock(&w->mu);
	/* started here, not in sink_webhook_new: no thread before a fork */
	if (!w->started && pthread_create(&w->thread, NULL, worker, w) == 0)
		w->started = true;
	if (w->started)
		list_push(&w->todo, j);
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	if (!w->started) {
		free(j->body);
		free(j);
		return err_set(e, "webhook %s: cannot start a thread", w->host);
	}
	return ALERT_SINK_IN_FLIGHT;
}

/* Jobs taken and not finished (those done wait for poll, under the lock). */
static size_t in_flight(const struct webhook *w)
{
	size_t n = w->busy;
	for (const struct job *j = w->todo.head; j; j = j->next)
		n++;
	return n;
}

/* Wait, at most the request timeout, until the worker has nothing left. */
static void wait_idle(struct webhook *w)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	long ms = w->timeout_ms + 100;
	until.tv_sec += ms / 1000 + (until.tv_nsec + (ms % 1000) * 1000000L) / 1000000000L;
	until.tv_nsec = (until.tv_nsec + (ms % 1000) * 1000000L) % 1000000000L;
	while ((w->todo.head || w->busy) && pthread_cond_timedwait(&w->cv, &w->mu, &until) == 0)
		;
}

static size_t webhook_poll(void *self, bool wait, alert_sink_done_fn *done, void *arg)
{
	struct webhook *w = self;
	pthread_mutex_lock(&w->mu);
	if (wait)
		wait_idle(w);
	if (w->broken) { /* the rest was taken before the dispatcher knew */
		struct job *j;
		while ((j = list_pop(&w->todo)))
			fail_unsent(w, j);
		w->broken = false;
	}
	struct job_list out = w->done;
	w->done = (struct job_list){NULL, NULL};
	size_t left = in_flight(w);
	pthread_mutex_unlock(&w->mu);
	for (struct job *j = out.head; j; j = j->next)
		done(arg, j->id, j->version, j->why[0] ? j->why : NULL);
	list_free(&out);
	return left;
}

static void webhook_destroy(void *self)
{
	struct webhook *w = self;
	pthread_mutex_lock(&w->mu);
	atomic_store(&w->stop, true);
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	if (w->started)
		pthread_join(w->thread, NULL);
	list_free(&w->todo);
	list_free(&w->done);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	curl_slist_free_all(w->headers);
	curl_easy_cleanup(w->curl);
	free(w);
}

static const struct alert_sink_ops webhook_ops = {.kind = "webhook",
                                                  .deliver = webhook_deliver,
                                                  .destroy = webhook_destroy,
                                                  .poll = webhook_poll};

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
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, w->timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)WEBHOOK_CONNECT_MS);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "manrs-monitor");
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, w);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
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
	w->timeout_ms = timeout_ms ? timeout_ms : WEBHOOK_TIMEOUT_MS;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (url_host(url, w->host, sizeof w->host, e) < 0 || setup(w, url, timeout_ms, e) < 0) {
		webhook_destroy(w);
		return NULL;
	}
	snprintf(detail, sizeof detail, "%s#%08x", w->host, (unsigned)url_hash(url));
	return alert_sink_new(&webhook_ops, w, detail, e);
}
