/* SPDX-License-Identifier: ISC */
/* serve.c - 'manrs serve': the daemon (serve/daemon.h) from one config
 * file; --check-config checks it and the files it names; without
 * --foreground it goes to the background once it serves. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "cmd.h"
#include "core/log.h"
#include "daemon.h"
#include "daemon_config.h"
#include "serve_cmd.h"

#define NAME "serve"
#define DEFAULT_CONFIG "/etc/manrs/manrs.yml"

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: manrs serve [--config FILE] [--foreground] [--check-config]\n"
	        "\n"
	        "Run every service of one configuration file on one event loop: the RTR\n"
	        "cache, the whois server, the BMP collector, the monitor over the collector's\n"
	        "routes, and HTTP (JSON API under /api/v1/, the dashboard at /, /metrics).\n"
	        "\n"
	        "  -c, --config FILE   the configuration (default " DEFAULT_CONFIG
	        "; manrs.yml(5))\n"
	        "  -f, --foreground    stay in the foreground (systemd, scripts); otherwise\n"
	        "                      go to the background once every service serves\n"
	        "  -t, --check-config  check the configuration and the files it names, print\n"
	        "                      what would run, and exit\n"
	        "  -h, --help          this help\n"
	        "\n"
	        "Signals: SIGHUP rereads the configuration and the data (a bad file keeps the\n"
	        "running configuration; connected routers stay connected); SIGINT/SIGTERM stop.\n"
	        "Exit: 0 clean stop or a good configuration, 1 failure (bad configuration,\n"
	        "data that does not load, an address in use), 2 usage. See manrs-serve(1).\n");
}

/* A file a service reads at start: it must be there and readable. */
static int check_file(const char *what, const char *path)
{
	if (path && access(path, R_OK) != 0) {
		fprintf(stderr, "manrs serve: %s: %s: %m\n", what, path);
		return 1;
	}
	return 0;
}

static int check_files(const struct daemon_config *c)
{
	int bad = 0;
	for (size_t i = 0; c->rtr_enabled && i < c->rtr.nvrp_files; i++)
		bad |= check_file("rtr vrps", c->rtr.vrp_files[i]);
	for (size_t i = 0; c->rtr_enabled && i < c->rtr.nslurm_files; i++)
		bad |= check_file("rtr slurm", c->rtr.slurm_files[i]);
	for (size_t i = 0; c->whois.enabled && i < c->whois.nfiles; i++)
		bad |= check_file("whois file", c->whois.files[i]);
	const struct daemon_monitor_config *m = &c->monitor;
	if (m->enabled) {
		bad |= check_file("monitor prefixes", m->prefixes);
		bad |= check_file("monitor config", m->config);
		bad |= check_file("monitor vrps", m->vrps);
		bad |= check_file("monitor asrel", m->asrel);
		for (size_t i = 0; i < m->nirr; i++)
			bad |= check_file("monitor irr", m->irr[i]);
	}
	return bad;
}

static void print_listen(const char *what, const char *const *addr, size_t n)
{
	printf("  %-8s", what);
	for (size_t i = 0; i < n; i++)
		printf(" %s", addr[i]);
	printf("\n");
}

static int check_config(const char *path)
{
	struct err e;
	struct daemon_config *c = daemon_config_load(path, &e);
	if (!c) {
		fprintf(stderr, "manrs serve: %s\n", e.msg);
		return EXIT_FINDINGS;
	}
	int bad = check_files(c);
	if (!bad) {
		printf("%s: ok; log to %s\n", path, daemon_log_target_name(c->log_target));
		if (c->rtr_enabled)
			print_listen("rtr", c->rtr.listen, c->rtr.nlisten);
		if (c->whois.enabled)
			print_listen("whois", c->whois.listen.addr, c->whois.listen.n);
		if (c->bmp_enabled)
			print_listen("bmp", c->bmp.listen, c->bmp.nlisten);
		if (c->monitor.enabled)
			printf("  monitor  on the bmp collector's routes\n");
		if (c->http.n)
			print_listen("http", c->http.addr, c->http.n);
		if (c->nsources)
			printf("  sources  %zu\n", c->nsources);
	}
	daemon_config_free(c);
	return bad ? EXIT_FINDINGS : EXIT_OK;
}

/* Background: the parent waits until the child serves (it writes one byte
 * on the pipe) or fails (the pipe closes), so the exit status tells. */
static int ready_fd = -1;

static void say_ready(void *arg)
{
	if (ready_fd >= 0) {
		(void)!write(ready_fd, "R", 1);
		close(ready_fd);
		ready_fd = -1;
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			close(null);
		}
	}
}

/* Returns -1 in the child (go on), else the parent's exit status. */
static int background(void)
{
	int p[2];
	if (pipe(p) < 0) {
		fprintf(stderr, "manrs serve: pipe: %m\n");
		return EXIT_FINDINGS;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "manrs serve: fork: %m\n");
		return EXIT_FINDINGS;
	}
	if (pid == 0) {
		close(p[0]);
		ready_fd = p[1];
		setsid();
		return -1;
	}
	close(p[1]);
	char c;
	ssize_t n = read(p[0], &c, 1);
	close(p[0]);
	if (n == 1)
		return EXIT_OK;
	int st;
	waitpid(pid, &st, 0);
	return EXIT_FINDINGS;
}

static int run(const char *path, int foreground)
{
	if (!foreground) {
		int rc = background();
		if (rc >= 0)
			return rc;
	}
	struct err e;
	struct daemon *d = daemon_start(path, &e);
	if (!d) {
		log_err("%s", e.msg);
		return EXIT_FINDINGS;
	}
	int rc = daemon_run(d, say_ready, NULL, &e);
	if (rc)
		log_err("%s", e.msg);
	daemon_free(d);
	log_info("stopped");
	return rc ? EXIT_FINDINGS : EXIT_OK;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"foreground", no_argument, NULL, 'f'},
	    {"check-config", no_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *path = DEFAULT_CONFIG;
	int foreground = 0, check = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "c:fth", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'f':
			foreground = 1;
			break;
		case 't':
			check = 1;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cmd_usage_error(NAME,
			                       "unknown option or missing value: '%s' (see --help)",
			                       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error(NAME, "unexpected argument '%s'", argv[optind]);
	log_init("manrs serve", LOG_LEVEL_INFO, 0);
	return check ? check_config(path) : run(path, foreground);
}
