/*
 * inetcheck: the C library's answers for inet_test.go's differential test.
 *
 * The first output line names the C library ("libc glibc 2.36" or
 * "libc other"). Then each input line "OP HEX" (HEX: the argument's bytes
 * in hexadecimal, so that it may hold spaces or anything else) gives one
 * output line:
 *
 *   aton HEX   R RNULL [AAAAAAAA]  inet_aton with an address and with NULL;
 *                                  on success the 4 bytes of s_addr
 *   addr HEX   AAAAAAAA            the 4 bytes of inet_addr's result
 *   pton4 HEX  R [AAAAAAAA]        inet_pton(AF_INET); bytes on success
 *   pton6 HEX  R [32 hex digits]   inet_pton(AF_INET6); bytes on success
 *   ntop4 HEX  TEXT                inet_ntop(AF_INET) of 4 bytes
 *   ntoa HEX   TEXT                inet_ntoa of 4 bytes
 *   ntop6 HEX  TEXT                inet_ntop(AF_INET6) of 16 bytes
 *
 * A line it cannot read gives "ERR".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static int unhex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the hex text h into out (NUL-terminated); returns the byte count
   or -1. */
static long decode(const char *h, unsigned char *out)
{
	long n = 0;
	while (h[0] != '\0') {
		int hi = unhex((unsigned char)h[0]), lo;
		if (hi < 0 || h[1] == '\0' || (lo = unhex((unsigned char)h[1])) < 0)
			return -1;
		out[n++] = (unsigned char)(hi << 4 | lo);
		h += 2;
	}
	out[n] = '\0';
	return n;
}

static void put_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		printf("%02x", b[i]);
}

int main(void)
{
#ifdef __GLIBC__
	printf("libc glibc %d.%d\n", __GLIBC__, __GLIBC_MINOR__);
#else
	printf("libc other\n");
#endif
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		char *sp = strchr(line, ' ');
		unsigned char *arg = malloc((size_t)len / 2 + 2);
		long n = -1;
		if (arg == NULL)
			return 1;
		if (sp != NULL) {
			*sp = '\0';
			n = decode(sp + 1, arg);
		}
		const char *op = line;
		const char *s = (const char *)arg;
		/* Text with a NUL inside cannot be a C string. */
		int text = n >= 0 && strlen(s) == (size_t)n;
		if (n < 0) {
			printf("ERR\n");
		} else if (strcmp(op, "aton") == 0 && text) {
			struct in_addr a;
			memset(&a, 0, sizeof a);
			int r = inet_aton(s, &a);
			int rnull = inet_aton(s, NULL);
			printf("%d %d", r, rnull);
			if (r) {
				printf(" ");
				put_bytes(&a.s_addr, 4);
			}
			printf("\n");
		} else if (strcmp(op, "addr") == 0 && text) {
			in_addr_t v = inet_addr(s);
			put_bytes(&v, 4);
			printf("\n");
		} else if ((strcmp(op, "pton4") == 0 || strcmp(op, "pton6") == 0) && text) {
			int v6 = op[4] == '6';
			unsigned char dst[16];
			int r = inet_pton(v6 ? AF_INET6 : AF_INET, s, dst);
			printf("%d", r);
			if (r == 1) {
				printf(" ");
				put_bytes(dst, v6 ? 16 : 4);
			}
			printf("\n");
		} else if (strcmp(op, "ntop4") == 0 && n == 4) {
			char buf[INET_ADDRSTRLEN];
			const char *t = inet_ntop(AF_INET, arg, buf, sizeof buf);
			printf("%s\n", t ? t : "ERR");
		} else if (strcmp(op, "ntoa") == 0 && n == 4) {
			struct in_addr a;
			memcpy(&a, arg, 4);
			printf("%s\n", inet_ntoa(a));
		} else if (strcmp(op, "ntop6") == 0 && n == 16) {
			char buf[INET6_ADDRSTRLEN];
			const char *t = inet_ntop(AF_INET6, arg, buf, sizeof buf);
			printf("%s\n", t ? t : "ERR");
		} else {
			printf("ERR\n");
		}
		free(arg);
	}
	free(line);
	return 0;
}
