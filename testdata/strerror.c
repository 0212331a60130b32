/* Prints errno, strerror(errno) and strerrorname_np(errno) for 0..200, one
 * per line, tab-separated ("-" where glibc has no name), then what
 * perror("bind") writes for EADDRINUSE; the test compares sock's Strerror,
 * ErrnoName and Perror with it. strerrorname_np is glibc 2.32's: an older
 * C library prints "?" for every name and the names go uncompared. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	for (int i = 0; i <= 200; i++) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
		const char *name = strerrorname_np(i);
#else
		const char *name = "?";
#endif
		printf("%d\t%s\t%s\n", i, strerror(i), name ? name : "-");
	}
	fflush(stdout);
	errno = EADDRINUSE;
	perror("bind");
	return 0;
}
