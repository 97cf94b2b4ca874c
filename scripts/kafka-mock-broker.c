/*
 * A Kafka wire-protocol broker for the tests: librdkafka's mock cluster, kept alive until stdin
 * closes (the test process exited or closed it) or SIGTERM. Prints the bootstrap servers on the
 * first line of stdout. Usage: mock-broker [BROKERS]
 *
 * Lines on stdin change the cluster, for tests of what clients do when brokers fail; each is
 * answered with a line "ok" or "error ...":
 *   errors API CODE COUNT        the next COUNT requests of API key API fail with error CODE
 *   leader TOPIC PARTITION ID    broker ID becomes the partition's leader
 *   down ID / up ID              broker ID stops answering / answers again
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t stop = 0;

static void on_term(int sig) {
  (void)sig;
  stop = 1;
}

int main(int argc, char **argv) {
  int brokers = argc > 1 ? atoi(argv[1]) : 1;
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  /* The mock cluster lives inside a client instance; this one never produces anything. */
  if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "%s\n", errstr);
    return 1;
  }
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) {
    fprintf(stderr, "%s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, brokers < 1 ? 1 : brokers);
  if (!cluster) {
    fprintf(stderr, "could not create the mock cluster\n");
    return 1;
  }
  printf("%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
  fflush(stdout);
  /* No SA_RESTART: a signal must end the blocking read below. */
  struct sigaction action = {0};
  action.sa_handler = on_term;
  sigaction(SIGTERM, &action, NULL);
  sigaction(SIGINT, &action, NULL);
  char line[512];
  while (!stop && fgets(line, sizeof line, stdin)) {
    char topic[256];
    int a, b, c;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    if (sscanf(line, "errors %d %d %d", &a, &b, &c) == 3) {
      for (int i = 0; i < c; i++) rd_kafka_mock_push_request_errors(cluster, (int16_t)a, 1, (rd_kafka_resp_err_t)b);
    } else if (sscanf(line, "leader %255s %d %d", topic, &a, &b) == 3) {
      err = rd_kafka_mock_partition_set_leader(cluster, topic, a, b);
    } else if (sscanf(line, "down %d", &a) == 1) {
      err = rd_kafka_mock_broker_set_down(cluster, a);
    } else if (sscanf(line, "up %d", &a) == 1) {
      err = rd_kafka_mock_broker_set_up(cluster, a);
    } else {
      printf("error unknown command: %s", line);
      fflush(stdout);
      continue;
    }
    if (err) printf("error %s\n", rd_kafka_err2str(err));
    else printf("ok\n");
    fflush(stdout);
  }
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}
