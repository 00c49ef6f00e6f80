/* SPDX-License-Identifier: ISC */
/* daemon_sources.c - the scheduler hook without a fetcher: it notes each
 * source's file (size, mtime) for the status page and fetches nothing; the
 * lead links the fetcher (issue 15 item 2) here. */
#include "daemon_sources.h"

#include <sys/stat.h>

int daemon_sources_tick(const struct daemon_source *sources, size_t n,
                        struct daemon_source_state *state, time_t now)
{
	(void)now;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(sources[i].path, &st) == 0) {
			state[i].file_mtime = st.st_mtime;
			state[i].file_size = (long long)st.st_size;
		} else {
			state[i].file_mtime = 0;
			state[i].file_size = -1;
		}
	}
	return 0;
}
