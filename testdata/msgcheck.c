/* msgcheck prints what C sees of sendmsg/recvmsg and their ancillary data
 * on Linux, for msg_linux_test.go to compare with the Go library:
 *   - the layout (size, alignment, offsets) of struct msghdr, cmsghdr,
 *     iovec, mmsghdr, ucred, in_pktinfo and in6_pktinfo;
 *   - CMSG_LEN and CMSG_SPACE for 0..64 bytes of data;
 *   - how many headers the CMSG_FIRSTHDR/CMSG_NXTHDR loop visits in a
 *     zeroed buffer of every size whose first cmsg_len is every length;
 *   - what readv and writev on a socket do with no bytes or too many
 *     buffers (count and errno);
 *   - what recvmsg returns (count, msg_controllen, msg_flags, descriptors
 *     received) when the datagram or the control buffer is too small. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define LAYOUT(name, T) printf("%s %zu %zu", name, sizeof(T), _Alignof(T))
#define OFF(T, f) printf(" %zu", offsetof(T, f))

static void trunc_case(const char *name, size_t iovlen, size_t controllen, int flags)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0) {
		perror("socketpair");
		exit(1);
	}
	/* send "longer than four" with three descriptors */
	int fds[3] = {0, 1, 2};
	union {
		char buf[CMSG_SPACE(sizeof fds)];
		struct cmsghdr align;
	} out;
	memset(&out, 0, sizeof out);
	char data[] = "longer than four";
	struct iovec siov = {data, strlen(data)};
	struct msghdr smsg = {0};
	smsg.msg_iov = &siov;
	smsg.msg_iovlen = 1;
	smsg.msg_control = out.buf;
	smsg.msg_controllen = sizeof out.buf;
	struct cmsghdr *c = CMSG_FIRSTHDR(&smsg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof fds);
	memcpy(CMSG_DATA(c), fds, sizeof fds);
	if (sendmsg(sv[0], &smsg, 0) < 0) {
		perror("sendmsg");
		exit(1);
	}

	char in[64];
	union {
		char buf[256];
		struct cmsghdr align;
	} control;
	memset(&control, 0, sizeof control);
	struct iovec riov = {in, iovlen};
	struct msghdr rmsg = {0};
	rmsg.msg_iov = &riov;
	rmsg.msg_iovlen = 1;
	rmsg.msg_control = controllen ? control.buf : NULL;
	rmsg.msg_controllen = controllen;
	ssize_t n = recvmsg(sv[1], &rmsg, flags);
	int got = 0;
	for (c = CMSG_FIRSTHDR(&rmsg); c != NULL; c = CMSG_NXTHDR(&rmsg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			int k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			for (int i = 0; i < k; i++) {
				int fd;
				memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
				close(fd);
				got++;
			}
		}
	}
	printf("trunc %s %zd %zu %d %d\n", name, n, (size_t)rmsg.msg_controllen, rmsg.msg_flags, got);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
#if defined(__x86_64__)
	printf("arch amd64\n");
#elif defined(__aarch64__)
	printf("arch arm64\n");
#elif defined(__i386__)
	printf("arch 386\n");
#elif defined(__s390x__)
	printf("arch s390x\n");
#else
	printf("arch other\n");
#endif
	LAYOUT("msghdr", struct msghdr);
	OFF(struct msghdr, msg_name);
	OFF(struct msghdr, msg_namelen);
	OFF(struct msghdr, msg_iov);
	OFF(struct msghdr, msg_iovlen);
	OFF(struct msghdr, msg_control);
	OFF(struct msghdr, msg_controllen);
	OFF(struct msghdr, msg_flags);
	printf("\n");
	LAYOUT("cmsghdr", struct cmsghdr);
	OFF(struct cmsghdr, cmsg_len);
	OFF(struct cmsghdr, cmsg_level);
	OFF(struct cmsghdr, cmsg_type);
	printf("\n");
	LAYOUT("iovec", struct iovec);
	OFF(struct iovec, iov_base);
	OFF(struct iovec, iov_len);
	printf("\n");
	LAYOUT("mmsghdr", struct mmsghdr);
	OFF(struct mmsghdr, msg_hdr);
	OFF(struct mmsghdr, msg_len);
	printf("\n");
	LAYOUT("ucred", struct ucred);
	OFF(struct ucred, pid);
	OFF(struct ucred, uid);
	OFF(struct ucred, gid);
	printf("\n");
	LAYOUT("in_pktinfo", struct in_pktinfo);
	OFF(struct in_pktinfo, ipi_ifindex);
	OFF(struct in_pktinfo, ipi_spec_dst);
	OFF(struct in_pktinfo, ipi_addr);
	printf("\n");
	LAYOUT("in6_pktinfo", struct in6_pktinfo);
	OFF(struct in6_pktinfo, ipi6_addr);
	OFF(struct in6_pktinfo, ipi6_ifindex);
	printf("\n");

	for (int n = 0; n <= 64; n++)
		printf("cmsg %d %zu %zu\n", n, (size_t)CMSG_LEN(n), (size_t)CMSG_SPACE(n));

	size_t h = CMSG_LEN(0);
	static size_t store[64];
	for (size_t size = 0; size <= 3 * h; size++) {
		for (size_t len = 0; len <= 4 * h; len++) {
			memset(store, 0, sizeof store);
			struct msghdr msg = {0};
			msg.msg_control = store;
			msg.msg_controllen = size;
			int steps = 0;
			struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
			if (c != NULL)
				c->cmsg_len = len;
			for (; c != NULL && steps < 100; c = CMSG_NXTHDR(&msg, c))
				steps++;
			printf("walk %zu %zu %d\n", size, len, steps);
		}
	}

	/* readv and writev with no bytes, or too many buffers, on a socket */
	{
		int sv[2];
		char b[8];
		static struct iovec big[1025];
		struct iovec z = {NULL, 0};
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0) {
			perror("socketpair");
			return 1;
		}
		for (int i = 0; i < 1025; i++) {
			big[i].iov_base = b;
			big[i].iov_len = 1;
		}
		ssize_t r;
		errno = 0;
		r = writev(sv[0], NULL, 0);
		printf("rw writev-none %zd %d\n", r, r < 0 ? errno : 0);
		r = writev(sv[0], &z, 1);
		printf("rw writev-empty %zd %d\n", r, r < 0 ? errno : 0);
		r = writev(sv[0], big, 1025);
		printf("rw writev-1025 %zd %d\n", r, r < 0 ? errno : 0);
		r = readv(sv[1], NULL, 0);
		printf("rw readv-none %zd %d\n", r, r < 0 ? errno : 0);
		r = readv(sv[1], &z, 1);
		printf("rw readv-empty %zd %d\n", r, r < 0 ? errno : 0);
		r = readv(sv[1], big, 1025);
		printf("rw readv-1025 %zd %d\n", r, r < 0 ? errno : 0);
		r = recv(sv[1], b, sizeof b, MSG_DONTWAIT);
		printf("rw queued %zd %d\n", r, r < 0 ? errno : 0);
		r = readv(-1, NULL, 0);
		printf("rw readv-badfd %zd %d\n", r, r < 0 ? errno : 0);
		close(sv[0]);
		close(sv[1]);
	}

	trunc_case("fits", 64, CMSG_SPACE(3 * sizeof(int)), 0);
	trunc_case("short-data", 4, CMSG_SPACE(3 * sizeof(int)), 0);
	trunc_case("msg-trunc-flag", 4, CMSG_SPACE(3 * sizeof(int)), MSG_TRUNC);
	trunc_case("one-fd", 64, CMSG_LEN(sizeof(int)), 0);
	trunc_case("two-fds", 64, CMSG_SPACE(sizeof(int)), 0);
	trunc_case("header-only", 64, CMSG_LEN(0), 0);
	trunc_case("under-header", 64, CMSG_LEN(0) - 1, 0);
	trunc_case("no-control", 64, 0, 0);
	trunc_case("cloexec", 4, CMSG_LEN(sizeof(int)), MSG_CMSG_CLOEXEC);
	return 0;
}
