/* SPDX-License-Identifier: ISC */
/* kafka_mock_broker.c - a Kafka cluster for tests, from librdkafka's
 * built-in mock cluster: prints its bootstrap address on the first line of
 * stdout, creates the topics asked for, and lives until SIGINT/SIGTERM or
 * the time limit. Built by the tests that need it (cc ... -lrdkafka).
 *
 * usage: kafka_mock_broker [-b BROKERS] [-t SECONDS] [TOPIC:PARTITIONS...]
 *   -b  brokers in the cluster (3)
 *   -t  exit after this many seconds (120)
 * Commands on stdin, one per line, for failure tests: "down ID", "up ID"
 * (broker ids count from 1). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void command(rd_kafka_mock_cluster_t *mc, const char *line)
{
	int id;
	if (sscanf(line, "down %d", &id) == 1)
		rd_kafka_mock_broker_set_down(mc, id);
	else if (sscanf(line, "up %d", &id) == 1)
		rd_kafka_mock_broker_set_up(mc, id);
	else
		fprintf(stderr, "kafka_mock_broker: unknown command: %s", line);
}

int main(int argc, char **argv)
{
	int brokers = 3, limit = 120, c;
	while ((c = getopt(argc, argv, "b:t:")) != -1) {
		if (c == 'b')
			brokers = atoi(optarg);
		else if (c == 't')
			limit = atoi(optarg);
		else
			return 2;
	}
	char why[256];
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	rd_kafka_conf_set(conf, "log_level", "3", why, sizeof why);
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, why, sizeof why);
	if (!rk) {
		fprintf(stderr, "kafka_mock_broker: %s\n", why);
		return 1;
	}
	rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
	if (!mc) {
		fprintf(stderr, "kafka_mock_broker: cannot start the mock cluster\n");
		return 1;
	}
	for (int i = optind; i < argc; i++) {
		char topic[256];
		int parts = 1;
		if (sscanf(argv[i], "%255[^:]:%d", topic, &parts) < 1 ||
		    rd_kafka_mock_topic_create(mc, topic, parts, brokers < 3 ? brokers : 3)) {
			fprintf(stderr, "kafka_mock_broker: cannot create topic %s\n", argv[i]);
			return 1;
		}
	}
	printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
	fflush(stdout);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	time_t end = time(NULL) + limit;
	char line[128];
	fd_set fds;
	int nfds = 1; /* stdin; 0 once it is closed (keep running to the limit) */
	while (!stop && time(NULL) < end) {
		struct timeval tv = {0, 200000};
		FD_ZERO(&fds);
		if (nfds)
			FD_SET(0, &fds);
		if (select(nfds, &fds, NULL, NULL, &tv) > 0) {
			if (fgets(line, sizeof line, stdin))
				command(mc, line);
			else
				nfds = 0;
		}
	}
	rd_kafka_mock_cluster_destroy(mc);
	rd_kafka_destroy(rk);
	return 0;
}
