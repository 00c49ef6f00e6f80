/* SPDX-License-Identifier: ISC */
/* bz2_parallel.c - decode bzip2 blocks on worker threads, output in order.
 *
 * The calling thread scans the compressed bits for block and end-of-stream
 * magics and cuts the input into jobs (one block each, bits from its magic
 * up to the next magic); workers re-align a job into a standalone one-block
 * stream and decode it with libbz2. A job that fails is merged with the next
 * one (a chance magic inside a block split it) and decoded again; only when
 * no next job exists is the input corrupt. Each stream's combined CRC is
 * checked against the block CRCs like libbz2 does when decoding serially. */
#include "core/bz2_parallel.h"
#include "core/grow.h"

#include <bzlib.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK_MAGIC 0x314159265359ull
#define EOS_MAGIC 0x177245385090ull
#define READ_CHUNK (1u << 20)
#define JOB_MAX (16u << 20) /* a real block is < 1 MiB compressed */
#define MAX_THREADS 8

static _Atomic uint64_t tune_min = 1u << 20;
static _Atomic unsigned tune_threads;
static _Atomic uint64_t tune_fake; /* test: extra false boundaries every N bytes */

enum job_state { J_QUEUED, J_RUNNING, J_DONE };

struct job {
	uint8_t *in; /* bytes covering the bits [shift, shift + nbits) */
	size_t in_len;
	unsigned shift;
	uint64_t nbits;
	uint64_t off; /* file offset of in[0] */
	char level;
	int eos;          /* last block of its stream */
	uint32_t eos_crc; /* the stream's stored combined CRC */
	uint32_t crc;     /* this block's CRC */
	int error;        /* marker: no data, the input ends badly here */
	char why[64];
	int absorbed; /* merged into the previous job */
	enum job_state state;
	int ok;
	uint8_t *out;
	size_t out_len;
};

struct bz2p {
	int fd;
	char name[256];
	/* scanner window: absolute bytes [win_off, win_off + win_len) */
	uint8_t *win;
	size_t win_len, win_cap;
	uint64_t win_off, raw_total;
	int eof;
	enum { S_HEADER, S_BLOCK, S_DONE } st;
	uint64_t hdr_byte, cur_bit;
	char level;
	/* job ring: sequence numbers head <= work <= tail, slot = seq % nslots */
	struct job *slots;
	unsigned nslots, nthreads, started;
	uint64_t head, work, tail;
	pthread_t th[MAX_THREADS];
	pthread_mutex_t mu;
	pthread_cond_t cv_work, cv_done;
	int quit;
	uint64_t fake; /* bz2p_tune's fake_every at open */
	/* delivery */
	size_t out_pos;
	uint64_t blocks; /* blocks delivered so far */
	int delivering;
	uint32_t combined;
	int failed;
	char why[64];
	struct err saved;
};

/* tab[v] bit k: byte v is the second byte of a magic starting k bits into
 * the byte before it. Lets the scan test one byte per position. */
static uint8_t tab[256];
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

static void tab_init(void)
{
	for (unsigned k = 0; k < 8; k++) {
		tab[(BLOCK_MAGIC >> (32 + k)) & 0xff] |= (uint8_t)(1u << k);
		tab[(EOS_MAGIC >> (32 + k)) & 0xff] |= (uint8_t)(1u << k);
	}
}

static struct job *slot(struct bz2p *p, uint64_t seq)
{
	return &p->slots[seq % p->nslots];
}

/* Make the window hold absolute bytes up to end (fewer only at EOF). Bytes
 * before keep may be dropped. Returns -1 on a read error. */
static int win_need(struct bz2p *p, uint64_t keep, uint64_t end, struct err *e)
{
	while (p->win_off + p->win_len < end && !p->eof) {
		if (keep > p->win_off && keep - p->win_off > p->win_len / 2) {
			size_t drop = (size_t)(keep - p->win_off);
			if (drop > p->win_len)
				drop = p->win_len;
			memmove(p->win, p->win + drop, p->win_len - drop);
			p->win_len -= drop, p->win_off += drop;
		}
		if (p->win_cap - p->win_len < READ_CHUNK) {
			uint8_t *nw = grow(p->win, &p->win_cap, p->win_cap + 1, 1); /* doubles */
			if (!nw)
				return err_set(e, "%s: out of memory", p->name);
			p->win = nw;
		}
		ssize_t n;
		do
			n = read(p->fd, p->win + p->win_len, p->win_cap - p->win_len);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return err_at_offset(e, p->name, p->raw_total, "read: %s", strerror(errno));
		if (n == 0)
			p->eof = 1;
		p->win_len += (size_t)n, p->raw_total += (uint64_t)n;
	}
	return 0;
}

/* n <= 32 bits at absolute bit position bit; the bytes must be in the window. */
static uint64_t bits_at(const struct bz2p *p, uint64_t bit, unsigned n)
{
	const uint8_t *b = p->win + (bit / 8 - p->win_off);
	uint64_t w = 0;
	unsigned need = (unsigned)((bit % 8 + n + 7) / 8);
	for (unsigned i = 0; i < need; i++)
		w = w << 8 | b[i];
	return (w >> (need * 8 - bit % 8 - n)) & ((1ull << n) - 1);
}

static int have_bits(const struct bz2p *p, uint64_t bit, unsigned n)
{
	return bit / 8 >= p->win_off && (bit + n + 7) / 8 <= p->win_off + p->win_len;
}

/* 48-bit value at bit, when available. */
static int magic_at(struct bz2p *p, uint64_t bit, uint64_t *v, struct err *e)
{
	if (win_need(p, bit / 8, (bit + 48 + 7) / 8, e) < 0)
		return -1;
	if (!have_bits(p, bit, 48))
		return 0;
	*v = bits_at(p, bit, 24) << 24 | bits_at(p, bit + 24, 24);
	return 1;
}

/* Test knob: a fake boundary at bit is harmless only when no real magic
 * starts in the 128 bits after it (the scan resumes 80 bits on). */
static int fake_ok(const struct bz2p *p, uint64_t bit, uint64_t limit)
{
	if ((bit + 128 + 48) / 8 + 1 > limit)
		return 0;
	for (uint64_t b = bit; b < bit + 128; b++) {
		uint64_t v = bits_at(p, b, 24) << 24 | bits_at(p, b + 24, 24);
		if (v == BLOCK_MAGIC || v == EOS_MAGIC)
			return 0;
	}
	return 1;
}

/* First magic at bit >= from, keeping bytes from keep. Returns 1 with *at
 * and *kind, 0 at EOF, -1 on error. */
static int find_magic(struct bz2p *p, uint64_t keep, uint64_t from, uint64_t *at, uint64_t *kind,
                      struct err *e)
{
	uint64_t j = from / 8 + 1; /* candidate second byte of the magic */
	uint64_t fake = p->fake;
	for (;;) {
		if (win_need(p, keep, j + 6, e) < 0)
			return -1;
		uint64_t limit = p->win_off + p->win_len; /* need bytes j-1 .. j+5 */
		if (j + 6 > limit)
			return 0; /* EOF: no room for another magic */
		if (j - 1 - keep > JOB_MAX)
			return 0; /* no real block is this long */
		const uint8_t *w = p->win - p->win_off;
		for (; j + 6 <= limit; j++) {
			unsigned ks = tab[w[j]];
			while (ks) {
				unsigned k = (unsigned)__builtin_ctz(ks);
				ks &= ks - 1;
				uint64_t bit = (j - 1) * 8 + k;
				if (bit < from)
					continue;
				uint64_t v = bits_at(p, bit, 24) << 24 | bits_at(p, bit + 24, 24);
				if (v == BLOCK_MAGIC || v == EOS_MAGIC) {
					*at = bit, *kind = v;
					return 1;
				}
			}
			if (fake && j % fake == 0 && j * 8 >= from && fake_ok(p, j * 8, limit)) {
				*at = j * 8, *kind = BLOCK_MAGIC; /* exercises merging */
				return 1;
			}
		}
		/* j + 6 > limit now: ask for more and continue from j */
		if (p->eof)
			return 0;
		if (win_need(p, keep, limit + READ_CHUNK, e) < 0)
			return -1;
	}
}

/* A stream header "BZh1".."BZh9" at byte off, keeping bytes from keep;
 * 1 yes, 0 no/EOF, -1 error. */
static int header_at(struct bz2p *p, uint64_t keep, uint64_t off, struct err *e)
{
	if (win_need(p, keep, off + 4, e) < 0)
		return -1;
	if (off < p->win_off || off + 4 > p->win_off + p->win_len)
		return 0;
	const uint8_t *h = p->win + (off - p->win_off);
	return h[0] == 'B' && h[1] == 'Z' && h[2] == 'h' && h[3] >= '1' && h[3] <= '9';
}

static void set_error_job(struct job *j, uint64_t off, const char *why)
{
	memset(j, 0, sizeof *j);
	j->error = 1, j->off = off, j->state = J_DONE;
	snprintf(j->why, sizeof j->why, "%s", why);
}

/* Copy bits [from, to) into j. */
static int cut_job(struct bz2p *p, struct job *j, uint64_t from, uint64_t to, struct err *e)
{
	memset(j, 0, sizeof *j);
	uint64_t b0 = from / 8, b1 = (to + 7) / 8;
	j->in_len = (size_t)(b1 - b0);
	j->in = malloc(j->in_len + 1);
	if (!j->in)
		return err_set(e, "%s: out of memory", p->name);
	memcpy(j->in, p->win + (b0 - p->win_off), j->in_len);
	j->shift = (unsigned)(from % 8), j->nbits = to - from, j->off = b0;
	j->level = p->level;
	j->crc = (uint32_t)bits_at(p, from + 48, 32);
	j->state = J_QUEUED;
	return 0;
}

/* Produce the next job into j. Returns 1 for a job (data or error marker),
 * 0 when the input ended cleanly, -1 on a read error. */
static int scan_next(struct bz2p *p, struct job *j, struct err *e)
{
	for (;;) {
		if (p->st == S_DONE)
			return 0;
		if (p->st == S_HEADER) {
			int h = header_at(p, p->hdr_byte, p->hdr_byte, e);
			if (h < 0)
				return -1;
			if (!h) {
				/* Clean EOF right after a stream is the normal end. */
				if (p->eof && p->hdr_byte == p->win_off + p->win_len &&
				    p->hdr_byte > 0) {
					p->st = S_DONE;
					return 0;
				}
				p->st = S_DONE;
				set_error_job(j, p->hdr_byte, "bad stream header");
				return 1;
			}
			p->level = (char)p->win[p->hdr_byte + 3 - p->win_off];
			uint64_t bit = (p->hdr_byte + 4) * 8, v;
			int m = magic_at(p, bit, &v, e);
			if (m < 0)
				return -1;
			if (m && v == BLOCK_MAGIC) {
				p->cur_bit = bit, p->st = S_BLOCK;
			} else if (m && v == EOS_MAGIC) {
				/* Empty stream: just its CRC and padding. */
				if (win_need(p, bit / 8, (bit + 80 + 7) / 8, e) < 0)
					return -1;
				if (!have_bits(p, bit, 80)) {
					p->st = S_DONE;
					set_error_job(j, p->win_off + p->win_len,
					              "unexpected end of input");
					return 1;
				}
				p->hdr_byte = (bit + 80 + 7) / 8;
			} else {
				p->st = S_DONE;
				set_error_job(j, p->hdr_byte + 4,
				              m ? "bad block magic" : "unexpected end of input");
				return 1;
			}
			continue;
		}
		/* S_BLOCK: this block runs to the next magic. */
		uint64_t keep = p->cur_bit / 8, from = p->cur_bit + 80, at, kind;
		for (;;) {
			int f = find_magic(p, keep, from, &at, &kind, e);
			if (f < 0)
				return -1;
			if (!f) {
				p->st = S_DONE;
				set_error_job(j, p->win_off + p->win_len,
				              "unexpected end of input");
				return 1;
			}
			if (kind == BLOCK_MAGIC)
				break;
			/* An end-of-stream magic is real only when its CRC, padding
			 * and then EOF or another stream header follow. */
			uint64_t next = (at + 80 + 7) / 8;
			if (win_need(p, keep, next + 4, e) < 0)
				return -1;
			int h = header_at(p, keep, next, e);
			if (h < 0)
				return -1;
			if (h || (p->eof && next == p->win_off + p->win_len))
				break;
			from = at + 1;
		}
		if (cut_job(p, j, p->cur_bit, at, e) < 0)
			return -1;
		if (kind == EOS_MAGIC) {
			j->eos = 1, j->eos_crc = (uint32_t)bits_at(p, at + 48, 32);
			p->hdr_byte = (at + 80 + 7) / 8, p->st = S_HEADER;
		} else {
			p->cur_bit = at;
		}
		return 1;
	}
}

static void put_bits(uint8_t *b, uint64_t *bit, uint64_t v, unsigned n)
{
	while (n--) {
		if ((v >> n) & 1)
			b[*bit / 8] |= (uint8_t)(0x80u >> (*bit % 8));
		(*bit)++;
	}
}

/* Re-align a job into "BZh" level, its block, end magic, CRC; decode it. */
static void decode_job(struct job *j)
{
	size_t nbytes = (size_t)((j->nbits + 7) / 8);
	size_t slen = 4 + (size_t)((j->nbits + 80 + 7) / 8);
	uint8_t *s = calloc(1, slen + 1);
	j->ok = 0;
	if (!s)
		return;
	memcpy(s, "BZh", 3);
	s[3] = (uint8_t)j->level;
	uint8_t *d = s + 4;
	if (j->shift == 0) {
		memcpy(d, j->in, nbytes);
	} else {
		for (size_t i = 0; i < nbytes; i++) {
			unsigned hi = (unsigned)j->in[i] << j->shift;
			unsigned lo = i + 1 < j->in_len ? j->in[i + 1] >> (8 - j->shift) : 0;
			d[i] = (uint8_t)(hi | lo);
		}
	}
	if (j->nbits % 8)
		d[nbytes - 1] &= (uint8_t)(0xff00u >> (j->nbits % 8));
	uint64_t bit = j->nbits;
	put_bits(d, &bit, EOS_MAGIC, 48);
	put_bits(d, &bit, j->crc, 32);

	size_t cap = 1u << 20;
	uint8_t *out = malloc(cap);
	bz_stream z;
	memset(&z, 0, sizeof z);
	if (!out || BZ2_bzDecompressInit(&z, 0, 0) != BZ_OK) {
		free(out), free(s);
		return;
	}
	z.next_in = (char *)s, z.avail_in = (unsigned)slen;
	size_t len = 0;
	for (;;) {
		if (len == cap) {
			uint8_t *no = cap < (1u << 30) ? grow(out, &cap, cap + 1, 1) : NULL;
			if (!no)
				break;
			out = no;
		}
		z.next_out = (char *)out + len, z.avail_out = (unsigned)(cap - len);
		int rc = BZ2_bzDecompress(&z);
		len = cap - z.avail_out;
		if (rc == BZ_STREAM_END) {
			j->ok = z.avail_in == 0;
			break;
		}
		if (rc != BZ_OK || (z.avail_in == 0 && len < cap))
			break;
	}
	BZ2_bzDecompressEnd(&z);
	free(s);
	if (j->ok) {
		j->out = out, j->out_len = len;
	} else {
		free(out);
	}
}

static void *worker(void *arg)
{
	struct bz2p *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->work < p->tail && slot(p, p->work)->state != J_QUEUED)
			p->work++;
		if (p->quit)
			break;
		if (p->work == p->tail) {
			pthread_cond_wait(&p->cv_work, &p->mu);
			continue;
		}
		struct job *j = slot(p, p->work++);
		j->state = J_RUNNING;
		pthread_mutex_unlock(&p->mu);
		decode_job(j);
		pthread_mutex_lock(&p->mu);
		j->state = J_DONE;
		pthread_cond_broadcast(&p->cv_done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

unsigned bz2p_threads_for(uint64_t raw_size)
{
	unsigned n = atomic_load(&tune_threads);
	if (n == 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		n = c > 0 ? (unsigned)c : 1;
		if (n < 2)
			return 0;
	}
	if (n > MAX_THREADS)
		n = MAX_THREADS;
	if (raw_size != 0 && raw_size < atomic_load(&tune_min))
		return 0;
	return n;
}

void bz2p_tune(uint64_t min_size, unsigned threads, uint64_t fake_every)
{
	atomic_store(&tune_min, min_size);
	atomic_store(&tune_threads, threads);
	atomic_store(&tune_fake, fake_every);
}

struct bz2p *bz2p_open(int fd, const uint8_t *pre, size_t pre_len, int pre_eof, const char *name,
                       unsigned threads, struct err *e)
{
	pthread_once(&tab_once, tab_init);
	if (threads < 1)
		threads = 1;
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	struct bz2p *p = calloc(1, sizeof *p);
	if (!p) {
		err_set(e, "%s: out of memory", name);
		return NULL;
	}
	p->fd = fd, p->eof = pre_eof, p->nthreads = threads;
	p->fake = atomic_load(&tune_fake);
	snprintf(p->name, sizeof p->name, "%s", name);
	p->nslots = 2 * threads + 2;
	p->win_cap = 4 * (size_t)READ_CHUNK;
	while (p->win_cap < pre_len + READ_CHUNK)
		p->win_cap *= 2;
	p->win = malloc(p->win_cap);
	p->slots = calloc(p->nslots, sizeof *p->slots);
	if (!p->win || !p->slots) {
		free(p->win), free(p->slots), free(p);
		err_set(e, "%s: out of memory", name);
		return NULL;
	}
	memcpy(p->win, pre, pre_len);
	p->win_len = pre_len, p->raw_total = pre_len;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv_work, NULL);
	pthread_cond_init(&p->cv_done, NULL);
	for (unsigned i = 0; i < threads; i++) {
		if (pthread_create(&p->th[i], NULL, worker, p) != 0)
			break;
		p->started++;
	}
	if (p->started == 0) {
		bz2p_close(p);
		err_set(e, "%s: cannot start bzip2 threads", name);
		return NULL;
	}
	return p;
}

void bz2p_close(struct bz2p *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->cv_work);
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < p->started; i++)
		pthread_join(p->th[i], NULL);
	for (unsigned i = 0; i < p->nslots; i++)
		free(p->slots[i].in), free(p->slots[i].out);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv_work);
	pthread_cond_destroy(&p->cv_done);
	free(p->slots);
	free(p->win);
	free(p);
}

uint64_t bz2p_raw_total(const struct bz2p *p)
{
	return p->raw_total;
}

static int fail(struct bz2p *p, struct err *e, uint64_t off, const char *why)
{
	err_at_offset(&p->saved, p->name, off, "bzip2 data corrupt or truncated (%s)", why);
	p->failed = 1;
	if (e)
		*e = p->saved;
	return -1;
}

/* A block that does not decode, or whose CRC or its stream's combined CRC
 * does not match: none of its bytes are delivered. */
static int fail_crc(struct bz2p *p, struct err *e, uint64_t off, const char *what)
{
	err_set(&p->saved, "%s: bzip2 %sCRC error at block %llu (offset %llu)", p->name, what,
	        (unsigned long long)p->blocks + 1, (unsigned long long)off);
	snprintf(p->saved.file, sizeof p->saved.file, "%s", p->name);
	p->saved.offset = off;
	p->saved.has_offset = 1;
	p->failed = 1;
	if (e)
		*e = p->saved;
	return -1;
}

/* Fill the ring with scanned jobs; workers pick them up. */
static int top_up(struct bz2p *p, struct err *e)
{
	while (p->st != S_DONE && p->tail - p->head < p->nslots) {
		struct job j;
		int rc = scan_next(p, &j, e);
		if (rc < 0)
			return -1;
		if (rc == 0)
			break;
		pthread_mutex_lock(&p->mu);
		struct job *s = slot(p, p->tail);
		free(s->in), free(s->out);
		*s = j;
		p->tail++;
		pthread_cond_signal(&p->cv_work);
		pthread_mutex_unlock(&p->mu);
	}
	return 0;
}

static void wait_done(struct bz2p *p, struct job *j)
{
	pthread_mutex_lock(&p->mu);
	while (j->state != J_DONE)
		pthread_cond_wait(&p->cv_done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

/* The head job failed: append following jobs' bits until it decodes. When
 * it cannot, *why and *off say where the input is bad (defaults set by the
 * caller); an error marker next means the input was cut short. */
static int merge_retry(struct bz2p *p, struct job *h, const char **why, uint64_t *off,
                       struct err *e)
{
	/* Huffman codes are at most 17 bits per symbol, so a real block of
	 * level * 100k symbols is never longer than this. */
	size_t max_len = (size_t)(h->level - '0') * 100000 * 17 / 8 + 65536;
	uint64_t seq = p->head + 1;
	while (!h->ok && !h->eos && h->in_len <= max_len) {
		while (seq < p->tail && slot(p, seq)->absorbed)
			seq++;
		struct job fresh, *n = &fresh;
		if (seq < p->tail) {
			n = slot(p, seq);
			wait_done(p, n);
		} else {
			/* The ring is all absorbed: take the next job directly. */
			int rc = scan_next(p, &fresh, e);
			if (rc < 0)
				return -1;
			if (rc == 0)
				return 0;
		}
		if (n->error) {
			snprintf(p->why, sizeof p->why, "%s", n->why);
			*why = p->why, *off = n->off;
			return 0; /* nothing left to merge */
		}
		uint64_t end = h->shift + h->nbits; /* bits used in h->in */
		size_t keep = (size_t)(end / 8);    /* n->in starts at byte end/8 */
		uint8_t *in = resize(h->in, keep + n->in_len + 1, 1);
		if (!in) {
			if (n == &fresh)
				free(fresh.in);
			return err_set(e, "%s: out of memory", p->name);
		}
		memcpy(in + keep, n->in, n->in_len);
		h->in = in, h->in_len = keep + n->in_len, h->nbits += n->nbits;
		h->eos = n->eos, h->eos_crc = n->eos_crc;
		n->absorbed = 1;
		free(n->in), free(n->out);
		n->in = n->out = NULL;
		decode_job(h);
		seq++;
	}
	return 0;
}

ssize_t bz2p_read(struct bz2p *p, uint8_t *out, size_t cap, struct err *e)
{
	if (p->failed) {
		if (e)
			*e = p->saved;
		return -1;
	}
	for (;;) {
		if (p->delivering) {
			struct job *h = slot(p, p->head);
			size_t n = h->out_len - p->out_pos;
			if (n > cap)
				n = cap;
			if (n > 0) {
				memcpy(out, h->out + p->out_pos, n);
				p->out_pos += n;
				return (ssize_t)n;
			}
			free(h->out), free(h->in);
			h->out = h->in = NULL;
			p->delivering = 0;
			p->head++;
		}
		while (p->head < p->tail && slot(p, p->head)->absorbed)
			p->head++;
		if (top_up(p, e) < 0) {
			p->failed = 1;
			if (e)
				p->saved = *e;
			return -1;
		}
		if (p->head == p->tail)
			return 0;
		struct job *h = slot(p, p->head);
		if (h->error)
			return fail(p, e, h->off, h->why);
		wait_done(p, h);
		const char *why = "bad block";
		uint64_t off = h->off;
		if (!h->ok && merge_retry(p, h, &why, &off, e) < 0) {
			p->failed = 1;
			if (e)
				p->saved = *e;
			return -1;
		}
		if (!h->ok && why == p->why)
			return fail(p, e, off, why); /* the input ends inside the block */
		if (!h->ok)
			return fail_crc(p, e, off, "");
		p->combined = (p->combined << 1 | p->combined >> 31) ^ h->crc;
		if (h->eos) {
			uint32_t c = p->combined;
			p->combined = 0;
			if (c != h->eos_crc)
				return fail_crc(p, e, h->off, "stream ");
		}
		p->blocks++;
		p->delivering = 1, p->out_pos = 0;
	}
}
