/* The oracle for TestBlockingEdgeCasesMatchC: for each socket in a given
 * state and each call (recv of 1 byte, recv of 0 bytes, send of 1 byte,
 * accept, read, write, recvfrom with an address), what C gets: "ok N", "errno N", or "blocks" when the process
 * sleeps inside the call. Every case runs in its own child process, all at
 * once; the lines come out in case order. argv[1] is a directory for the
 * AF_UNIX listeners' socket files.
 *
 * The states and calls are listed in the same order in
 * blocking_edge_linux_test.go; a change to one must go to the other. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *dir;

static struct sockaddr_in loopback(void)
{
	struct sockaddr_in sin;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

static void die(const char *what)
{
	perror(what);
	exit(2);
}

/* A TCP listener on 127.0.0.1, port chosen by the kernel, in *sin. */
static int tcp_listener(struct sockaddr_in *sin)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	socklen_t n = sizeof *sin;
	*sin = loopback();
	if (l < 0 || bind(l, (void *)sin, sizeof *sin) < 0 || listen(l, 8) < 0 ||
	    getsockname(l, (void *)sin, &n) < 0)
		die("tcp listener");
	return l;
}

/* A connected TCP pair: the client end in *c, the accepted end in *a. */
static void tcp_pair(int *c, int *a)
{
	struct sockaddr_in sin;
	int l = tcp_listener(&sin);
	*c = socket(AF_INET, SOCK_STREAM, 0);
	if (*c < 0 || connect(*c, (void *)&sin, sizeof sin) < 0)
		die("connect");
	if ((*a = accept(l, NULL, NULL)) < 0)
		die("accept");
}

static int pair(int type, int which, int close_other)
{
	int sv[2];
	if (socketpair(AF_UNIX, type, 0, sv) < 0)
		die("socketpair");
	if (close_other)
		close(sv[1 - which]);
	return sv[which];
}

/* The socket for state s (numbered as the list in main). */
static int setup(int s, int idx)
{
	struct sockaddr_in sin = loopback();
	int fd, c, a;
	switch (s) {
	case 0: /* tcp_fresh */
		return socket(AF_INET, SOCK_STREAM, 0);
	case 1: /* tcp_bound */
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (bind(fd, (void *)&sin, sizeof sin) < 0)
			die("bind");
		return fd;
	case 2: /* tcp_listening */
		return tcp_listener(&sin);
	case 3: /* tcp_connected */
		tcp_pair(&c, &a);
		return c;
	case 4: /* tcp_accepted */
		tcp_pair(&c, &a);
		return a;
	case 5: /* tcp_peer_closed */
		tcp_pair(&c, &a);
		close(a);
		return c;
	case 6: /* tcp_shut_rd */
		tcp_pair(&c, &a);
		shutdown(c, SHUT_RD);
		return c;
	case 7: /* tcp_shut_wr */
		tcp_pair(&c, &a);
		shutdown(c, SHUT_WR);
		return c;
	case 8: /* tcp_listener_shut */
		fd = tcp_listener(&sin);
		shutdown(fd, SHUT_RDWR);
		return fd;
	case 9: /* udp_fresh */
		return socket(AF_INET, SOCK_DGRAM, 0);
	case 10: /* udp_bound */
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (bind(fd, (void *)&sin, sizeof sin) < 0)
			die("bind");
		return fd;
	case 11: { /* udp_refused: connected to a port nobody has, one datagram sent */
		socklen_t n = sizeof sin;
		int gone = socket(AF_INET, SOCK_DGRAM, 0);
		if (bind(gone, (void *)&sin, sizeof sin) < 0 || getsockname(gone, (void *)&sin, &n) < 0)
			die("udp port");
		close(gone);
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (connect(fd, (void *)&sin, sizeof sin) < 0 || send(fd, "x", 1, 0) != 1)
			die("udp connect");
		return fd;
	}
	case 12: /* unix_stream_fresh */
		return socket(AF_UNIX, SOCK_STREAM, 0);
	case 13: { /* unix_stream_listening */
		struct sockaddr_un sun;
		memset(&sun, 0, sizeof sun);
		sun.sun_family = AF_UNIX;
		snprintf(sun.sun_path, sizeof sun.sun_path, "%s/c%d.sock", dir, idx);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (bind(fd, (void *)&sun, sizeof sun) < 0 || listen(fd, 8) < 0)
			die("unix listener");
		return fd;
	}
	case 14: /* unix_stream_pair */
		return pair(SOCK_STREAM, 0, 0);
	case 15: /* unix_stream_peer_closed */
		return pair(SOCK_STREAM, 0, 1);
	case 16: /* unix_dgram_pair */
		return pair(SOCK_DGRAM, 0, 0);
	case 17: /* unix_dgram_peer_closed */
		return pair(SOCK_DGRAM, 0, 1);
	case 18: /* unix_seqpacket_pair */
		return pair(SOCK_SEQPACKET, 0, 0);
	case 19: /* unix_seqpacket_peer_closed */
		return pair(SOCK_SEQPACKET, 0, 1);
	case 23: /* tcp_send_full: the send buffer and the peer's receive buffer full */
	case 24: /* unix_dgram_peer_full: the peer's queue of datagrams full */
	{
		static char chunk[65536];
		size_t len = s == 23 ? sizeof chunk : 1;
		int i;
		fd = s == 23 ? setup(3, idx) : pair(SOCK_DGRAM, 0, 0);
		for (i = 0; i < 100000; i++)
			if (send(fd, chunk, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
				break;
		if (i == 100000 || errno != EAGAIN)
			die("fill");
		return fd;
	}
	case 20: /* tcp_listening_nonblock */
	case 21: /* tcp_connected_nonblock */
	case 22: /* udp_bound_nonblock */
		fd = setup(s == 20 ? 2 : s == 21 ? 3 : 10, idx);
		if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
			die("fcntl");
		return fd;
	}
	return -1;
}

static const char *states[] = {
	"tcp_fresh", "tcp_bound", "tcp_listening", "tcp_connected", "tcp_accepted",
	"tcp_peer_closed", "tcp_shut_rd", "tcp_shut_wr", "tcp_listener_shut", "udp_fresh",
	"udp_bound", "udp_refused", "unix_stream_fresh", "unix_stream_listening",
	"unix_stream_pair", "unix_stream_peer_closed", "unix_dgram_pair",
	"unix_dgram_peer_closed", "unix_seqpacket_pair", "unix_seqpacket_peer_closed",
	"tcp_listening_nonblock", "tcp_connected_nonblock", "udp_bound_nonblock",
	"tcp_send_full", "unix_dgram_peer_full",
};
static const char *calls[] = {"recv1", "recv0", "send1", "accept", "read1", "write1", "recvfrom1"};
#define NSTATES (int)(sizeof states / sizeof states[0])
#define NCALLS (int)(sizeof calls / sizeof calls[0])

/* The child for one case: set up, write a "c" to the pipe, call, write the
 * outcome to the pipe. */
static void child(int s, int k, int out)
{
	char buf[1] = {0}, line[64];
	ssize_t r = -1;
	int fd = setup(s, s * NCALLS + k);
	if (fd < 0)
		die("socket");
	signal(SIGPIPE, SIG_IGN);
	alarm(10); /* a last resort */
	if (write(out, "c", 1) != 1)
		exit(3);
	switch (k) {
	case 0: r = recv(fd, buf, 1, 0); break;
	case 1: r = recv(fd, buf, 0, 0); break;
	case 2: r = send(fd, "x", 1, MSG_NOSIGNAL); break;
	case 3: r = accept(fd, NULL, NULL); break;
	case 4: r = read(fd, buf, 1); break;
	case 5: r = write(fd, "x", 1); break; /* SIGPIPE ignored, as sock never raises it */
	case 6: {
		struct sockaddr_storage ss;
		socklen_t n = sizeof ss;
		r = recvfrom(fd, buf, 1, 0, (void *)&ss, &n);
		break;
	}
	}
	if (r < 0)
		snprintf(line, sizeof line, "errno %d", errno);
	else
		snprintf(line, sizeof line, "ok %d", k == 3 ? 0 : (int)r);
	if (write(out, line, strlen(line)) < 0)
		exit(3);
	exit(0);
}

/* sleeping reports whether process pid is asleep (state S in /proc). */
static int sleeping(pid_t pid)
{
	char path[64], stat[512], *p;
	FILE *f;
	size_t n;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return 0;
	n = fread(stat, 1, sizeof stat - 1, f);
	fclose(f);
	stat[n] = 0;
	p = strrchr(stat, ')'); /* "pid (comm) S ..." */
	return p && p[1] == ' ' && p[2] == 'S';
}

/* outcome waits for case i's child: its result line, or "blocks" once it
 * sleeps inside the call (it is then killed). At most 5 s. */
static void outcome(int i, pid_t pid, int in, char *line, size_t size)
{
	int status;
	ssize_t n;
	if (read(in, line, 1) != 1 || line[0] != 'c') {
		fprintf(stderr, "case %d: the child failed before its call\n", i);
		exit(1);
	}
	for (int tries = 0; tries < 5000; tries++) {
		if (waitpid(pid, &status, WNOHANG) == pid) {
			n = read(in, line, size - 1);
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || n <= 0) {
				fprintf(stderr, "case %d: the child failed (status %d)\n", i, status);
				exit(1);
			}
			line[n] = 0;
			return;
		}
		/* Asleep after its "c": in the call, twice 1 ms apart. */
		if (sleeping(pid)) {
			usleep(1000);
			if (sleeping(pid)) {
				kill(pid, SIGKILL);
				waitpid(pid, &status, 0);
				snprintf(line, size, "blocks");
				return;
			}
		}
		usleep(1000);
	}
	fprintf(stderr, "case %d: neither returned nor slept in 5 s\n", i);
	exit(1);
}

int main(int argc, char **argv)
{
	static int fds[NSTATES * NCALLS];
	static pid_t pids[NSTATES * NCALLS];
	if (argc != 2) {
		fprintf(stderr, "usage: edgecases DIR\n");
		return 2;
	}
	dir = argv[1];
	for (int i = 0; i < NSTATES * NCALLS; i++) {
		int p[2];
		if (pipe(p) < 0)
			die("pipe");
		fflush(stdout);
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork");
		if (pids[i] == 0) {
			close(p[0]);
			child(i / NCALLS, i % NCALLS, p[1]);
		}
		close(p[1]);
		fds[i] = p[0];
	}
	for (int i = 0; i < NSTATES * NCALLS; i++) {
		char line[64];
		outcome(i, pids[i], fds[i], line, sizeof line);
		printf("%s %s: %s\n", states[i / NCALLS], calls[i % NCALLS], line);
	}
	return 0;
}
