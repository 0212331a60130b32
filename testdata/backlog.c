/* backlog.c: what listen()'s backlog does when nobody calls accept(), the
 * C original of examples/backlog. For each backlog given (0 1 4 16 by
 * default) it connects to a loopback listener, non-blocking, until a
 * connect does not complete within 250 ms, and prints how many completed,
 * the TCP state of the one that did not, the listener's queue from its
 * TCP_INFO (Linux: tcpi_unacked/tcpi_sacked) and how many accept returns.
 *
 *	cc -o backlog backlog.c && ./backlog
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXCONNECTS 64
#define WAIT_MS 250

static const char *statename(int s)
{
	static const char *names[] = {
		[TCP_ESTABLISHED] = "ESTABLISHED", [TCP_SYN_SENT] = "SYN_SENT",
		[TCP_SYN_RECV] = "SYN_RECV", [TCP_FIN_WAIT1] = "FIN_WAIT1",
		[TCP_FIN_WAIT2] = "FIN_WAIT2", [TCP_TIME_WAIT] = "TIME_WAIT",
		[TCP_CLOSE] = "CLOSE", [TCP_CLOSE_WAIT] = "CLOSE_WAIT",
		[TCP_LAST_ACK] = "LAST_ACK", [TCP_LISTEN] = "LISTEN",
		[TCP_CLOSING] = "CLOSING",
	};
	return s > 0 && s <= TCP_CLOSING ? names[s] : "?";
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void tcpinfo(int fd, struct tcp_info *ti)
{
	socklen_t len = sizeof *ti;
	memset(ti, 0, sizeof *ti);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, ti, &len) == -1)
		die("getsockopt");
}

/* waitqueued waits until the listener has queued n connections. */
static void waitqueued(int lfd, int n)
{
	struct tcp_info ti;
	struct timespec ms = {0, 1000000};
	for (int i = 0; i < 1000; i++) {
		tcpinfo(lfd, &ti);
		if ((int)ti.tcpi_unacked >= n)
			return;
		nanosleep(&ms, NULL);
	}
	fprintf(stderr, "backlog: the listener queued %u connections, not %d\n", ti.tcpi_unacked, n);
	exit(1);
}

static void measure(int backlog)
{
	int fds[1 + 2 * (MAXCONNECTS + 1030)], nfds = 0;
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof addr;
	int completed = 0, accepted = 0;
	const char *next = "-";
	struct tcp_info ti;
	char queue[32];

	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (lfd == -1)
		die("socket");
	fds[nfds++] = lfd;
	if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) == -1)
		die("bind");
	if (getsockname(lfd, (struct sockaddr *)&addr, &alen) == -1)
		die("getsockname");
	if (listen(lfd, backlog) == -1)
		die("listen");

	for (int i = 0; i < backlog + 1 + MAXCONNECTS; i++) {
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (fd == -1)
			die("socket");
		fds[nfds++] = fd;
		if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == -1) {
			if (errno != EINPROGRESS)
				die("connect");
			struct pollfd p = {.fd = fd, .events = POLLOUT};
			int n = poll(&p, 1, WAIT_MS);
			if (n == -1)
				die("poll");
			if (n == 0) {
				tcpinfo(fd, &ti);
				next = statename(ti.tcpi_state);
				break;
			}
			int soerr;
			socklen_t l = sizeof soerr;
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &l) == -1)
				die("getsockopt");
			if (soerr != 0) {
				errno = soerr;
				die("connect");
			}
		}
		completed++;
		waitqueued(lfd, completed);
	}

	tcpinfo(lfd, &ti);
	snprintf(queue, sizeof queue, "%u/%u", ti.tcpi_unacked, ti.tcpi_sacked);

	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		if (fd == -1) {
			if (errno == EAGAIN)
				break;
			die("accept");
		}
		fds[nfds++] = fd;
		accepted++;
	}
	printf("%-8d %-10d %-13s %-8s %d\n", backlog, completed, next, queue, accepted);
	for (int i = 0; i < nfds; i++)
		close(fds[i]);
}

int main(int argc, char *argv[])
{
	static const int defaults[] = {0, 1, 4, 16};
	printf("%-8s %-10s %-13s %-8s %s\n", "backlog", "completed", "next connect", "queue", "accept() returns");
	if (argc == 1) {
		for (int i = 0; i < 4; i++)
			measure(defaults[i]);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		int b = atoi(argv[i]);
		if (b < 0 || b > 1024) {
			fprintf(stderr, "backlog: \"%s\" is not a backlog from 0 to 1024\n", argv[i]);
			return 2;
		}
		measure(b);
	}
	return 0;
}
