/* mcastcheck.c: the C side of the multicast and ICMP tests.
 *
 *   mcastcheck layout   the size, alignment and field offsets of ip_mreq,
 *                       ip_mreqn and ipv6_mreq
 *   mcastcheck cksum    for each line of hexadecimal bytes on stdin, the
 *                       two bytes of what ping.c's in_cksum() returns, as
 *                       C stores them in the packet
 *   mcastcheck opts     a fixed sequence of multicast setsockopt and
 *                       getsockopt calls, one line per call: the value
 *                       read, "ok", or the errno's name (multicast_linux_test.go
 *                       makes the same calls with the library)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef __GLIBC__
/* strerrorname_np is glibc's; elsewhere the number stands for the name. */
static const char *strerrorname_np(int e)
{
	static char buf[16];
	snprintf(buf, sizeof buf, "%d", e);
	return buf;
}
#endif

/* in_cksum as the BSD ping.c (and every course's copy of it) writes it. */
static unsigned short in_cksum(unsigned short *addr, int len)
{
	int nleft = len;
	int sum = 0;
	unsigned short *w = addr;
	unsigned short answer = 0;

	while (nleft > 1) {
		sum += *w++;
		nleft -= 2;
	}
	if (nleft == 1) {
		*(unsigned char *)(&answer) = *(unsigned char *)w;
		sum += answer;
	}
	sum = (sum >> 16) + (sum & 0xffff);
	sum += (sum >> 16);
	answer = ~sum;
	return answer;
}

static void cksum(void)
{
	static char line[1 << 17];
	static unsigned short buf[1 << 15];
	while (fgets(line, sizeof line, stdin) != NULL) {
		unsigned char *b = (unsigned char *)buf;
		int n = 0;
		for (char *p = line; p[0] && p[1] && p[0] != '\n'; p += 2) {
			unsigned int v;
			sscanf(p, "%2x", &v);
			b[n++] = v;
		}
		/* The two bytes as C stores them in the packet
		 * (icp->icmp_cksum = in_cksum(...)): the same on every
		 * machine, so a Go test under an emulator of another byte
		 * order compares them too. */
		unsigned short v = in_cksum(buf, n);
		unsigned char *s = (unsigned char *)&v;
		printf("%02x%02x\n", s[0], s[1]);
	}
}

static void result(const char *label, int r)
{
	if (r < 0)
		printf("%s %s\n", label, strerrorname_np(errno));
	else
		printf("%s ok\n", label);
}

static void get_u8(int fd, int level, int opt, const char *label)
{
	unsigned char v = 0xee;
	socklen_t len = sizeof v;
	if (getsockopt(fd, level, opt, &v, &len) < 0)
		printf("%s %s\n", label, strerrorname_np(errno));
	else
		printf("%s %d\n", label, v);
}

static void get_int(int fd, int level, int opt, const char *label)
{
	int v = -99;
	socklen_t len = sizeof v;
	if (getsockopt(fd, level, opt, &v, &len) < 0)
		printf("%s %s\n", label, strerrorname_np(errno));
	else
		printf("%s %d\n", label, v);
}

static void get_addr(int fd, const char *label)
{
	struct in_addr a;
	socklen_t len = sizeof a;
	char s[INET_ADDRSTRLEN];
	memset(&a, 0xee, sizeof a);
	if (getsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &a, &len) < 0)
		printf("%s %s\n", label, strerrorname_np(errno));
	else
		printf("%s %s\n", label, inet_ntop(AF_INET, &a, s, sizeof s));
}

static int set_u8(int fd, int level, int opt, unsigned char v) { return setsockopt(fd, level, opt, &v, 1); }
static int set_int(int fd, int level, int opt, int v) { return setsockopt(fd, level, opt, &v, sizeof v); }

static struct ip_mreq mreq(const char *group, const char *iface)
{
	struct ip_mreq m;
	inet_pton(AF_INET, group, &m.imr_multiaddr);
	inet_pton(AF_INET, iface, &m.imr_interface);
	return m;
}

static struct ipv6_mreq mreq6(const char *group, unsigned int index)
{
	struct ipv6_mreq m;
	inet_pton(AF_INET6, group, &m.ipv6mr_multiaddr);
	m.ipv6mr_interface = index;
	return m;
}

static void opts(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	get_u8(fd, IPPROTO_IP, IP_MULTICAST_TTL, "ttl.u8");
	get_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, "ttl.int");
	get_u8(fd, IPPROTO_IP, IP_MULTICAST_LOOP, "loop.u8");
	get_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, "loop.int");
	get_addr(fd, "if");
	result("set.ttl.u8.5", set_u8(fd, IPPROTO_IP, IP_MULTICAST_TTL, 5));
	get_u8(fd, IPPROTO_IP, IP_MULTICAST_TTL, "ttl.u8");
	get_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, "ttl.int");
	result("set.ttl.int.200", set_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, 200));
	get_u8(fd, IPPROTO_IP, IP_MULTICAST_TTL, "ttl.u8");
	result("set.ttl.int.256", set_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, 256));
	result("set.ttl.int.-1", set_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, -1));
	get_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, "ttl.int");
	result("set.loop.u8.0", set_u8(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0));
	get_u8(fd, IPPROTO_IP, IP_MULTICAST_LOOP, "loop.u8");
	result("set.loop.int.7", set_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 7));
	get_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, "loop.int");
	struct in_addr a;
	inet_pton(AF_INET, "127.0.0.1", &a);
	result("set.if.addr", setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &a, sizeof a));
	get_addr(fd, "if");
	struct ip_mreq m = mreq("0.0.0.0", "127.0.0.2");
	result("set.if.mreq", setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &m, sizeof m));
	get_addr(fd, "if");
#ifdef __linux__
	struct ip_mreqn mn;
	memset(&mn, 0, sizeof mn);
	mn.imr_ifindex = 1;
	result("set.if.mreqn", setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mn, sizeof mn));
	get_addr(fd, "if");
#endif
	m = mreq("239.1.1.1", "127.0.0.1");
	result("join", setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m));
	result("join.again", setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m));
	result("drop", setsockopt(fd, IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, sizeof m));
	result("drop.again", setsockopt(fd, IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, sizeof m));
	m = mreq("127.0.0.1", "127.0.0.1");
	result("join.unicast", setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m));
	m = mreq("239.1.1.1", "192.0.2.222");
	result("join.noiface", setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m));
#ifdef __linux__
	memset(&mn, 0, sizeof mn);
	inet_pton(AF_INET, "239.1.1.2", &mn.imr_multiaddr);
	mn.imr_ifindex = 1;
	result("join.mreqn", setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mn, sizeof mn));
	m = mreq("239.1.1.2", "127.0.0.1");
	result("drop.mreq", setsockopt(fd, IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, sizeof m));
	mn.imr_ifindex = 999999;
	result("join.mreqn.noindex", setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mn, sizeof mn));
#endif
	m = mreq("239.1.1.1", "127.0.0.1");
	result("join.badfd", setsockopt(-1, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m));
	result("join.null", setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, NULL, sizeof m));
	result("join.null.badfd", setsockopt(-1, IPPROTO_IP, IP_ADD_MEMBERSHIP, NULL, sizeof m));
	result("if.null", setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, NULL, sizeof(struct in_addr)));
	close(fd);

	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	get_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, "hops");
	get_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, "loop6");
	get_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, "if6");
	result("set.hops.7", set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 7));
	get_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, "hops");
	result("set.hops.256", set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 256));
	result("set.hops.-1", set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, -1));
	get_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, "hops");
	result("set.loop6.0", set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0));
	get_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, "loop6");
	result("set.loop6.2", set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 2));
	result("set.if6.1", set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, 1));
	get_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, "if6");
	result("set.if6.999999", set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, 999999));
	struct ipv6_mreq m6 = mreq6("ff02::1:3", 1);
	result("join6", setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &m6, sizeof m6));
	result("join6.again", setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &m6, sizeof m6));
	result("leave6", setsockopt(fd, IPPROTO_IPV6, IPV6_LEAVE_GROUP, &m6, sizeof m6));
	result("leave6.again", setsockopt(fd, IPPROTO_IPV6, IPV6_LEAVE_GROUP, &m6, sizeof m6));
	m6 = mreq6("::1", 1);
	result("join6.unicast", setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &m6, sizeof m6));
	m6 = mreq6("ff02::1:3", 999999);
	result("join6.noindex", setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &m6, sizeof m6));
	result("join6.null", setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, NULL, sizeof m6));
	close(fd);
}

int main(int argc, char *argv[])
{
	if (argc != 2) {
		fprintf(stderr, "usage: mcastcheck layout|cksum|opts\n");
		return 2;
	}
	if (strcmp(argv[1], "layout") == 0) {
		printf("ip_mreq %zu %zu %zu %zu\n", sizeof(struct ip_mreq), _Alignof(struct ip_mreq),
		       offsetof(struct ip_mreq, imr_multiaddr), offsetof(struct ip_mreq, imr_interface));
#ifdef __linux__
		printf("ip_mreqn %zu %zu %zu %zu %zu\n", sizeof(struct ip_mreqn), _Alignof(struct ip_mreqn),
		       offsetof(struct ip_mreqn, imr_multiaddr), offsetof(struct ip_mreqn, imr_address),
		       offsetof(struct ip_mreqn, imr_ifindex));
#endif
		printf("ipv6_mreq %zu %zu %zu %zu\n", sizeof(struct ipv6_mreq), _Alignof(struct ipv6_mreq),
		       offsetof(struct ipv6_mreq, ipv6mr_multiaddr), offsetof(struct ipv6_mreq, ipv6mr_interface));
	} else if (strcmp(argv[1], "cksum") == 0) {
		cksum();
	} else if (strcmp(argv[1], "opts") == 0) {
		opts();
	} else {
		fprintf(stderr, "mcastcheck: unknown mode %s\n", argv[1]);
		return 2;
	}
	return 0;
}
