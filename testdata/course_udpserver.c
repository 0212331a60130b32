/*
 * course_udpserver.c - UDP "upper-case echo" server.
 *
 * The classic flow: socket() -> bind() -> recvfrom()/sendto() -> close().
 * No listen() and no accept(): every datagram comes with its sender's
 * address, and the reply, the datagram in upper case, goes back to it. An
 * empty datagram is legal and is answered with an empty one.
 *
 * usage: udpserver [-6] [-port N]
 *   -6       listen on IPv6 (::) instead of IPv4 (0.0.0.0)
 *   -port N  listen on port N (default 8080)
 *
 * Go port: examples/udpserver/main.go
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define PORT 8080
#define BUFFER_SIZE 1024

static void usage(const char *prog)
{
    fprintf(stderr, "usage: %s [-6] [-port N]\n", prog);
    exit(2);
}

int main(int argc, char *argv[])
{
    int port = PORT;
    int ipv6 = 0;
    int fd, rc, i;
    ssize_t n;
    char buffer[BUFFER_SIZE];

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-6") == 0)
            ipv6 = 1;
        else if (strcmp(argv[i], "-port") == 0 && i + 1 < argc)
            port = atoi(argv[++i]);
        else
            usage(argv[0]);
    }

    /* Print each line as soon as it is written, even into a pipe. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* 1. socket(): an endpoint for UDP over IPv4 or IPv6. */
    fd = socket(ipv6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("socket");
        exit(EXIT_FAILURE);
    }

    /* 2. bind(): the wildcard address and our port. */
    if (ipv6) {
        struct sockaddr_in6 addr6;
        memset(&addr6, 0, sizeof(addr6));
        addr6.sin6_family = AF_INET6;
        addr6.sin6_addr = in6addr_any;
        addr6.sin6_port = htons(port);
        rc = bind(fd, (struct sockaddr *)&addr6, sizeof(addr6));
    } else {
        struct sockaddr_in addr;
        memset(&addr, 0, sizeof(addr));
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_ANY);
        addr.sin_port = htons(port);
        rc = bind(fd, (struct sockaddr *)&addr, sizeof(addr));
    }
    if (rc < 0) {
        perror("bind");
        close(fd);
        exit(EXIT_FAILURE);
    }
    printf("UDP server listening on port %d\n", port);

    for (;;) {
        struct sockaddr_storage client_addr;
        socklen_t addrlen = sizeof(client_addr);
        char host[INET6_ADDRSTRLEN];
        int client_port;

        /* 3. recvfrom(): one datagram and who sent it. */
        n = recvfrom(fd, buffer, BUFFER_SIZE - 1, 0,
                     (struct sockaddr *)&client_addr, &addrlen);
        if (n < 0) {
            perror("recvfrom");
            continue;
        }
        buffer[n] = '\0';
        if (client_addr.ss_family == AF_INET6) {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&client_addr;
            inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
            client_port = ntohs(sin6->sin6_port);
        } else {
            struct sockaddr_in *sin = (struct sockaddr_in *)&client_addr;
            inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
            client_port = ntohs(sin->sin_port);
        }
        printf("Received %d bytes from %s:%d: %s\n", (int)n, host, client_port, buffer);

        /* 4. sendto(): the reply goes back to the sender's address. */
        for (i = 0; i < n; i++)
            buffer[i] = toupper((unsigned char)buffer[i]);
        if (sendto(fd, buffer, n, 0, (struct sockaddr *)&client_addr, addrlen) < 0)
            perror("sendto");
    }

    close(fd);
    return 0;
}
