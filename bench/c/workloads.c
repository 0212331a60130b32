/*
 * The benchmark workloads in C, the baseline for bench/workload (Go): the
 * same protocol, parameters, command line and result line.
 *
 *   cc -O2 -pthread -o workloads_c workloads.c
 *   ./workloads_c -w tcp_pingpong -n 100000
 *   result w=tcp_pingpong impl=c n=100000 unit=ns/op value=23456.7 allocs=- cpu=31234.5 secs=2.346
 *
 * Both ends run in this process: a server thread and the client (the main
 * thread). Only the client's loop is timed (CLOCK_MONOTONIC), and cpu is
 * the process's CPU time over it (CLOCK_PROCESS_CPUTIME_ID), all threads,
 * user and system, in ns per op. Sockets get
 * SOCK_CLOEXEC, as the Go library's do. Every loop is bounded by n, and
 * alarm() ends the process after the timeout (-t seconds, 60 by default).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define STREAM_CHUNK (64 * 1024) /* tcp_stream: bytes per send */
#define UDP_SIZE 64              /* udp_pingpong: bytes per datagram */
#define ACCEPT_WINDOW 2048       /* accept_rate: most connections the client may be ahead */
#define LISTEN_BACKLOG 4096

static void die(const char *what)
{
	fprintf(stderr, "workloads_c: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void dief(const char *what, long got)
{
	fprintf(stderr, "workloads_c: %s: got %ld (%s)\n", what, got, got < 0 ? strerror(errno) : "short");
	exit(2);
}

/* The timed loop: timer_start before it, timer_stop after it returns the
 * elapsed seconds and leaves the process CPU time it used in cpu_used. */
static double wall_start, cpu_start, cpu_used;

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void timer_start(void)
{
	cpu_start = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	wall_start = clock_s(CLOCK_MONOTONIC);
}

static double timer_stop(void)
{
	double t = clock_s(CLOCK_MONOTONIC) - wall_start;
	cpu_used = clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
	return t;
}

/* A socket of type type bound to 127.0.0.1 on a port the kernel chose; its
 * address goes to *sin. */
static int bound(int type, struct sockaddr_in *sin)
{
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	memset(sin, 0, sizeof *sin);
	sin->sin_family = AF_INET;
	sin->sin_port = htons(0);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)sin, sizeof *sin) < 0)
		die("bind");
	socklen_t len = sizeof *sin;
	if (getsockname(fd, (struct sockaddr *)sin, &len) < 0)
		die("getsockname");
	return fd;
}

/* A listening socket and both ends of one connection, TCP_NODELAY on both. */
static void tcp_pair(int *ln, int *client, int *server)
{
	struct sockaddr_in sin, peer;
	socklen_t len = sizeof peer;
	int one = 1;
	*ln = bound(SOCK_STREAM, &sin);
	if (listen(*ln, LISTEN_BACKLOG) < 0)
		die("listen");
	*client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (*client < 0)
		die("socket");
	if (connect(*client, (struct sockaddr *)&sin, sizeof sin) < 0)
		die("connect");
	*server = accept4(*ln, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
	if (*server < 0)
		die("accept4");
	if (setsockopt(*client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0 ||
	    setsockopt(*server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
		die("setsockopt TCP_NODELAY");
}

struct server {
	pthread_t thread;
	int fd;
	long n;
	struct sockaddr_in addr;
	atomic_long accepted;
};

static void start(struct server *s, void *(*fn)(void *))
{
	int e = pthread_create(&s->thread, NULL, fn, s);
	if (e != 0) {
		errno = e;
		die("pthread_create");
	}
}

static void join(struct server *s)
{
	pthread_join(s->thread, NULL);
}

/* tcp_pingpong: 1-byte request, 1-byte reply. */
static void *pingpong_server(void *arg)
{
	struct server *s = arg;
	char b;
	for (long i = 0; i < s->n; i++) {
		ssize_t r = recv(s->fd, &b, 1, 0);
		if (r != 1)
			dief("server recv", r);
		r = send(s->fd, &b, 1, 0);
		if (r != 1)
			dief("server send", r);
	}
	return NULL;
}

static double tcp_pingpong(long n)
{
	int ln, c;
	struct server s = {.n = n};
	char b = 'x';
	tcp_pair(&ln, &c, &s.fd);
	start(&s, pingpong_server);
	timer_start();
	for (long i = 0; i < n; i++) {
		ssize_t r = send(c, &b, 1, 0);
		if (r != 1)
			dief("client send", r);
		r = recv(c, &b, 1, 0);
		if (r != 1)
			dief("client recv", r);
	}
	double t = timer_stop();
	join(&s);
	close(ln);
	close(c);
	close(s.fd);
	return t;
}

/* tcp_stream: n chunks of 64 KiB from client to server. */
static void *stream_server(void *arg)
{
	struct server *s = arg;
	static char buf[STREAM_CHUNK];
	long total = s->n * STREAM_CHUNK;
	for (long got = 0; got < total;) {
		ssize_t r = recv(s->fd, buf, sizeof buf, 0);
		if (r <= 0)
			dief("server recv", r);
		got += r;
	}
	return NULL;
}

static double tcp_stream(long n)
{
	int ln, c;
	struct server s = {.n = n};
	static char buf[STREAM_CHUNK];
	memset(buf, 'x', sizeof buf);
	tcp_pair(&ln, &c, &s.fd);
	start(&s, stream_server);
	timer_start();
	for (long i = 0; i < n; i++) {
		for (size_t sent = 0; sent < sizeof buf;) {
			ssize_t r = send(c, buf + sent, sizeof buf - sent, 0);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				dief("client send", r);
			sent += r;
		}
	}
	join(&s);
	double t = timer_stop();
	close(ln);
	close(c);
	close(s.fd);
	return t;
}

/* udp_pingpong: a 64-byte datagram there and back, sendto/recvfrom on both
 * sides. */
static void *udp_server(void *arg)
{
	struct server *s = arg;
	char buf[UDP_SIZE];
	struct sockaddr_in from;
	for (long i = 0; i < s->n; i++) {
		socklen_t len = sizeof from;
		ssize_t r = recvfrom(s->fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
		if (r != UDP_SIZE)
			dief("server recvfrom", r);
		r = sendto(s->fd, buf, sizeof buf, 0, (struct sockaddr *)&from, len);
		if (r != UDP_SIZE)
			dief("server sendto", r);
	}
	return NULL;
}

static double udp_pingpong(long n)
{
	struct server s = {.n = n};
	struct sockaddr_in srv, me, from;
	char buf[UDP_SIZE];
	memset(buf, 'x', sizeof buf);
	s.fd = bound(SOCK_DGRAM, &srv);
	int c = bound(SOCK_DGRAM, &me);
	start(&s, udp_server);
	timer_start();
	for (long i = 0; i < n; i++) {
		ssize_t r = sendto(c, buf, sizeof buf, 0, (struct sockaddr *)&srv, sizeof srv);
		if (r != UDP_SIZE)
			dief("client sendto", r);
		socklen_t len = sizeof from;
		r = recvfrom(c, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
		if (r != UDP_SIZE)
			dief("client recvfrom", r);
	}
	double t = timer_stop();
	join(&s);
	close(c);
	close(s.fd);
	return t;
}

/* accept_rate: connect+close with SO_LINGER {1,0} against accept+close. */
static void *accept_server(void *arg)
{
	struct server *s = arg;
	struct sockaddr_in peer;
	while (atomic_load(&s->accepted) < s->n) {
		socklen_t len = sizeof peer;
		int fd = accept4(s->fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
		if (fd < 0 && errno == ECONNABORTED) {
			atomic_fetch_add(&s->accepted, 1);
			continue;
		}
		if (fd < 0)
			die("server accept4");
		close(fd);
		atomic_fetch_add(&s->accepted, 1);
	}
	return NULL;
}

static double accept_rate(long n)
{
	struct server s = {.n = n};
	struct linger lg = {.l_onoff = 1, .l_linger = 0};
	long throttled = 0;
	s.fd = bound(SOCK_STREAM, &s.addr);
	if (listen(s.fd, LISTEN_BACKLOG) < 0)
		die("listen");
	start(&s, accept_server);
	timer_start();
	for (long i = 0; i < n; i++) {
		while (i - atomic_load(&s.accepted) >= ACCEPT_WINDOW) {
			throttled++;
			usleep(100);
		}
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			die("socket");
		if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) < 0)
			die("setsockopt SO_LINGER");
		if (connect(fd, (struct sockaddr *)&s.addr, sizeof s.addr) < 0)
			die("connect");
		close(fd);
	}
	join(&s);
	double t = timer_stop();
	close(s.fd);
	if (throttled > 0)
		fprintf(stderr, "workloads_c: accept_rate client waited %ld times for the server\n", throttled);
	return t;
}

/* unix_dgram_small(_nb): 1-byte send then recv on an AF_UNIX datagram
 * socketpair, in one thread. */
static double unix_dgram(long n, int flags)
{
	int p[2];
	char b = 'x', rb;
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, p) < 0)
		die("socketpair");
	timer_start();
	for (long i = 0; i < n; i++) {
		ssize_t r = send(p[0], &b, 1, flags);
		if (r != 1)
			dief("send", r);
		r = recv(p[1], &rb, 1, flags);
		if (r != 1)
			dief("recv", r);
	}
	double t = timer_stop();
	close(p[0]);
	close(p[1]);
	return t;
}

static double unix_dgram_small(long n) { return unix_dgram(n, 0); }
static double unix_dgram_small_nb(long n) { return unix_dgram(n, MSG_DONTWAIT); }

static const struct {
	const char *name;
	long n;
	const char *unit;
	double (*run)(long n);
} workloads[] = {
	{"tcp_pingpong", 100000, "ns/op", tcp_pingpong},
	{"tcp_stream", 16384, "MB/s", tcp_stream},
	{"udp_pingpong", 100000, "ns/op", udp_pingpong},
	{"accept_rate", 20000, "conn/s", accept_rate},
	{"unix_dgram_small", 2000000, "ns/op", unix_dgram_small},
	{"unix_dgram_small_nb", 2000000, "ns/op", unix_dgram_small_nb},
};

static void usage(void)
{
	fprintf(stderr, "usage: workloads_c -w WORKLOAD [-n N] [-t SECONDS]\nworkloads:");
	for (size_t i = 0; i < sizeof workloads / sizeof workloads[0]; i++)
		fprintf(stderr, " %s", workloads[i].name);
	fprintf(stderr, "\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *w = NULL;
	long n = 0;
	unsigned timeout = 60;
	int opt;
	while ((opt = getopt(argc, argv, "w:n:t:")) != -1) {
		switch (opt) {
		case 'w':
			w = optarg;
			break;
		case 'n':
			n = atol(optarg);
			break;
		case 't':
			timeout = (unsigned)atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (w == NULL)
		usage();
	for (size_t i = 0; i < sizeof workloads / sizeof workloads[0]; i++) {
		if (strcmp(workloads[i].name, w) != 0)
			continue;
		if (n <= 0)
			n = workloads[i].n;
		alarm(timeout);
		double t = workloads[i].run(n);
		double v;
		if (strcmp(workloads[i].unit, "MB/s") == 0)
			v = (double)n * STREAM_CHUNK / 1e6 / t;
		else if (strcmp(workloads[i].unit, "conn/s") == 0)
			v = n / t;
		else
			v = t * 1e9 / n;
		printf("result w=%s impl=c n=%ld unit=%s value=%.1f allocs=- cpu=%.1f secs=%.3f\n", w, n,
		       workloads[i].unit, v, cpu_used * 1e9 / n, t);
		return 0;
	}
	usage();
	return 2;
}
