/* SPDX-License-Identifier: ISC */
/* fuzz_http_request.c - the metrics endpoint's request-head parser: find
 * the end of the head, then parse it; the path must come back terminated
 * and within its buffer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	size_t head = http_request_head_len(buf, size);
	if (head > size)
		abort();
	struct http_request req;
	int st = http_request_parse(buf, head ? head : size, &req);
	if (st == 0 &&
	    (strlen(req.path) >= sizeof req.path || strlen(req.query) >= sizeof req.query))
		abort();
	return 0;
}
