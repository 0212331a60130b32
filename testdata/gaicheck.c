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
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
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
