/* gaicheck: print what the C library's getaddrinfo(3) returns, one result a
 * line, for netdb_test.go to compare with sock.Getaddrinfo.
 *
 *   gaicheck NODE SERVICE FLAGS FAMILY SOCKTYPE [PROTOCOL]
 *
 * NODE or SERVICE "-" is NULL. FLAGS, FAMILY, SOCKTYPE and PROTOCOL are
 * numbers (strtol base 0). Each result prints as
 *
 *   FAMILY SOCKTYPE PROTOCOL ADDRLEN ADDRESS PORT SCOPE CANON
 *
 * with CANON "-" for NULL; a failure prints "error CODE MESSAGE".
 *
 *   gaicheck -n ADDRESS PORT FLAGS [SCOPE]
 *
 * runs getnameinfo(3) on the IPv4 or IPv6 ADDRESS (inet_pton text) and
 * PORT, printing "HOST SERV" or "error CODE MESSAGE".
 *
 *   gaicheck -h NAME [FAMILY]
 *   gaicheck -a ADDRESS
 *
 * run gethostbyname(3) (gethostbyname2(3) with FAMILY) or gethostbyaddr(3)
 * on the inet_pton ADDRESS, printing "NAME ALIASES FAMILY LENGTH ADDRESSES"
 * (lists comma-separated, "-" when empty) or "herror CODE MESSAGE".
 *
 *   gaicheck -s NAME PROTO     getservbyname(3)
 *   gaicheck -p PORT PROTO     getservbyport(3), PORT in host order
 *   gaicheck -P NAME           getprotobyname(3)
 *   gaicheck -N NUMBER         getprotobynumber(3)
 *
 * print "NAME ALIASES PORT PROTO" or "NAME ALIASES NUMBER" (PROTO "-" is
 * NULL), or "NULL".
 *
 *   gaicheck -e CODE...
 *
 * prints gai_strerror(CODE), one a line.
 *
 *   gaicheck -H CODE...
 *
 * prints hstrerror(CODE), one a line, then calls herror("herror") and
 * herror("") with h_errno set to each CODE (they print on stderr).
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static int nameinfo(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, argv[2], &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((unsigned short)strtol(argv[3], NULL, 0));
		len = sizeof *sin;
	} else if (inet_pton(AF_INET6, argv[2], &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((unsigned short)strtol(argv[3], NULL, 0));
		if (argc > 5)
			sin6->sin6_scope_id = (unsigned)strtoul(argv[5], NULL, 0);
		len = sizeof *sin6;
	} else {
		fprintf(stderr, "gaicheck: bad address %s\n", argv[2]);
		return 2;
	}
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	int rv = getnameinfo((struct sockaddr *)&ss, len, host, sizeof host,
			     serv, sizeof serv, (int)strtol(argv[4], NULL, 0));
	if (rv != 0)
		printf("error %d %s\n", rv, gai_strerror(rv));
	else
		printf("%s %s\n", host, serv);
	return 0;
}

static void print_list(char **l, int af)
{
	if (l == NULL || l[0] == NULL) {
		printf("-");
		return;
	}
	for (int i = 0; l[i] != NULL; i++) {
		char buf[INET6_ADDRSTRLEN];
		if (i > 0)
			printf(",");
		if (af == 0)
			printf("%s", l[i]);
		else
			printf("%s", inet_ntop(af, l[i], buf, sizeof buf));
	}
}

static int hostent(int argc, char **argv)
{
	struct hostent *h;
	if (strcmp(argv[1], "-a") == 0) {
		unsigned char a[16];
		if (inet_pton(AF_INET, argv[2], a) == 1)
			h = gethostbyaddr(a, 4, AF_INET);
		else if (inet_pton(AF_INET6, argv[2], a) == 1)
			h = gethostbyaddr(a, 16, AF_INET6);
		else
			return 2;
	} else if (argc > 3) {
		h = gethostbyname2(argv[2], (int)strtol(argv[3], NULL, 0));
	} else {
		h = gethostbyname(argv[2]);
	}
	if (h == NULL) {
		printf("herror %d %s\n", h_errno, hstrerror(h_errno));
		return 0;
	}
	printf("%s ", h->h_name);
	print_list(h->h_aliases, 0);
	printf(" %d %d ", h->h_addrtype, h->h_length);
	print_list(h->h_addr_list, h->h_addrtype);
	printf("\n");
	return 0;
}

static int servproto(char **argv)
{
	if (argv[1][1] == 's' || argv[1][1] == 'p') {
		const char *proto = strcmp(argv[3], "-") == 0 ? NULL : argv[3];
		struct servent *s = argv[1][1] == 's'
			? getservbyname(argv[2], proto)
			: getservbyport(htons((unsigned short)strtol(argv[2], NULL, 0)), proto);
		if (s == NULL) {
			printf("NULL\n");
			return 0;
		}
		printf("%s ", s->s_name);
		print_list(s->s_aliases, 0);
		printf(" %d %s\n", ntohs((unsigned short)s->s_port), s->s_proto);
		return 0;
	}
	struct protoent *p = argv[1][1] == 'P'
		? getprotobyname(argv[2])
		: getprotobynumber((int)strtol(argv[2], NULL, 0));
	if (p == NULL) {
		printf("NULL\n");
		return 0;
	}
	printf("%s ", p->p_name);
	print_list(p->p_aliases, 0);
	printf(" %d\n", p->p_proto);
	return 0;
}

int main(int argc, char **argv)
{
	if ((argc == 4 && (strcmp(argv[1], "-s") == 0 || strcmp(argv[1], "-p") == 0)) ||
	    (argc == 3 && (strcmp(argv[1], "-P") == 0 || strcmp(argv[1], "-N") == 0)))
		return servproto(argv);
	if (argc >= 3 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "-a") == 0))
		return hostent(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "-H") == 0) {
		for (int i = 2; i < argc; i++)
			printf("%s\n", hstrerror((int)strtol(argv[i], NULL, 0)));
		for (int i = 2; i < argc; i++) {
			h_errno = (int)strtol(argv[i], NULL, 0);
			herror("herror");
			herror("");
		}
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "-e") == 0) {
		for (int i = 2; i < argc; i++)
			printf("%s\n", gai_strerror((int)strtol(argv[i], NULL, 0)));
		return 0;
	}
	if (argc >= 5 && argc <= 6 && strcmp(argv[1], "-n") == 0)
		return nameinfo(argc, argv);
	if (argc < 6 || argc > 7) {
		fprintf(stderr, "usage: gaicheck NODE SERVICE FLAGS FAMILY SOCKTYPE [PROTOCOL]\n");
		return 2;
	}
	const char *node = strcmp(argv[1], "-") == 0 ? NULL : argv[1];
	const char *service = strcmp(argv[2], "-") == 0 ? NULL : argv[2];
	struct addrinfo hints, *res, *p;
	memset(&hints, 0, sizeof hints);
	hints.ai_flags = (int)strtol(argv[3], NULL, 0);
	hints.ai_family = (int)strtol(argv[4], NULL, 0);
	hints.ai_socktype = (int)strtol(argv[5], NULL, 0);
	if (argc == 7)
		hints.ai_protocol = (int)strtol(argv[6], NULL, 0);

	int rv = getaddrinfo(node, service, &hints, &res);
	if (rv != 0) {
		printf("error %d %s\n", rv, gai_strerror(rv));
		return 0;
	}
	for (p = res; p != NULL; p = p->ai_next) {
		char buf[INET6_ADDRSTRLEN] = "?";
		unsigned port = 0, scope = 0;
		if (p->ai_family == AF_INET) {
			struct sockaddr_in *sin = (struct sockaddr_in *)p->ai_addr;
			inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf);
			port = ntohs(sin->sin_port);
		} else if (p->ai_family == AF_INET6) {
			struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)p->ai_addr;
			inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof buf);
			port = ntohs(sin6->sin6_port);
			scope = sin6->sin6_scope_id;
		}
		printf("%d %d %d %u %s %u %u %s\n", p->ai_family, p->ai_socktype,
		       p->ai_protocol, (unsigned)p->ai_addrlen, buf, port, scope,
		       p->ai_canonname ? p->ai_canonname : "-");
	}
	freeaddrinfo(res);
	return 0;
}
