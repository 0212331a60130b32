/*
 * course_fdpass.c - passing open descriptors between processes with
 * SCM_RIGHTS over an AF_UNIX socket.
 *
 * The sender opens a file and a connected TCP socket on loopback, and
 * passes both, in one sendmsg(), to a receiver process over a socketpair.
 * The receiver reads the file and talks to the sender over the passed
 * socket, then passes the file back: its offset, which the two processes
 * share, is at the end.
 *
 * usage: fdpass [-receiver PROG] FILE    the sender
 *        fdpass -r                       the receiver, on descriptor 3
 *
 * The sender forks the receiver; with -receiver PROG the child runs
 * "PROG -r" instead, with its end of the socketpair as descriptor 3 (so a
 * C sender can pass to a Go receiver and back).
 *
 * Go port: examples/fdpass/main.go
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define BUFFER_SIZE 1024

static void usage(const char *prog)
{
    fprintf(stderr, "usage: %s [-receiver PROG] FILE | -r\n", prog);
    exit(2);
}

/* send_fds sends msg with the n descriptors of fds in one SCM_RIGHTS
 * message, as every course's send_fd() does. */
static int send_fds(int sock, const char *msg, int *fds, int n)
{
    union {
        char buf[CMSG_SPACE(2 * sizeof(int))];
        struct cmsghdr align;
    } control;
    struct iovec iov;
    struct msghdr mh;
    struct cmsghdr *cmsg;

    memset(&control, 0, sizeof control);
    memset(&mh, 0, sizeof mh);
    iov.iov_base = (void *)msg;
    iov.iov_len = strlen(msg);
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = control.buf;
    mh.msg_controllen = CMSG_SPACE(n * sizeof(int));
    cmsg = CMSG_FIRSTHDR(&mh);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(n * sizeof(int));
    memcpy(CMSG_DATA(cmsg), fds, n * sizeof(int));
    if (sendmsg(sock, &mh, 0) < 0) {
        perror("sendmsg");
        return -1;
    }
    return 0;
}

/* recv_fds receives a message into buf and up to 2 descriptors into fds,
 * and returns how many descriptors came. */
static int recv_fds(int sock, char *buf, size_t size, int *fds)
{
    union {
        char buf[CMSG_SPACE(2 * sizeof(int))];
        struct cmsghdr align;
    } control;
    struct iovec iov;
    struct msghdr mh;
    struct cmsghdr *cmsg;
    ssize_t n;
    int count = 0;

    memset(&mh, 0, sizeof mh);
    iov.iov_base = buf;
    iov.iov_len = size - 1;
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = control.buf;
    mh.msg_controllen = sizeof control.buf;
    n = recvmsg(sock, &mh, 0);
    if (n < 0) {
        perror("recvmsg");
        return -1;
    }
    buf[n] = '\0';
    for (cmsg = CMSG_FIRSTHDR(&mh); cmsg != NULL; cmsg = CMSG_NXTHDR(&mh, cmsg)) {
        if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS) {
            int k = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            memcpy(fds + count, CMSG_DATA(cmsg), k * sizeof(int));
            count += k;
        }
    }
    if (mh.msg_flags & MSG_CTRUNC)
        printf("receiver: control data truncated\n");
    return count;
}

static int receiver(int sock)
{
    char buf[BUFFER_SIZE];
    int fds[2];
    int n;
    ssize_t r;

    n = recv_fds(sock, buf, sizeof buf, fds);
    if (n < 0)
        return 1;
    printf("receiver: got %d descriptors with \"%s\"\n", n, buf);
    if (n != 2) {
        fprintf(stderr, "receiver: expected 2 descriptors\n");
        return 1;
    }
    int file = fds[0], conn = fds[1];

    printf("receiver: the file says:\n");
    while ((r = read(file, buf, sizeof buf)) > 0)
        fwrite(buf, 1, r, stdout); /* every byte, NULs included */
    if (r < 0) {
        perror("read");
        return 1;
    }

    const char *hello = "hello over the passed socket";
    printf("receiver: sending \"%s\"\n", hello);
    if (send(conn, hello, strlen(hello), 0) < 0) {
        perror("send");
        return 1;
    }
    r = recv(conn, buf, sizeof buf - 1, 0);
    if (r < 0) {
        perror("recv");
        return 1;
    }
    buf[r] = '\0';
    printf("receiver: the sender says \"%s\"\n", buf);
    close(conn);

    printf("receiver: passing the file back\n");
    if (send_fds(sock, "file", &file, 1) < 0)
        return 1;
    close(file);
    close(sock);
    return 0;
}

int main(int argc, char *argv[])
{
    const char *prog = NULL, *path = NULL;
    char buf[BUFFER_SIZE];
    int sv[2], fds[2], i, status;
    pid_t pid;

    /* Print each line as soon as it is written, even into a pipe, and
     * before the fork, which would copy what is buffered. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc == 2 && strcmp(argv[1], "-r") == 0)
        return receiver(3);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-receiver") == 0 && i + 1 < argc)
            prog = argv[++i];
        else if (argv[i][0] != '-' && path == NULL)
            path = argv[i];
        else
            usage(argv[0]);
    }
    if (path == NULL)
        usage(argv[0]);

    /* 1. The file. */
    int file = open(path, O_RDONLY);
    if (file < 0) {
        perror("open");
        return 1;
    }

    /* 2. A connected socket: a TCP connection to ourselves on loopback. */
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(0);
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 ||
        listen(lfd, 1) < 0 || getsockname(lfd, (struct sockaddr *)&addr, &len) < 0) {
        perror("listen");
        return 1;
    }
    int conn = socket(AF_INET, SOCK_STREAM, 0);
    if (conn < 0 || connect(conn, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("connect");
        return 1;
    }
    int peer = accept(lfd, NULL, NULL);
    if (peer < 0) {
        perror("accept");
        return 1;
    }
    close(lfd);

    /* 3. The receiver, on the other end of a socketpair. */
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
        perror("socketpair");
        return 1;
    }
    pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        close(sv[0]);
        close(file);
        close(conn);
        close(peer);
        if (prog == NULL)
            exit(receiver(sv[1]));
        if (dup2(sv[1], 3) < 0) {
            perror("dup2");
            exit(1);
        }
        execl(prog, prog, "-r", (char *)NULL);
        perror("exec");
        exit(127);
    }
    close(sv[1]);

    /* 4. Both descriptors, in one message; our copies are closed. */
    printf("sender: passing %s and a connected socket\n", path);
    fds[0] = file;
    fds[1] = conn;
    if (send_fds(sv[0], "file and socket", fds, 2) < 0)
        return 1;
    close(file);
    close(conn);

    /* 5. The receiver talks over the socket it got. */
    ssize_t n = recv(peer, buf, sizeof buf - 1, 0);
    if (n < 0) {
        perror("recv");
        return 1;
    }
    buf[n] = '\0';
    printf("sender: the receiver says \"%s\"\n", buf);
    const char *reply = "hello back";
    if (send(peer, reply, strlen(reply), 0) < 0) {
        perror("send");
        return 1;
    }

    /* 6. The file comes back, read to its end by the receiver. */
    int k = recv_fds(sv[0], buf, sizeof buf, fds);
    if (k < 0)
        return 1;
    if (k != 1) {
        fprintf(stderr, "sender: expected 1 descriptor\n");
        return 1;
    }
    n = read(fds[0], buf, sizeof buf);
    printf("sender: the file came back; read gives %zd bytes: the offset is shared\n", n);
    close(fds[0]);
    close(peer);
    close(sv[0]);

    if (waitpid(pid, &status, 0) < 0) {
        perror("waitpid");
        return 1;
    }
    printf("sender: the receiver exited with status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
