/*
 * course_tcpserver.c - TCP "upper-case echo" server.
 *
 * The classic flow: socket() -> bind() -> listen() -> accept() ->
 * recv()/send() -> close(). Each line a client sends comes back in upper
 * case; when the client closes (recv returns 0) the server serves the next
 * one.
 *
 * usage: tcpserver [-6] [-port N]
 *   -6       listen on IPv6 (::) instead of IPv4 (0.0.0.0)
 *   -port N  listen on port N (default 8080)
 *
 * Go port: examples/tcpserver/main.go
 */
#include <ctype.h>
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
    fprintf(stderr, "usage: %s [-6] [-port N]\n", prog);
    exit(2);
}

int main(int argc, char *argv[])
{
    int port = PORT;
    int ipv6 = 0;
    int server_fd, client_fd;
    int opt = 1;
    int rc, i;
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
    /* A send to a client that has gone fails with EPIPE instead of
     * killing the server. */
    signal(SIGPIPE, SIG_IGN);

    /* 1. socket(): an endpoint for TCP over IPv4 or IPv6. */
    server_fd = socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    if (server_fd < 0) {
        perror("socket");
        exit(EXIT_FAILURE);
    }

    /* Allow a restart while old connections are in TIME_WAIT. */
    if (setsockopt(server_fd, SOL_SOCKET, SO_REUSEADDR, &opt, sizeof(opt)) < 0) {
        perror("setsockopt");
        close(server_fd);
        exit(EXIT_FAILURE);
    }

    /* 2. bind(): the wildcard address and our port. */
    if (ipv6) {
        struct sockaddr_in6 addr6;
        memset(&addr6, 0, sizeof(addr6));
        addr6.sin6_family = AF_INET6;
        addr6.sin6_addr = in6addr_any;
        addr6.sin6_port = htons(port);
        rc = bind(server_fd, (struct sockaddr *)&addr6, sizeof(addr6));
    } else {
        struct sockaddr_in addr;
        memset(&addr, 0, sizeof(addr));
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_ANY);
        addr.sin_port = htons(port);
        rc = bind(server_fd, (struct sockaddr *)&addr, sizeof(addr));
    }
    if (rc < 0) {
        perror("bind");
        close(server_fd);
        exit(EXIT_FAILURE);
    }

    /* 3. listen(): up to 5 connections wait for accept(). */
    if (listen(server_fd, 5) < 0) {
        perror("listen");
        close(server_fd);
        exit(EXIT_FAILURE);
    }
    printf("Server listening on port %d\n", port);

    for (;;) {
        struct sockaddr_storage client_addr;
        socklen_t addrlen = sizeof(client_addr);
        char host[INET6_ADDRSTRLEN];
        int client_port;

        /* 4. accept(): a new socket for the next client. */
        client_fd = accept(server_fd, (struct sockaddr *)&client_addr, &addrlen);
        if (client_fd < 0) {
            perror("accept");
            continue;
        }
        if (client_addr.ss_family == AF_INET6) {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&client_addr;
            inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
            client_port = ntohs(sin6->sin6_port);
        } else {
            struct sockaddr_in *sin = (struct sockaddr_in *)&client_addr;
            inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
            client_port = ntohs(sin->sin_port);
        }
        printf("Connection from %s:%d\n", host, client_port);

        /* 5. recv()/send() until the client closes its side. */
        for (;;) {
            n = recv(client_fd, buffer, BUFFER_SIZE - 1, 0);
            if (n < 0) {
                perror("recv");
                break;
            }
            if (n == 0) {
                printf("Client disconnected\n");
                break;
            }
            buffer[n] = '\0';
            printf("Received: %s\n", buffer);

            for (i = 0; i < n; i++)
                buffer[i] = toupper((unsigned char)buffer[i]);
            if (send(client_fd, buffer, n, 0) < 0) {
                perror("send");
                break;
            }
        }

        /* 6. close(): done with this client. */
        close(client_fd);
    }

    close(server_fd);
    return 0;
}
