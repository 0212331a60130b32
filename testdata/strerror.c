/* Prints errno, strerror(errno) for 0..199, one per line, and what
 * perror("bind") writes for EADDRINUSE; the test compares sock's
 * Strerror and Perror with it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	for (int i = 0; i < 200; i++)
		printf("%d\t%s\n", i, strerror(i));
	fflush(stdout);
	errno = EADDRINUSE;
	perror("bind");
	return 0;
}
