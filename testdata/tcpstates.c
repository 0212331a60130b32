/* Prints each TCP state of glibc's <netinet/tcp.h> as "number name", the
 * name being the enum constant without its TCP_ prefix, for 0..13: what
 * sock.TCPStateName must give ("-" where the header has no state). */
#include <netinet/tcp.h>
#include <stdio.h>

static const char *names[14] = {
#define N(s) [s] = #s
	N(TCP_ESTABLISHED), N(TCP_SYN_SENT), N(TCP_SYN_RECV), N(TCP_FIN_WAIT1),
	N(TCP_FIN_WAIT2), N(TCP_TIME_WAIT), N(TCP_CLOSE), N(TCP_CLOSE_WAIT),
	N(TCP_LAST_ACK), N(TCP_LISTEN), N(TCP_CLOSING),
#undef N
};

int main(void)
{
	for (int i = 0; i < 14; i++)
		printf("%d %s\n", i, names[i] ? names[i] + 4 : "-");
	return 0;
}
