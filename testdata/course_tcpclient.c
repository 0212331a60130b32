/*
 * course_tcpclient.c - client for the TCP "upper-case echo" server.
 *
 * The classic flow: socket() -> connect() -> send()/recv() -> close().
 * Each line read from standard input is sent to the server and its reply
 * printed; empty lines are skipped, and "q" (or the end of input) quits.
 *
 * usage: tcpclient [-port N] [host]
 *   -port N  connect to port N (default 8080)
 *   host     the server's IPv4 or IPv6 address (default 127.0.0.1)
 *
 * Go port: examples/tcpclient/main.go
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define PORT 8080
#define BUFFER_SIZE 1024

static void usage(const char *prog)
{
    fprintf(stderr, "usage: %s [-port N] [host]\n", prog);
    exit(2);
}

int main(int argc, char *argv[])
{
    const char *host = "127.0.0.1";
    int port = PORT;
    int sockfd, rc, i;
    ssize_t n;
    struct sockaddr_in addr;
    struct sockaddr_in6 addr6;
    char buffer[BUFFER_SIZE];

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-port") == 0 && i + 1 < argc)
            port = atoi(argv[++i]);
        else
            usage(argv[0]);
    }
    if (i < argc)
        host = argv[i++];
    if (i < argc)
        usage(argv[0]);

    /* Print each line as soon as it is written, even into a pipe. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* A send to a server that has gone fails with EPIPE instead of
     * killing the client. */
    signal(SIGPIPE, SIG_IGN);

    /* The server's address: IPv4 text such as 127.0.0.1, else IPv6 text
     * such as ::1. */
    memset(&addr, 0, sizeof(addr));
    memset(&addr6, 0, sizeof(addr6));
    if (inet_pton(AF_INET, host, &addr.sin_addr) == 1) {
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
    } else if (inet_pton(AF_INET6, host, &addr6.sin6_addr) == 1) {
        addr6.sin6_family = AF_INET6;
        addr6.sin6_port = htons(port);
    } else {
        fprintf(stderr, "Invalid address: %s\n", host);
        exit(EXIT_FAILURE);
    }

    /* 1. socket(): of the address's family. */
    sockfd = socket(addr6.sin6_family == AF_INET6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    if (sockfd < 0) {
        perror("socket");
        exit(EXIT_FAILURE);
    }

    /* 2. connect(): the three-way handshake with the server. */
    if (addr6.sin6_family == AF_INET6)
        rc = connect(sockfd, (struct sockaddr *)&addr6, sizeof(addr6));
    else
        rc = connect(sockfd, (struct sockaddr *)&addr, sizeof(addr));
    if (rc < 0) {
        perror("connect");
        close(sockfd);
        exit(EXIT_FAILURE);
    }
    printf("Connected to %s:%d\n", host, port);

    /* 3. send()/recv(): one line out, one reply back. */
    while (fgets(buffer, sizeof(buffer), stdin) != NULL) {
        buffer[strcspn(buffer, "\n")] = '\0';
        if (strcmp(buffer, "q") == 0)
            break;
        if (buffer[0] == '\0')
            continue;

        if (send(sockfd, buffer, strlen(buffer), 0) < 0) {
            perror("send");
            close(sockfd);
            exit(EXIT_FAILURE);
        }
        n = recv(sockfd, buffer, sizeof(buffer) - 1, 0);
        if (n < 0) {
            perror("recv");
            close(sockfd);
            exit(EXIT_FAILURE);
        }
        if (n == 0) {
            printf("Server closed the connection\n");
            break;
        }
        buffer[n] = '\0';
        printf("Server reply: %s\n", buffer);
    }

    /* 4. close(): the server's recv() returns 0. */
    close(sockfd);
    return 0;
}
