/* tcpstates_walk.c: one TCP connection on loopback walked through the
 * textbook's states, each socket's state read with getsockopt(TCP_INFO)
 * after each step: the C original of examples/tcpstates, which explains
 * the steps. Linux only (tcpi_notsent_bytes, /proc/net/tcp).
 *
 *	cc -o tcpstates_walk tcpstates_walk.c && ./tcpstates_walk
 */
#include <errno.h>
#include <linux/tcp.h> /* struct tcp_info up to tcpi_notsent_bytes */
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The states of <netinet/tcp.h>, which clashes with <linux/tcp.h>. */
enum {
	TCP_ESTABLISHED = 1, TCP_SYN_SENT, TCP_SYN_RECV, TCP_FIN_WAIT1,
	TCP_FIN_WAIT2, TCP_TIME_WAIT, TCP_CLOSE, TCP_CLOSE_WAIT, TCP_LAST_ACK,
	TCP_LISTEN, TCP_CLOSING
};

#define STEP "%-48s %-15s %s\n"
#define TIMEOUT_MS 5000

static int clientport, serverport, timewaitapart;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

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

static void tcpinfo(int fd, struct tcp_info *ti)
{
	socklen_t len = sizeof *ti;
	memset(ti, 0, sizeof *ti);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, ti, &len) == -1)
		die("getsockopt");
}

static const char *state(int fd)
{
	struct tcp_info ti;
	if (fd < 0)
		return "-";
	tcpinfo(fd, &ti);
	return statename(ti.tcpi_state);
}

static void millisleep(void)
{
	struct timespec ms = {0, 1000000};
	nanosleep(&ms, NULL);
}

/* procnettcp finds the connection clientport -> serverport in
 * /proc/net/tcp and returns its state's name, or NULL. */
static const char *procnettcp(void)
{
	FILE *f = fopen("/proc/net/tcp", "r");
	char line[512];
	const char *found = NULL;
	if (f == NULL)
		return NULL;
	while (fgets(line, sizeof line, f) != NULL) {
		unsigned lport, rport, st;
		if (sscanf(line, " %*d: %*x:%x %*x:%x %x", &lport, &rport, &st) == 3 &&
		    (int)lport == clientport && (int)rport == serverport) {
			found = statename(st);
			break;
		}
	}
	fclose(f);
	return found;
}

static const char *clientstate(int fd)
{
	const char *s = state(fd), *tw;
	static char buf[32];
	if (clientport == 0 || (fd >= 0 && strcmp(s, "CLOSE") != 0))
		return s;
	if ((tw = procnettcp()) != NULL) {
		timewaitapart = 1;
		snprintf(buf, sizeof buf, "%s [1]", tw);
		return buf;
	}
	return s;
}

static void step(const char *what, int client, int server)
{
	printf(STEP, what, clientstate(client), state(server));
}

static void waitstate(int fd, int want)
{
	struct tcp_info ti;
	for (int i = 0; i < TIMEOUT_MS; i++) {
		tcpinfo(fd, &ti);
		if (ti.tcpi_state == want)
			return;
		millisleep();
	}
	fprintf(stderr, "tcpstates: still %s, want %s\n", statename(ti.tcpi_state), statename(want));
	exit(1);
}

static void waitfor(int fd, short events)
{
	struct pollfd p = {.fd = fd, .events = events};
	int n = poll(&p, 1, TIMEOUT_MS);
	if (n == -1)
		die("poll");
	if (n == 0) {
		fprintf(stderr, "tcpstates: poll timed out\n");
		exit(1);
	}
}

static void smallbuffers(int fd)
{
	int n = 4096;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &n, sizeof n) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &n, sizeof n) == -1)
		die("setsockopt");
}

/* fillpeer sends until the peer's buffer is full and data waits unsent. */
static void fillpeer(int fd)
{
	char buf[1024] = {0};
	struct tcp_info ti;
	for (int i = 0; i < TIMEOUT_MS; i++) {
		while (send(fd, buf, sizeof buf, MSG_DONTWAIT) != -1)
			;
		if (errno != EAGAIN)
			die("send");
		tcpinfo(fd, &ti);
		if (ti.tcpi_unacked == 0 && ti.tcpi_notsent_bytes > 0)
			return;
		millisleep();
	}
	fprintf(stderr, "tcpstates: the peer's buffer is not full\n");
	exit(1);
}

/* drain reads fd until recv returns 0. */
static void drain(int fd)
{
	char buf[4096];
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		if (n == 0)
			return;
		if (n == -1)
			die("recv");
	}
}

int main(void)
{
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct sockaddr_in local;
	socklen_t alen = sizeof addr;
	int listener, filler, client, server, fd, soerr;

	printf(STEP, "step", "client", "server");

	if ((listener = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		die("socket");
	smallbuffers(listener);
	if (bind(listener, (struct sockaddr *)&addr, sizeof addr) == -1)
		die("bind");
	if (getsockname(listener, (struct sockaddr *)&addr, &alen) == -1)
		die("getsockname");
	serverport = ntohs(addr.sin_port);
	if (listen(listener, 0) == -1)
		die("listen");
	step("server: socket(), bind(), listen(fd, 0)", -1, listener);

	if ((filler = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		die("socket");
	if (connect(filler, (struct sockaddr *)&addr, sizeof addr) == -1)
		die("connect");
	waitfor(listener, POLLIN);
	step("a first connection fills the accept queue", -1, listener);

	if ((client = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1)
		die("socket");
	smallbuffers(client);
	step("client: socket()", client, listener);

	if (connect(client, (struct sockaddr *)&addr, sizeof addr) != -1 || errno != EINPROGRESS)
		die("connect");
	alen = sizeof local;
	if (getsockname(client, (struct sockaddr *)&local, &alen) == -1)
		die("getsockname");
	clientport = ntohs(local.sin_port);
	step("client: connect() = EINPROGRESS, SYN dropped", client, listener);

	if ((fd = accept(listener, NULL, NULL)) == -1)
		die("accept");
	close(fd);
	close(filler);
	waitfor(client, POLLOUT);
	alen = sizeof soerr;
	if (getsockopt(client, SOL_SOCKET, SO_ERROR, &soerr, &alen) == -1 || soerr != 0)
		die("connect");
	if ((server = accept(listener, NULL, NULL)) == -1)
		die("accept");
	step("SYN sent again; SYN+ACK, ACK; server: accept()", client, server);

	fillpeer(client);
	if (shutdown(client, SHUT_WR) == -1)
		die("shutdown");
	step("client: shutdown(SHUT_WR), FIN queued", client, server);

	drain(server);
	waitstate(client, TCP_FIN_WAIT2);
	step("server: recv() = 0: FIN received, ACK sent", client, server);

	fillpeer(server);
	if (shutdown(server, SHUT_WR) == -1)
		die("shutdown");
	step("server: shutdown(SHUT_WR), FIN queued", client, server);

	for (;;) { /* the client is non-blocking: drain it with poll */
		char buf[4096];
		ssize_t n = recv(client, buf, sizeof buf, 0);
		if (n == 0)
			break;
		if (n == -1 && errno != EAGAIN)
			die("recv");
		if (n == -1)
			waitfor(client, POLLIN);
	}
	waitstate(server, TCP_CLOSE);
	step("client: recv() = 0: FIN received, ACK sent", client, server);

	close(client);
	close(server);
	close(listener);
	step("client, server: close()", -1, -1);
	printf("\nCLOSE is Linux's name for the diagram's CLOSED (TCP_CLOSE).\n");
	printf("SYN_RECV, the server's half of the handshake, is not shown: no descriptor\n");
	printf("refers to a connection in it.\n");
	if (timewaitapart) {
		printf("[1] The client's descriptor reads CLOSE: Linux keeps the connection in\n");
		printf("    TIME_WAIT apart from the socket, where /proc/net/tcp and ss -tan show it\n");
		printf("    (for 60 seconds), even after close().\n");
	}
	return 0;
}
