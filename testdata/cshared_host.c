/* The C side of TestNoSIGPIPEInCShared: a C program, SIGPIPE left at its
 * default action (terminate), that calls sock through a Go c-shared
 * library. "control" writes to a closed socket itself first, to show that
 * SIGPIPE does kill this process. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

extern int sendAfterClose(void);

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_DFL);
	if (argc > 1 && strcmp(argv[1], "control") == 0) {
		int sv[2];
		socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
		close(sv[1]);
		write(sv[0], "x", 1); /* raises SIGPIPE: the process dies here */
		printf("survived\n");
		return 0;
	}
	int r = sendAfterClose();
	printf("send errno=%d write errno=%d\n", r / 1000, r % 1000);
	return 0;
}
