/* mcastrecv.c: the classic multicast receiver (after the Multicast HOWTO's
 * listener.c), the C counterpart of examples/mcastrecv. IPv4 when the
 * group is an IPv4 address, IPv6 otherwise.
 *
 *   mcastrecv [-i interface] [-n count] group port
 *
 * It binds the wildcard address on port (SO_REUSEADDR, so that several
 * receivers share it), joins group on interface (IPv4: the interface's
 * local address, IP_ADD_MEMBERSHIP; IPv6: its name, IPV6_JOIN_GROUP),
 * prints one line per datagram, and after count datagrams leaves the group
 * and exits. */
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
	int count = 1, c, one = 1;
	const char *iface = NULL;

	while ((c = getopt(argc, argv, "i:n:")) != -1) {
		switch (c) {
		case 'i': iface = optarg; break;
		case 'n': count = atoi(optarg); break;
		default: goto usage;
		}
	}
	if (argc - optind != 2) {
usage:
		fprintf(stderr, "usage: mcastrecv [-i interface] [-n count] group port\n");
		exit(1);
	}
	const char *group = argv[optind];
	int port = atoi(argv[optind + 1]);

	int fd, level, leave;
	struct ip_mreq mreq;
	struct ipv6_mreq mreq6;
	void *req;
	socklen_t reqlen;
	memset(&mreq, 0, sizeof mreq);
	memset(&mreq6, 0, sizeof mreq6);
	if (inet_pton(AF_INET, group, &mreq.imr_multiaddr) == 1) {
		struct sockaddr_in addr;
		if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) { perror("socket"); exit(1); }
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) { perror("setsockopt SO_REUSEADDR"); exit(1); }
		memset(&addr, 0, sizeof addr);
		addr.sin_family = AF_INET;
		addr.sin_addr.s_addr = htonl(INADDR_ANY);
		addr.sin_port = htons(port);
		if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); exit(1); }
		mreq.imr_interface.s_addr = htonl(INADDR_ANY);
		if (iface != NULL && inet_pton(AF_INET, iface, &mreq.imr_interface) != 1) { fprintf(stderr, "mcastrecv: bad interface address %s\n", iface); exit(1); }
		if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq) < 0) { perror("setsockopt IP_ADD_MEMBERSHIP"); exit(1); }
		level = IPPROTO_IP, leave = IP_DROP_MEMBERSHIP, req = &mreq, reqlen = sizeof mreq;
	} else if (inet_pton(AF_INET6, group, &mreq6.ipv6mr_multiaddr) == 1) {
		struct sockaddr_in6 addr;
		if ((fd = socket(AF_INET6, SOCK_DGRAM, 0)) < 0) { perror("socket"); exit(1); }
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) { perror("setsockopt SO_REUSEADDR"); exit(1); }
		memset(&addr, 0, sizeof addr);
		addr.sin6_family = AF_INET6;
		addr.sin6_addr = in6addr_any;
		addr.sin6_port = htons(port);
		if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); exit(1); }
		if (iface != NULL && (mreq6.ipv6mr_interface = if_nametoindex(iface)) == 0) { fprintf(stderr, "mcastrecv: no interface %s\n", iface); exit(1); }
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq6, sizeof mreq6) < 0) { perror("setsockopt IPV6_JOIN_GROUP"); exit(1); }
		level = IPPROTO_IPV6, leave = IPV6_LEAVE_GROUP, req = &mreq6, reqlen = sizeof mreq6;
	} else {
		fprintf(stderr, "mcastrecv: bad group address %s\n", group);
		exit(1);
	}
	printf("mcastrecv: joined %s, waiting on port %d\n", group, port);
	fflush(stdout);

	for (int i = 0; i < count; i++) {
		char buf[1500], from[INET6_ADDRSTRLEN];
		struct sockaddr_storage ss;
		socklen_t sslen = sizeof ss;
		ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&ss, &sslen);
		if (n < 0) { perror("recvfrom"); exit(1); }
		if (ss.ss_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, from, sizeof from);
		else
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, from, sizeof from);
		printf("mcastrecv: got %zd bytes from %s: %.*s\n", n, from, (int)n, buf);
		fflush(stdout);
	}
	if (setsockopt(fd, level, leave, req, reqlen) < 0) { perror("setsockopt (leave)"); exit(1); }
	close(fd);
	return 0;
}
