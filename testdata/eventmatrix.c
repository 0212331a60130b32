/* The oracle for TestEventWhileWaitingMatchesC (event_matrix_linux_test.go):
 * what a C program's blocking socket call does when something happens while
 * it waits.
 *
 * Usage: eventmatrix DIR BOUND_MS < cases
 *
 * Each line of stdin is one case, "CALL SOCKET EVENT", with the names of the
 * lists in event_matrix_linux_test.go (the Go side generates the cases and
 * owns the list of which combinations make sense). Each case runs in a child
 * process of its own, up to MAXKIDS at once: it sets up SOCKET, starts CALL
 * in a thread, waits until that thread sleeps inside the call (state S in
 * /proc/self/task/TID/stat and the call's number in .../syscall, twice),
 * applies EVENT from the main thread, and waits up to BOUND_MS for the call
 * to end. It prints, in case order, "CALL SOCKET EVENT: OUTCOME", where
 * OUTCOME is
 *
 *	ok N [TAG]	the call returned N; TAG says whose bytes a receive got
 *			("p" the peer's, "n" the new socket's, "mixed"), or, after
 *			an accept, whose connection it was (the first byte the
 *			client sent); a send whose bytes reached the new socket
 *			that took the descriptor's number is followed by " n"
 *	errno NAME	the call failed with errno NAME
 *	blocks		the call still waited BOUND_MS after the event
 *	early ...	the call ended before it slept (the setup is wrong)
 *	nowait		the call neither ended nor slept within 3 s
 *
 * DIR holds the AF_UNIX sockets' files. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXCASES 4096
#define MAXKIDS 48
#define PAYLOAD 8 /* bytes of a "data" event */
#define LOWAT 4	  /* SO_RCVLOWAT of the low-water cases */
#define SMALL 2	  /* bytes of a "smaller than SO_RCVLOWAT" event */
#define SMALLBUF 4096
#define TIMEO_MS 50
#define SETTLE_TCP_MS 20

static const char *dir;
static int bound_ms;

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static const char *errname(int e)
{
	static char num[32];
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
	const char *s = strerrorname_np(e);
	if (s)
		return s;
#else
	switch (e) {
	case EAGAIN: return "EAGAIN";
	case EBADF: return "EBADF";
	case EPIPE: return "EPIPE";
	case ECONNRESET: return "ECONNRESET";
	case EINVAL: return "EINVAL";
	case ENOTCONN: return "ENOTCONN";
	case EINTR: return "EINTR";
	case ECONNREFUSED: return "ECONNREFUSED";
	case ETIMEDOUT: return "ETIMEDOUT";
	case ECONNABORTED: return "ECONNABORTED";
	case ENOTSOCK: return "ENOTSOCK";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	}
#endif
	snprintf(num, sizeof num, "errno%d", e);
	return num;
}

/* One case: what the call runs on and what the events act on. */
struct env {
	char call[16], sock[16], event[16];
	int idx;
	int fd;	     /* the socket the call is made on */
	int peer;    /* its peer (the receiver for udgramu), or -1 */
	int newpeer; /* the peer of the socket that took fd's number, or -1 */
	int family;
	struct sockaddr_storage addr; /* fd's address (udpu), or the listener's */
	socklen_t addrlen;
	struct sockaddr_un to; /* udgramu: the receiver's address */
};

static int is(const char *a, const char *b) { return strcmp(a, b) == 0; }
static int is_recv(const struct env *e)
{
	return is(e->call, "recv") || is(e->call, "recvfrom") || is(e->call, "read") || is(e->call, "recvmsg");
}
static int is_send(const struct env *e)
{
	return is(e->call, "send") || is(e->call, "write") || is(e->call, "sendto") || is(e->call, "sendmsg");
}

static void loopback(int family, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof *ss);
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (void *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_loopback;
		*len = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (void *)ss;
		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		*len = sizeof *s4;
	}
}

static void unix_addr(struct sockaddr_un *sun, int idx, const char *suffix)
{
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	snprintf(sun->sun_path, sizeof sun->sun_path, "%s/c%d%s.sock", dir, idx, suffix);
}

static void setint(int fd, int opt, int v)
{
	if (setsockopt(fd, SOL_SOCKET, opt, &v, sizeof v) < 0)
		die("setsockopt");
}

/* A listener of the kind of e->sock: its address in *ss. */
static int listener(struct env *e, const char *suffix, struct sockaddr_storage *ss, socklen_t *len)
{
	int l;
	if (e->family == AF_UNIX) {
		struct sockaddr_un *sun = (void *)ss;
		unix_addr(sun, e->idx, suffix);
		*len = sizeof *sun;
		l = socket(AF_UNIX, SOCK_STREAM, 0);
	} else {
		loopback(e->family, ss, len);
		l = socket(e->family, SOCK_STREAM, 0);
	}
	if (l < 0)
		die("socket");
	if (e->family != AF_UNIX)
		setint(l, SO_RCVBUF, SMALLBUF); /* inherited by the accepted end */
	if (bind(l, (void *)ss, *len) < 0 || listen(l, 8) < 0 || getsockname(l, (void *)ss, len) < 0)
		die("listener");
	return l;
}

static void setup(struct env *e)
{
	const char *s = e->sock;
	int sv[2];
	e->peer = e->newpeer = -1;
	if (is(s, "tcp4") || is(s, "tcp6")) {
		struct sockaddr_storage ss;
		socklen_t len;
		int l;
		e->family = is(s, "tcp4") ? AF_INET : AF_INET6;
		l = listener(e, "", &ss, &len);
		e->fd = socket(e->family, SOCK_STREAM, 0);
		if (e->fd < 0)
			die("socket");
		setint(e->fd, SO_SNDBUF, SMALLBUF);
		if (connect(e->fd, (void *)&ss, len) < 0 || (e->peer = accept(l, NULL, NULL)) < 0)
			die("connect");
		close(l);
	} else if (is(s, "udp") || is(s, "udpu")) {
		struct sockaddr_storage pa;
		socklen_t plen;
		e->family = AF_INET;
		loopback(AF_INET, &e->addr, &e->addrlen);
		loopback(AF_INET, &pa, &plen);
		e->fd = socket(AF_INET, SOCK_DGRAM, 0);
		e->peer = socket(AF_INET, SOCK_DGRAM, 0);
		if (e->fd < 0 || e->peer < 0 || bind(e->fd, (void *)&e->addr, e->addrlen) < 0 ||
		    bind(e->peer, (void *)&pa, plen) < 0 ||
		    getsockname(e->fd, (void *)&e->addr, &e->addrlen) < 0 ||
		    getsockname(e->peer, (void *)&pa, &plen) < 0)
			die("udp");
		if (is(s, "udp") && (connect(e->fd, (void *)&pa, plen) < 0 ||
				     connect(e->peer, (void *)&e->addr, e->addrlen) < 0))
			die("udp connect");
	} else if (is(s, "ustream") || is(s, "udgram") || is(s, "useqpacket")) {
		int type = is(s, "ustream") ? SOCK_STREAM : is(s, "udgram") ? SOCK_DGRAM : SOCK_SEQPACKET;
		e->family = AF_UNIX;
		if (socketpair(AF_UNIX, type, 0, sv) < 0)
			die("socketpair");
		e->fd = sv[0];
		e->peer = sv[1];
	} else if (is(s, "udgramu")) {
		e->family = AF_UNIX;
		unix_addr(&e->to, e->idx, "r");
		e->peer = socket(AF_UNIX, SOCK_DGRAM, 0);
		e->fd = socket(AF_UNIX, SOCK_DGRAM, 0);
		if (e->peer < 0 || e->fd < 0 || bind(e->peer, (void *)&e->to, sizeof e->to) < 0)
			die("udgramu");
	} else if (is(s, "tcp4l") || is(s, "tcp6l") || is(s, "ustreaml")) {
		e->family = is(s, "tcp4l") ? AF_INET : is(s, "tcp6l") ? AF_INET6 : AF_UNIX;
		e->fd = listener(e, "", &e->addr, &e->addrlen);
	} else {
		fprintf(stderr, "unknown socket %s\n", s);
		exit(2);
	}
}

/* fill_once sends len bytes at a time without waiting until the call would
 * block, and reports how many sends went. */
static int fill_once(struct env *e, size_t len)
{
	static char chunk[65536];
	int i;
	for (i = 0; i < 100000; i++) {
		ssize_t r = is(e->call, "sendto")
			? sendto(e->fd, chunk, len, MSG_DONTWAIT | MSG_NOSIGNAL, (void *)&e->to, sizeof e->to)
			: send(e->fd, chunk, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (r < 0)
			break;
	}
	if (i == 100000 || errno != EAGAIN)
		die("fill");
	return i;
}

/* fill fills the buffer the call's send needs, then tops it up byte by byte
 * until five rounds 1 ms apart (SETTLE_TCP_MS for TCP) find no room (TCP
 * frees room as the last segments are acknowledged and the receiver
 * compacts its queue; 1 ms was not enough under load): a send that is woken, or restarted after a
 * signal, then finds the buffer as full as the one that went to sleep. */
static void fill(struct env *e)
{
	int tcp = is(e->sock, "tcp4") || is(e->sock, "tcp6");
	fill_once(e, tcp || is(e->sock, "ustream") ? 65536 : 1);
	for (int quiet = 0, round = 0; quiet < 5; round++) {
		if (round == 1000)
			die("fill: the buffer never settled");
		usleep(tcp ? SETTLE_TCP_MS * 1000 : 1000);
		quiet = fill_once(e, 1) ? 0 : quiet + 1;
	}
}

/* The call's thread and what it found. */
static struct env *cur;
static pid_t call_tid;
static int call_done;
static char result[64];

static void tag(char *line, size_t size, const char *buf, ssize_t n)
{
	int p = 0, q = 0;
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == 'p')
			p++;
		else if (buf[i] == 'n')
			q++;
	}
	size_t l = strlen(line);
	if (n <= 0)
		return;
	snprintf(line + l, size - l, " %s", p == n ? "p" : q == n ? "n" : "mixed");
}

static void *run(void *arg)
{
	struct env *e = cur;
	char buf[64], payload[PAYLOAD];
	ssize_t r = -1;
	int a = -1;
	(void)arg;
	memset(buf, 0, sizeof buf);
	memset(payload, 's', sizeof payload);
	__atomic_store_n(&call_tid, (pid_t)syscall(SYS_gettid), __ATOMIC_SEQ_CST);
	if (is(e->call, "recv"))
		r = recv(e->fd, buf, sizeof buf, 0);
	else if (is(e->call, "recvfrom")) {
		struct sockaddr_storage ss;
		socklen_t n = sizeof ss;
		r = recvfrom(e->fd, buf, sizeof buf, 0, (void *)&ss, &n);
	} else if (is(e->call, "read"))
		r = read(e->fd, buf, sizeof buf);
	else if (is(e->call, "recvmsg")) {
		/* two buffers, a control buffer and the sender's address */
		struct sockaddr_storage ss;
		union { char b[64]; struct cmsghdr align; } control;
		struct iovec iov[2] = {{buf, PAYLOAD / 2}, {buf + PAYLOAD / 2, sizeof buf - PAYLOAD / 2}};
		struct msghdr msg = {0};
		msg.msg_name = &ss;
		msg.msg_namelen = sizeof ss;
		msg.msg_iov = iov;
		msg.msg_iovlen = 2;
		msg.msg_control = control.b;
		msg.msg_controllen = sizeof control.b;
		r = recvmsg(e->fd, &msg, 0);
	}
	else if (is(e->call, "send"))
		r = send(e->fd, payload, sizeof payload, MSG_NOSIGNAL);
	else if (is(e->call, "write"))
		r = write(e->fd, payload, sizeof payload); /* SIGPIPE ignored */
	else if (is(e->call, "sendto"))
		r = sendto(e->fd, payload, sizeof payload, MSG_NOSIGNAL, (void *)&e->to, sizeof e->to);
	else if (is(e->call, "sendmsg")) {
		struct iovec iov[2] = {{payload, 3}, {payload + 3, sizeof payload - 3}};
		struct msghdr msg = {0};
		msg.msg_iov = iov;
		msg.msg_iovlen = 2;
		r = sendmsg(e->fd, &msg, MSG_NOSIGNAL);
	}
	else if (is(e->call, "accept"))
		r = a = accept(e->fd, NULL, NULL);
	if (r < 0)
		snprintf(result, sizeof result, "errno %s", errname(errno));
	else if (a >= 0) {
		/* Whose connection: the first byte its client sent. */
		struct pollfd pfd = {.fd = a, .events = POLLIN};
		snprintf(result, sizeof result, "ok 0");
		if (poll(&pfd, 1, 1000) == 1 && (r = recv(a, buf, 1, MSG_DONTWAIT)) > 0)
			tag(result, sizeof result, buf, r);
		close(a);
	} else {
		snprintf(result, sizeof result, "ok %zd", r);
		if (is_recv(e))
			tag(result, sizeof result, buf, r);
	}
	__atomic_store_n(&call_done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* asleep reports whether thread tid sleeps inside a socket call. */
static int asleep(pid_t tid)
{
	char path[64], buf[512], *p;
	long nr;
	FILE *f;
	size_t n;
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
	if (!(f = fopen(path, "r")))
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')'); /* "tid (comm) S ..." */
	if (!p || p[1] != ' ' || p[2] != 'S')
		return 0;
	snprintf(path, sizeof path, "/proc/self/task/%d/syscall", (int)tid);
	if (!(f = fopen(path, "r")))
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	nr = strtol(buf, NULL, 10);
	return nr == SYS_recvfrom || nr == SYS_read || nr == SYS_sendto || nr == SYS_write ||
	       nr == SYS_recvmsg || nr == SYS_sendmsg ||
#ifdef SYS_accept
	       nr == SYS_accept ||
#endif
	       nr == SYS_accept4;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* send_data has the peer send n bytes of c to the socket of the call. */
static void send_data(struct env *e, int c, int n)
{
	char buf[PAYLOAD];
	memset(buf, c, sizeof buf);
	ssize_t r = is(e->sock, "udpu") ? sendto(e->peer, buf, n, MSG_NOSIGNAL, (void *)&e->addr, e->addrlen)
					: send(e->peer, buf, n, MSG_NOSIGNAL);
	if (r != n)
		die("send data");
}

static void drain(int fd)
{
	static char buf[65536];
	while (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0)
		;
}

/* client connects to a listener at ss and sends the byte c. */
static void client(const struct sockaddr_storage *ss, socklen_t len, int c)
{
	char b = (char)c;
	int fd = socket(ss->ss_family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (const void *)ss, len) < 0 || send(fd, &b, 1, MSG_NOSIGNAL) != 1)
		die("client");
	/* left open: the process ends with the case */
}

static void settimeo(int fd, int opt, int ms)
{
	struct timeval tv = {.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000};
	if (setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof tv) < 0)
		die("setsockopt timeo");
}

/* replace gives fd's number to a new socket, as a program that closes fd
 * and opens another would (reuse_close, reuse_file: close(2), then the
 * lowest free number, which the numbers below fd, taken for the while,
 * make fd's), or with dup2 (reuse_dup2). The new socket is a listener for
 * accept (a client then connects to it and sends "n"), else one end of an
 * AF_UNIX stream pair, whose other end, newpeer, sends "n"s to a receive. */
static void replace(struct env *e)
{
	int plugs[4096], nplugs = 0, nfd, sv[2] = {-1, -1};
	int dup = is(e->event, "reuse_dup2");
	struct sockaddr_storage ss;
	socklen_t len;
	if (!dup) {
		for (;;) {
			int p = open("/dev/null", O_RDONLY | O_CLOEXEC);
			if (p < 0 || nplugs == 4096)
				die("plug");
			if (p > e->fd) {
				close(p);
				break;
			}
			plugs[nplugs++] = p;
		}
		close(e->fd);
	}
	if (is(e->call, "accept"))
		nfd = listener(e, "new", &ss, &len);
	else {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
			die("socketpair");
		nfd = sv[0];
		e->newpeer = sv[1];
	}
	if (dup) {
		if (dup2(nfd, e->fd) < 0)
			die("dup2");
		close(nfd);
	} else if (nfd != e->fd) {
		fprintf(stderr, "%s %s %s: the new socket is %d, not %d\n", e->call, e->sock, e->event, nfd, e->fd);
		exit(2);
	}
	for (int i = 0; i < nplugs; i++)
		close(plugs[i]);
	if (is(e->call, "accept"))
		client(&ss, len, 'n');
	else if (is_recv(e)) {
		char buf[PAYLOAD];
		memset(buf, 'n', sizeof buf);
		if (send(e->newpeer, buf, sizeof buf, 0) != sizeof buf)
			die("send new");
	}
}

static void apply(struct env *e)
{
	const char *ev = e->event;
	if (is(ev, "shut_rd"))
		shutdown(e->fd, SHUT_RD);
	else if (is(ev, "shut_wr"))
		shutdown(e->fd, SHUT_WR);
	else if (is(ev, "shut_rdwr"))
		shutdown(e->fd, SHUT_RDWR);
	else if (is(ev, "peer_shut"))
		shutdown(e->peer, SHUT_RDWR);
	else if (is(ev, "peer_close"))
		close(e->peer);
	else if (is(ev, "peer_reset")) {
		struct linger l = {.l_onoff = 1, .l_linger = 0};
		if (setsockopt(e->peer, SOL_SOCKET, SO_LINGER, &l, sizeof l) < 0)
			die("linger");
		close(e->peer);
	} else if (is(ev, "data") || is(ev, "lowat_big"))
		send_data(e, 'p', PAYLOAD);
	else if (is(ev, "lowat_small"))
		send_data(e, 'p', SMALL);
	else if (is(ev, "rcvlowat_lib") || is(ev, "rcvlowat_xsys")) {
		setint(e->fd, SO_RCVLOWAT, LOWAT);
		send_data(e, 'p', SMALL);
	} else if (is(ev, "timeo_lib") || is(ev, "timeo_xsys"))
		settimeo(e->fd, is_send(e) ? SO_SNDTIMEO : SO_RCVTIMEO, TIMEO_MS);
	else if (is(ev, "drain"))
		drain(e->peer);
	else if (is(ev, "connect"))
		client(&e->addr, e->addrlen, 'p');
	else if (is(ev, "nonblock")) {
		if (fcntl(e->fd, F_SETFL, fcntl(e->fd, F_GETFL) | O_NONBLOCK) < 0)
			die("fcntl");
	} else if (is(ev, "signal")) {
		for (int i = 0; i < 20; i++) {
			syscall(SYS_tgkill, getpid(), call_tid, SIGUSR1);
			usleep(2000);
		}
	} else if (is(ev, "close_lib"))
		close(e->fd); /* C has no library close: close(2) from another thread */
	else if (is(ev, "reuse_close") || is(ev, "reuse_file") || is(ev, "reuse_dup2"))
		replace(e);
	else {
		fprintf(stderr, "unknown event %s\n", ev);
		exit(2);
	}
}

static void on_signal(int sig) { (void)sig; }

/* child runs case e and writes its outcome to out. */
static void child(struct env *e, int out)
{
	struct sigaction sa;
	pthread_t th;
	char line[128];
	long start;
	int waited = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	setup(e);
	if (is_send(e))
		fill(e);
	if (is(e->event, "lowat_small") || is(e->event, "lowat_big"))
		setint(e->fd, SO_RCVLOWAT, LOWAT);
	cur = e;
	if (pthread_create(&th, NULL, run, NULL) != 0)
		die("pthread_create");
	start = now_ms();
	while (now_ms() - start < 3000) {
		pid_t tid = __atomic_load_n(&call_tid, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&call_done, __ATOMIC_SEQ_CST))
			break;
		if (tid && asleep(tid)) {
			usleep(1000);
			if (asleep(tid)) {
				waited = 1;
				break;
			}
		}
		usleep(1000);
	}
	if (__atomic_load_n(&call_done, __ATOMIC_SEQ_CST))
		snprintf(line, sizeof line, "early %s", result);
	else if (!waited)
		snprintf(line, sizeof line, "nowait");
	else {
		apply(e);
		start = now_ms();
		while (!__atomic_load_n(&call_done, __ATOMIC_SEQ_CST) && now_ms() - start < bound_ms)
			usleep(1000);
		snprintf(line, sizeof line, "%s", __atomic_load_n(&call_done, __ATOMIC_SEQ_CST) ? result : "blocks");
		if (is_send(e) && e->newpeer >= 0) {
			char buf[64];
			if (recv(e->newpeer, buf, sizeof buf, MSG_DONTWAIT) > 0)
				strcat(line, " n");
		}
	}
	if (write(out, line, strlen(line)) < 0)
		_exit(3);
	_exit(0); /* ends the call's thread, whatever it does */
}

int main(int argc, char **argv)
{
	static struct env cases[MAXCASES];
	static pid_t pids[MAXCASES];
	static int in[MAXCASES];
	char text[128];
	int n = 0, next = 0;
	if (argc != 3) {
		fprintf(stderr, "usage: eventmatrix DIR BOUND_MS < cases\n");
		return 2;
	}
	dir = argv[1];
	bound_ms = atoi(argv[2]);
	while (fgets(text, sizeof text, stdin)) {
		if (n == MAXCASES || sscanf(text, "%15s %15s %15s", cases[n].call, cases[n].sock, cases[n].event) != 3) {
			fprintf(stderr, "bad case line %d: %s", n + 1, text);
			return 2;
		}
		cases[n].idx = n;
		n++;
	}
	/* Start up to MAXKIDS children; print each case's line in order once
	 * its child is done, starting another for each one that ends. */
	for (int i = 0; i < n; i++) {
		char line[128];
		ssize_t got;
		int status;
		while (next < n && next < i + MAXKIDS) {
			int p[2];
			if (pipe(p) < 0)
				die("pipe");
			fflush(stdout);
			pids[next] = fork();
			if (pids[next] < 0)
				die("fork");
			if (pids[next] == 0) {
				close(p[0]);
				child(&cases[next], p[1]);
			}
			close(p[1]);
			in[next++] = p[0];
		}
		got = read(in[i], line, sizeof line - 1);
		if (waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || got <= 0) {
			fprintf(stderr, "case %d (%s %s %s): the child failed (status %d)\n", i, cases[i].call,
				cases[i].sock, cases[i].event, status);
			return 1;
		}
		close(in[i]);
		line[got] = 0;
		printf("%s %s %s: %s\n", cases[i].call, cases[i].sock, cases[i].event, line);
	}
	return 0;
}
