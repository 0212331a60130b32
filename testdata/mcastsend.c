/* mcastsend.c: the classic multicast sender (after the Multicast HOWTO's
 * sender.c and UNP's mcast_set_ttl/mcast_set_loop), the C counterpart of
 * examples/mcastsend. IPv4 when the group is an IPv4 address, IPv6
 * otherwise.
 *
 *   mcastsend [-t ttl] [-l loop] [-i interface] [-n count] group port message
 *
 * interface: the local address of the interface for IPv4 (IP_MULTICAST_IF),
 * its name for IPv6 (IPV6_MULTICAST_IF, by if_nametoindex). */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int ttl = 1, loop = 1, count = 1, c;
	const char *iface = NULL;

	while ((c = getopt(argc, argv, "t:l:i:n:")) != -1) {
		switch (c) {
		case 't': ttl = atoi(optarg); break;
		case 'l': loop = atoi(optarg); break;
		case 'i': iface = optarg; break;
		case 'n': count = atoi(optarg); break;
		default: goto usage;
		}
	}
	if (argc - optind != 3) {
usage:
		fprintf(stderr, "usage: mcastsend [-t ttl] [-l loop] [-i interface] [-n count] group port message\n");
		exit(1);
	}
	const char *group = argv[optind], *msg = argv[optind + 2];
	int port = atoi(argv[optind + 1]);

	struct sockaddr_storage to;
	socklen_t tolen;
	int fd;
	memset(&to, 0, sizeof to);
	struct sockaddr_in *sin = (struct sockaddr_in *)&to;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&to;
	if (inet_pton(AF_INET, group, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		tolen = sizeof *sin;
		if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) { perror("socket"); exit(1); }
		if (iface != NULL) {
			struct in_addr ifaddr;
			if (inet_pton(AF_INET, iface, &ifaddr) != 1) { fprintf(stderr, "mcastsend: bad interface address %s\n", iface); exit(1); }
			if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &ifaddr, sizeof ifaddr) < 0) { perror("setsockopt IP_MULTICAST_IF"); exit(1); }
		}
		unsigned char t = ttl, l = loop;
		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &t, sizeof t) < 0) { perror("setsockopt IP_MULTICAST_TTL"); exit(1); }
		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &l, sizeof l) < 0) { perror("setsockopt IP_MULTICAST_LOOP"); exit(1); }
		socklen_t len = sizeof t;
		if (getsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &t, &len) < 0) { perror("getsockopt IP_MULTICAST_TTL"); exit(1); }
		len = sizeof l;
		if (getsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &l, &len) < 0) { perror("getsockopt IP_MULTICAST_LOOP"); exit(1); }
		printf("mcastsend: ttl %d, loop %d\n", t, l);
	} else if (inet_pton(AF_INET6, group, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		tolen = sizeof *sin6;
		if ((fd = socket(AF_INET6, SOCK_DGRAM, 0)) < 0) { perror("socket"); exit(1); }
		if (iface != NULL) {
			unsigned int index = if_nametoindex(iface);
			if (index == 0) { fprintf(stderr, "mcastsend: no interface %s\n", iface); exit(1); }
			if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &index, sizeof index) < 0) { perror("setsockopt IPV6_MULTICAST_IF"); exit(1); }
			sin6->sin6_scope_id = index;
		}
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl, sizeof ttl) < 0) { perror("setsockopt IPV6_MULTICAST_HOPS"); exit(1); }
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, sizeof loop) < 0) { perror("setsockopt IPV6_MULTICAST_LOOP"); exit(1); }
		socklen_t len = sizeof ttl;
		if (getsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl, &len) < 0) { perror("getsockopt IPV6_MULTICAST_HOPS"); exit(1); }
		len = sizeof loop;
		if (getsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, &len) < 0) { perror("getsockopt IPV6_MULTICAST_LOOP"); exit(1); }
		printf("mcastsend: hops %d, loop %d\n", ttl, loop);
	} else {
		fprintf(stderr, "mcastsend: bad group address %s\n", group);
		exit(1);
	}

	for (int i = 0; i < count; i++) {
		ssize_t n = sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&to, tolen);
		if (n < 0) { perror("sendto"); exit(1); }
		printf("mcastsend: sent %zd bytes to %s port %d\n", n, group, port);
	}
	close(fd);
	return 0;
}
