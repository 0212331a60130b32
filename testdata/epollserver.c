/* epollserver.c: the C original of examples/epollserver, the event loop
 * of epoll(7)'s example filled in as a course teaches it: a
 * single-threaded echo server on non-blocking sockets, edge-triggered,
 * with an output buffer per connection. Usage: epollserver [-port N]. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_EVENTS 64
#define HIGH_WATER (1 << 20)
#define MAX_FDS 65536

static const char *PORT = "9000";

struct conn {
	int open;
	char *out;       /* bytes received, not yet sent back */
	size_t len, cap;
	int stalled;     /* reading stopped at HIGH_WATER */
};

static struct conn conns[MAX_FDS];

static int get_listener_socket(void)
{
	struct addrinfo hints, *ai, *p;
	int listener = -1, yes = 1, rv;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if ((rv = getaddrinfo(NULL, PORT, &hints, &ai)) != 0) {
		fprintf(stderr, "epollserver: %s\n", gai_strerror(rv));
		exit(1);
	}
	for (p = ai; p != NULL; p = p->ai_next) {
		listener = socket(p->ai_family, p->ai_socktype | SOCK_NONBLOCK, p->ai_protocol);
		if (listener < 0)
			continue;
		setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
		if (bind(listener, p->ai_addr, p->ai_addrlen) < 0) {
			close(listener);
			listener = -1;
			continue;
		}
		break;
	}
	freeaddrinfo(ai);
	if (listener == -1)
		return -1;
	if (listen(listener, SOMAXCONN) == -1)
		return -1;
	return listener;
}

static int setnonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL, 0);
	if (flags == -1)
		return -1;
	return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

static const char *inet_ntop2(struct sockaddr_storage *addr, char *buf, size_t size)
{
	void *src;
	switch (addr->ss_family) {
	case AF_INET:
		src = &((struct sockaddr_in *)addr)->sin_addr;
		break;
	case AF_INET6:
		src = &((struct sockaddr_in6 *)addr)->sin6_addr;
		break;
	default:
		return NULL;
	}
	return inet_ntop(addr->ss_family, src, buf, size);
}

static int epfd;

static void handle_new_connections(int listener)
{
	for (;;) {
		struct sockaddr_storage remoteaddr;
		socklen_t addrlen = sizeof remoteaddr;
		char remote_ip[INET6_ADDRSTRLEN];
		struct epoll_event ev;
		int newfd = accept(listener, (struct sockaddr *)&remoteaddr, &addrlen);
		if (newfd == -1) {
			if (errno != EAGAIN)
				perror("accept");
			return;
		}
		if (setnonblocking(newfd) == -1) {
			perror("fcntl");
			close(newfd);
			continue;
		}
		ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
		ev.data.fd = newfd;
		if (newfd >= MAX_FDS || epoll_ctl(epfd, EPOLL_CTL_ADD, newfd, &ev) == -1) {
			perror("epoll_ctl: conn_sock");
			close(newfd);
			continue;
		}
		memset(&conns[newfd], 0, sizeof conns[newfd]);
		conns[newfd].open = 1;
		printf("epollserver: new connection from %s on socket %d\n",
		       inet_ntop2(&remoteaddr, remote_ip, sizeof remote_ip), newfd);
	}
}

static void close_conn(int fd)
{
	close(fd);
	free(conns[fd].out);
	memset(&conns[fd], 0, sizeof conns[fd]);
}

/* flush sends what fd has queued until the socket takes no more; 0 when
 * the connection is gone. */
static int flush(int fd)
{
	struct conn *c = &conns[fd];
	size_t off = 0;
	while (off < c->len) {
		ssize_t n = send(fd, c->out + off, c->len - off, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EAGAIN)
				break;
			printf("epollserver: socket %d: send: %s\n", fd, strerror(errno));
			close_conn(fd);
			return 0;
		}
		off += n;
	}
	memmove(c->out, c->out + off, c->len - off);
	c->len -= off;
	if (c->len == 0) {
		free(c->out);
		c->out = NULL;
		c->cap = 0;
	}
	return 1;
}

/* handle_read reads until EAGAIN and queues the bytes to be sent back,
 * stopping at HIGH_WATER; 0 when the connection is gone. */
static int handle_read(int fd)
{
	struct conn *c = &conns[fd];
	char buf[4096];
	while (c->len < HIGH_WATER) {
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		if (n == -1) {
			if (errno == EAGAIN) {
				c->stalled = 0;
				return 1;
			}
			printf("epollserver: socket %d: recv: %s\n", fd, strerror(errno));
			close_conn(fd);
			return 0;
		}
		if (n == 0) {
			printf("epollserver: socket %d hung up\n", fd);
			close_conn(fd);
			return 0;
		}
		if (c->len + n > c->cap) {
			c->cap = (c->len + n) * 2;
			c->out = realloc(c->out, c->cap);
			if (c->out == NULL) {
				perror("realloc");
				exit(1);
			}
		}
		memcpy(c->out + c->len, buf, n);
		c->len += n;
		if (!flush(fd))
			return 0;
	}
	c->stalled = 1;
	return 1;
}

static void handle_event(int fd, int readable, int writable)
{
	if (readable || writable)
		if (!flush(fd))
			return;
	if (readable || (conns[fd].stalled && conns[fd].len < HIGH_WATER))
		handle_read(fd);
}

int main(int argc, char **argv)
{
	struct epoll_event ev, events[MAX_EVENTS];
	int listener, nfds, n;

	if (argc == 3 && strcmp(argv[1], "-port") == 0)
		PORT = argv[2];
	setvbuf(stdout, NULL, _IOLBF, 0);

	listener = get_listener_socket();
	if (listener == -1) {
		fprintf(stderr, "error getting listening socket\n");
		exit(1);
	}
	epfd = epoll_create1(0);
	if (epfd == -1) {
		perror("epoll_create1");
		exit(1);
	}
	ev.events = EPOLLIN | EPOLLET;
	ev.data.fd = listener;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, listener, &ev) == -1) {
		perror("epoll_create1");
		exit(1);
	}
	printf("epollserver: waiting for connections on port %s...\n", PORT);

	for (;;) {
		nfds = epoll_wait(epfd, events, MAX_EVENTS, -1);
		if (nfds == -1) {
			perror("epoll_wait");
			exit(1);
		}
		for (n = 0; n < nfds; ++n) {
			int fd = events[n].data.fd;
			uint32_t e = events[n].events;
			if (fd == listener) {
				handle_new_connections(listener);
				continue;
			}
			if (conns[fd].open)
				handle_event(fd, (e & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)) != 0,
					     (e & EPOLLOUT) != 0);
		}
	}
}
