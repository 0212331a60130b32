/* The C side of the TCP_INFO comparison. It prints:
 *   - the layout of struct tcp_info in this machine's <linux/tcp.h>: its
 *     size and each field's offset and size, and the bytes its bit-fields
 *     make for known values;
 *   - the length the running kernel fills;
 *   - the errno getsockopt(TCP_INFO) gives for sockets that are not TCP;
 *   - the state and the machine-independent values tcp_info shows for
 *     sockets on 127.0.0.1 at points where the state is certain: a new
 *     socket, a listener, both ends of a connection, a connection whose SYN
 *     a full listener dropped, the ends after each side's shutdown.
 * The Go test makes the same sockets with the library and prints the same
 * lines. testdata/tcpstates.c prints the states' names. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define FIELD(f) printf("field tcpi_%s %zu %zu\n", #f, offsetof(struct tcp_info, tcpi_##f), \
	sizeof(((struct tcp_info *)0)->tcpi_##f))

static void die(const char *s)
{
	perror(s);
	exit(1);
}

static void layout(void)
{
	printf("sizeof %zu\n", sizeof(struct tcp_info));
	FIELD(state); FIELD(ca_state); FIELD(retransmits); FIELD(probes);
	FIELD(backoff); FIELD(options);
	FIELD(rto); FIELD(ato); FIELD(snd_mss); FIELD(rcv_mss);
	FIELD(unacked); FIELD(sacked); FIELD(lost); FIELD(retrans); FIELD(fackets);
	FIELD(last_data_sent); FIELD(last_ack_sent); FIELD(last_data_recv);
	FIELD(last_ack_recv);
	FIELD(pmtu); FIELD(rcv_ssthresh); FIELD(rtt); FIELD(rttvar);
	FIELD(snd_ssthresh); FIELD(snd_cwnd); FIELD(advmss); FIELD(reordering);
	FIELD(rcv_rtt); FIELD(rcv_space); FIELD(total_retrans);
	FIELD(pacing_rate); FIELD(max_pacing_rate); FIELD(bytes_acked);
	FIELD(bytes_received); FIELD(segs_out); FIELD(segs_in);
	FIELD(notsent_bytes); FIELD(min_rtt); FIELD(data_segs_in);
	FIELD(data_segs_out); FIELD(delivery_rate);
	FIELD(busy_time); FIELD(rwnd_limited); FIELD(sndbuf_limited);
	FIELD(delivered); FIELD(delivered_ce);
	FIELD(bytes_sent); FIELD(bytes_retrans); FIELD(dsack_dups);
	FIELD(reord_seen); FIELD(rcv_ooopack); FIELD(snd_wnd);

	struct tcp_info ti;
	memset(&ti, 0, sizeof ti);
	ti.tcpi_snd_wscale = 3;
	ti.tcpi_rcv_wscale = 12;
	ti.tcpi_delivery_rate_app_limited = 1;
	ti.tcpi_fastopen_client_fail = 2;
	const unsigned char *b = (const unsigned char *)&ti;
	printf("bitfields %02x %02x\n", b[6], b[7]);
}

static void show(const char *label, int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof ti;
	memset(&ti, 0, sizeof ti);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		die("getsockopt");
	printf("%s state=%d ca_state=%d options=%d wscale=%d/%d snd_mss=%u advmss=%u pmtu=%u"
	       " snd_cwnd=%u reordering=%u rtt>0=%d\n",
	       label, ti.tcpi_state, ti.tcpi_ca_state, ti.tcpi_options,
	       ti.tcpi_snd_wscale, ti.tcpi_rcv_wscale, ti.tcpi_snd_mss, ti.tcpi_advmss,
	       ti.tcpi_pmtu, ti.tcpi_snd_cwnd, ti.tcpi_reordering, ti.tcpi_rtt > 0);
}

static void error_of(const char *label, int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof ti;
	int r = getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len);
	printf("%s %d %s\n", label, r, r < 0 ? strerrorname_np(errno) : "-");
}

static int tcp_socket(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	return fd;
}

static int listener(int backlog, struct sockaddr_in *sin)
{
	int fd = tcp_socket();
	socklen_t len = sizeof *sin;
	memset(sin, 0, sizeof *sin);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)sin, sizeof *sin) < 0)
		die("bind");
	if (listen(fd, backlog) < 0)
		die("listen");
	if (getsockname(fd, (struct sockaddr *)sin, &len) < 0)
		die("getsockname");
	return fd;
}

int main(void)
{
	layout();

	/* The length the kernel fills, given more room than any header has. */
	int s = tcp_socket();
	unsigned char big[1024];
	socklen_t len = sizeof big;
	if (getsockopt(s, IPPROTO_TCP, TCP_INFO, big, &len) < 0)
		die("getsockopt");
	printf("optlen %u\n", len);
	show("new", s);
	close(s);

	int u = socket(AF_INET, SOCK_DGRAM, 0);
	error_of("udp", u);
	close(u);
	int un = socket(AF_UNIX, SOCK_STREAM, 0);
	error_of("unix", un);
	close(un);
	int dn = open("/dev/null", O_RDONLY);
	error_of("file", dn);
	close(dn);
	error_of("badfd", -1);

	struct sockaddr_in sin;
	int l = listener(1, &sin);
	show("listen", l);
	int c = tcp_socket();
	if (connect(c, (struct sockaddr *)&sin, sizeof sin) < 0)
		die("connect");
	show("client", c);
	int a = accept(l, NULL, NULL);
	if (a < 0)
		die("accept");
	show("accepted", a);

	char buf[16];
	if (shutdown(c, SHUT_WR) < 0)
		die("shutdown");
	if (recv(a, buf, sizeof buf, 0) != 0)
		die("recv");
	show("accepted-after-eof", a);
	if (shutdown(a, SHUT_WR) < 0)
		die("shutdown");
	if (recv(c, buf, sizeof buf, 0) != 0)
		die("recv");
	show("client-after-eof", c);
	close(a);
	close(c);
	close(l);

	/* A listener whose queue holds one connection drops the next SYN:
	 * that connect stays in SYN_SENT. */
	l = listener(0, &sin);
	int c1 = tcp_socket();
	if (connect(c1, (struct sockaddr *)&sin, sizeof sin) < 0)
		die("connect");
	int c2 = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (c2 < 0)
		die("socket");
	int r = connect(c2, (struct sockaddr *)&sin, sizeof sin);
	printf("connect-full %d %s\n", r, r < 0 ? strerrorname_np(errno) : "-");
	show("syn-sent", c2);
	close(c2);
	close(c1);
	close(l);
	return 0;
}
