/* The oracle for fdevents_linux_test.go: descriptor control (fcntl,
 * ioctl), out-of-band data and epoll, as C sees them. argv[1] picks what it
 * prints, one line per step; the Go test makes the same steps with package
 * sock and prints the same lines:
 *
 *   consts   the constants' values and struct epoll_event's layout;
 *   epoll    an epoll set on an AF_UNIX stream pair: level, edge-triggered
 *            and one-shot readiness, the data word, the errors of
 *            epoll_ctl and epoll_wait;
 *   oob      a TCP connection over 127.0.0.1 with out-of-band data:
 *            FIONREAD, SIOCATMARK and recv with MSG_OOB around the mark;
 *            O_NONBLOCK with fcntl; FIONREAD on UDP (the next datagram);
 *   oobwait  a recv blocked on a TCP socket when an out-of-band byte
 *            alone arrives: it goes on waiting (the urgent byte is not
 *            inline); recv with MSG_OOB from another thread takes the
 *            byte; normal data then ends the blocked recv.
 *
 * Descriptors are printed by name, never by number. A change here must go
 * to the test, and back. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(2);
}

/* res prints step's outcome: "step: N" or "step: -1 ENAME". */
static void res(const char *step, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", step, strerrorname_np(errno));
	else
		printf("%s: %ld\n", step, r);
}

#define C(name) printf("%s %#lx\n", #name, (unsigned long)(name))

static void consts(void)
{
#if defined(__x86_64__)
	printf("arch amd64\n");
#elif defined(__i386__)
	printf("arch 386\n");
#elif defined(__aarch64__)
	printf("arch arm64\n");
#elif defined(__s390x__)
	printf("arch s390x\n");
#else
	printf("arch other\n");
#endif
	C(O_NONBLOCK); C(O_RDONLY); C(O_WRONLY); C(O_RDWR); C(O_ACCMODE);
	C(O_APPEND); C(O_ASYNC);
	C(F_DUPFD); C(F_DUPFD_CLOEXEC); C(F_GETFD); C(F_SETFD); C(F_GETFL);
	C(F_SETFL); C(F_GETOWN); C(F_SETOWN); C(FD_CLOEXEC);
	C(FIONREAD); C(SIOCINQ); C(SIOCOUTQ); C(SIOCOUTQNSD); C(SIOCATMARK);
	C(MSG_OOB); C(SO_OOBINLINE);
	C(EPOLLIN); C(EPOLLPRI); C(EPOLLOUT); C(EPOLLRDNORM); C(EPOLLRDBAND);
	C(EPOLLWRNORM); C(EPOLLWRBAND); C(EPOLLMSG); C(EPOLLERR); C(EPOLLHUP);
	C(EPOLLRDHUP); C(EPOLLEXCLUSIVE); C(EPOLLWAKEUP); C(EPOLLONESHOT);
	C(EPOLLET); C(EPOLL_CTL_ADD); C(EPOLL_CTL_DEL); C(EPOLL_CTL_MOD);
	C(EPOLL_CLOEXEC);
	printf("sizeof(struct epoll_event) %zu\n", sizeof(struct epoll_event));
	printf("alignof(struct epoll_event) %zu\n", _Alignof(struct epoll_event));
	printf("offsetof(events) %zu\n", offsetof(struct epoll_event, events));
	printf("offsetof(data) %zu\n", offsetof(struct epoll_event, data));
	printf("sizeof(epoll_data_t) %zu\n", sizeof(epoll_data_t));
}

/* wait0 prints what a zero-timeout epoll_wait returns: the count and each
 * event's mask, and whether its data word is fd a (or the u64 marker). */
static void wait0(int ep, int a, const char *step)
{
	struct epoll_event evs[4];
	int n = epoll_wait(ep, evs, 4, 0);
	if (n < 0) {
		res(step, n);
		return;
	}
	printf("%s: %d", step, n);
	for (int i = 0; i < n; i++) {
		if (evs[i].data.u64 == 0x1122334455667788ULL)
			printf(" [%#x u64]", evs[i].events);
		else
			printf(" [%#x %s]", evs[i].events, evs[i].data.fd == a ? "a" : "?");
	}
	printf("\n");
}

static int ctl(int ep, int op, int fd, uint32_t events, int a)
{
	struct epoll_event ev;
	memset(&ev, 0, sizeof ev);
	ev.events = events;
	ev.data.fd = a;
	return epoll_ctl(ep, op, fd, &ev);
}

static void epoll(void)
{
	int sv[2], a, b;
	char buf[64];
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		die("epoll_create1");
	res("cloexec", fcntl(ep, F_GETFD) & FD_CLOEXEC);
	res("create1 bad flags", epoll_create1(1));
	res("create size 0", epoll_create(0));
	res("create size -1", epoll_create(-1));
	{
		int ep1 = epoll_create(1);
		res("create size 1", ep1 >= 0);
		close(ep1);
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		die("socketpair");
	a = sv[0];
	b = sv[1];

	res("add a IN|ET", ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN | EPOLLET, a));
	wait0(ep, a, "wait empty");
	write(b, "x", 1);
	wait0(ep, a, "wait after x");
	wait0(ep, a, "wait again ET");
	write(b, "y", 1);
	wait0(ep, a, "wait after y");
	res("mod a IN|ONESHOT", ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLONESHOT, a));
	wait0(ep, a, "wait oneshot");
	wait0(ep, a, "wait disarmed");
	write(b, "z", 1);
	wait0(ep, a, "wait disarmed z");
	res("rearm", ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLONESHOT, a));
	wait0(ep, a, "wait rearmed");
	res("add again", ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN, a));
	res("mod EXCLUSIVE", ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLEXCLUSIVE, a));
	res("del", ctl(ep, EPOLL_CTL_DEL, a, 0, a));
	res("del again", ctl(ep, EPOLL_CTL_DEL, a, 0, a));
	res("mod absent", ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN, a));
	res("add self", ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, a));
	res("add bad fd", ctl(ep, EPOLL_CTL_ADD, 999999, EPOLLIN, a));
	res("add bad op", ctl(ep, 99, a, EPOLLIN, a));
	res("add EXCLUSIVE", ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN | EPOLLEXCLUSIVE, a));
	res("del NULL", epoll_ctl(ep, EPOLL_CTL_DEL, a, NULL));
	res("add NULL", epoll_ctl(ep, EPOLL_CTL_ADD, a, NULL));
	{
		struct epoll_event evs[1];
		res("wait maxevents 0", epoll_wait(ep, evs, 0, 0));
		res("wait not epoll", epoll_wait(a, evs, 1, 0));
		res("wait bad fd", epoll_wait(999999, evs, 1, 0));
	}
	{
		struct epoll_event ev = {.events = EPOLLIN};
		ev.data.u64 = 0x1122334455667788ULL;
		res("add u64", epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev));
		wait0(ep, a, "wait u64");
		res("del u64", epoll_ctl(ep, EPOLL_CTL_DEL, a, NULL));
	}
	res("add a IN|OUT|RDHUP", ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN | EPOLLOUT | EPOLLRDHUP, a));
	wait0(ep, a, "wait level");
	res("read", read(a, buf, sizeof buf));
	wait0(ep, a, "wait drained");
	res("shutdown b", shutdown(b, SHUT_WR));
	wait0(ep, a, "wait peer shut");
	res("close b", close(b));
	wait0(ep, a, "wait peer closed");
	{
		int ep2 = epoll_create1(EPOLL_CLOEXEC);
		struct epoll_event evs[1];
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int n = epoll_wait(ep2, evs, 1, 50);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		res("wait 50 ms", n);
		res("waited at least 50 ms", ms >= 50);
		close(ep2);
	}
	close(a);
	close(ep);
}

/* tcp_pair connects a client *c to a listener on 127.0.0.1 and accepts it
 * in *s. */
static void tcp_pair(int *c, int *s)
{
	struct sockaddr_in sin;
	socklen_t n = sizeof sin;
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (l < 0 || bind(l, (void *)&sin, sizeof sin) < 0 || listen(l, 1) < 0 ||
	    getsockname(l, (void *)&sin, &n) < 0)
		die("listener");
	*c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (*c < 0 || connect(*c, (void *)&sin, sizeof sin) < 0)
		die("connect");
	if ((*s = accept4(l, NULL, NULL, SOCK_CLOEXEC)) < 0)
		die("accept");
	close(l);
}

static void ioc(int fd, unsigned long req, const char *step)
{
	int v = -7;
	if (ioctl(fd, req, &v) < 0)
		res(step, -1);
	else
		printf("%s: %d\n", step, v);
}

static void rcv(int fd, int flags, const char *step)
{
	char buf[64];
	ssize_t n = recv(fd, buf, sizeof buf, flags);
	if (n < 0)
		res(step, -1);
	else
		printf("%s: %zd %.*s\n", step, n, (int)n, buf);
}

/* waitfor polls fd until revents has all of want (at most tries times
 * 50 ms), and prints revents. */
static void waitfor(int fd, short want, const char *step, int tries)
{
	struct pollfd p = {.fd = fd, .events = want};
	for (int i = 0; i < tries; i++) {
		p.revents = 0;
		if (poll(&p, 1, 50) < 0)
			die("poll");
		if ((p.revents & want) == want)
			break;
	}
	printf("%s: %#x\n", step, p.revents);
}

static void oob(void)
{
	int c, s, one = 1;
	tcp_pair(&c, &s);
	if (setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
		die("nodelay");
	res("getfl", fcntl(s, F_GETFL));
	res("getfd", fcntl(s, F_GETFD));
	res("bad cmd", fcntl(s, F_GETLK - F_GETLK + 9999, 0));
	res("getfl bad fd", fcntl(999999, F_GETFL));
	rcv(s, MSG_OOB, "recv oob none");
	ioc(s, SIOCATMARK, "atmark empty");
	ioc(s, FIONREAD, "fionread empty");
	ioc(s, SIOCOUTQ, "outq empty");
	res("send abc", send(c, "abc", 3, 0));
	res("send X oob", send(c, "X", 1, MSG_OOB));
	res("send de", send(c, "de", 2, 0));
	res("shutdown c", shutdown(c, SHUT_WR));
	waitfor(s, POLLIN | POLLPRI | POLLRDHUP, "poll", 100);
	ioc(s, FIONREAD, "fionread");
	ioc(s, SIOCATMARK, "atmark before");
	rcv(s, 0, "recv to mark");
	ioc(s, SIOCATMARK, "atmark at mark");
	ioc(s, FIONREAD, "fionread at mark");
	rcv(s, MSG_OOB | MSG_PEEK, "recv oob peek");
	rcv(s, MSG_OOB, "recv oob");
	rcv(s, MSG_OOB, "recv oob again");
	ioc(s, SIOCATMARK, "atmark after oob");
	rcv(s, 0, "recv rest");
	rcv(s, 0, "recv eof");
	ioc(s, SIOCATMARK, "atmark eof");
	res("setfl nonblock", fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK));
	res("getfl nonblock", fcntl(s, F_GETFL));
	res("setfl c nonblock", fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK));
	rcv(c, 0, "recv nonblock");
	res("setfd 0", fcntl(c, F_SETFD, 0));
	res("getfd 0", fcntl(c, F_GETFD));
	close(c);
	close(s);

	/* F_SETOWN, F_GETOWN: a process, a process group (negated). */
	{
		int o = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		res("setown pid", fcntl(o, F_SETOWN, getpid()));
		res("getown is pid", fcntl(o, F_GETOWN) == getpid());
		res("setown -pgrp", fcntl(o, F_SETOWN, -getpgrp()));
		res("getown is -pgrp", fcntl(o, F_GETOWN) == -getpgrp());
		res("setown 0", fcntl(o, F_SETOWN, 0));
		res("getown 0", fcntl(o, F_GETOWN));
		close(o);
	}

	/* UDP: FIONREAD is the next datagram's length. */
	int u1 = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), u2 = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sin;
	socklen_t n = sizeof sin;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (u1 < 0 || u2 < 0 || bind(u1, (void *)&sin, sizeof sin) < 0 ||
	    getsockname(u1, (void *)&sin, &n) < 0)
		die("udp");
	ioc(u1, FIONREAD, "udp fionread empty");
	res("udp send 5", sendto(u2, "hello", 5, 0, (void *)&sin, sizeof sin));
	res("udp send 9", sendto(u2, "123456789", 9, 0, (void *)&sin, sizeof sin));
	res("udp send 0", sendto(u2, "", 0, 0, (void *)&sin, sizeof sin));
	waitfor(u1, POLLIN, "udp poll", 100);
	ioc(u1, FIONREAD, "udp fionread first");
	rcv(u1, 0, "udp recv first");
	ioc(u1, FIONREAD, "udp fionread second");
	rcv(u1, 0, "udp recv second");
	ioc(u1, FIONREAD, "udp fionread empty datagram");
	rcv(u1, 0, "udp recv empty datagram");
	ioc(u1, FIONREAD, "udp fionread none");
	ioc(u1, SIOCATMARK, "udp atmark");
	close(u1);
	close(u2);
}

static int waiter_fd;
static volatile int waiter_done;
static char waiter_line[128];

static void *waiter(void *arg)
{
	char buf[64];
	ssize_t n = recv(waiter_fd, buf, sizeof buf, 0);
	(void)arg;
	if (n < 0)
		snprintf(waiter_line, sizeof waiter_line, "blocked recv: -1 %s", strerrorname_np(errno));
	else
		snprintf(waiter_line, sizeof waiter_line, "blocked recv: %zd %.*s", n, (int)n, buf);
	waiter_done = 1;
	return NULL;
}

static void oobwait(void)
{
	int c, s, one = 1;
	pthread_t th;
	tcp_pair(&c, &s);
	if (setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
		die("nodelay");
	waiter_fd = s;
	if (pthread_create(&th, NULL, waiter, NULL) != 0)
		die("pthread_create");
	usleep(100000); /* the waiter is in recv */
	res("send X oob", send(c, "X", 1, MSG_OOB));
	waitfor(s, POLLPRI, "poll pri", 2);
	usleep(100000); /* how long it must go on waiting */
	res("recv still waiting", !waiter_done);
	ioc(s, SIOCATMARK, "atmark");
	rcv(s, MSG_OOB, "recv oob");
	res("send after", send(c, "after", 5, 0));
	pthread_join(th, NULL);
	printf("%s\n", waiter_line);
	close(c);
	close(s);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "consts"))
		consts();
	else if (!strcmp(argv[1], "epoll"))
		epoll();
	else if (!strcmp(argv[1], "oob"))
		oob();
	else if (!strcmp(argv[1], "oobwait"))
		oobwait();
	else
		return 2;
	return 0;
}
