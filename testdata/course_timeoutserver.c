/*
 * course_timeoutserver.c - TCP "upper-case echo" server that drops idle
 * clients.
 *
 * The flow of course_tcpserver.c, plus setsockopt(SO_RCVTIMEO) on each
 * accepted connection: a recv() that waits longer than the timeout fails
 * with EAGAIN (EWOULDBLOCK), and the server closes that connection and
 * serves the next client.
 *
 * usage: timeoutserver [-6] [-port N] [-timeout T]
 *   -6          listen on IPv6 (::) instead of IPv4 (0.0.0.0)
 *   -port N     listen on port N (default 8080)
 *   -timeout T  receive timeout, such as 5s, 0.5s or 300ms (default 5s)
 *
 * Go port: examples/timeoutserver/main.go
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define PORT 8080
#define BUFFER_SIZE 1024
#define TIMEOUT_MS 5000

static void usage(const char *prog)
{
    fprintf(stderr, "usage: %s [-6] [-port N] [-timeout T]\n", prog);
    exit(2);
}

/* parse_timeout reads "5s", "0.5s" or "300ms" as milliseconds; -1 if
 * invalid. */
static long parse_timeout(const char *s)
{
    char *end;
    double v = strtod(s, &end);

    if (end == s || v < 0)
        return -1;
    if (strcmp(end, "ms") == 0)
        return (long)(v + 0.5);
    if (strcmp(end, "s") == 0)
        return (long)(v * 1000 + 0.5);
    return -1;
}

int main(int argc, char *argv[])
{
    int port = PORT;
    int ipv6 = 0;
    long timeout_ms = TIMEOUT_MS;
    int server_fd, client_fd;
    int opt = 1;
    int rc, i;
    ssize_t n;
    struct timeval tv;
    char buffer[BUFFER_SIZE];

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-6") == 0)
            ipv6 = 1;
        else if (strcmp(argv[i], "-port") == 0 && i + 1 < argc)
            port = atoi(argv[++i]);
        else if (strcmp(argv[i], "-timeout") == 0 && i + 1 < argc) {
            timeout_ms = parse_timeout(argv[++i]);
            if (timeout_ms < 0)
                usage(argv[0]);
        } else
            usage(argv[0]);
    }
    tv.tv_sec = timeout_ms / 1000;
    tv.tv_usec = (timeout_ms % 1000) * 1000;

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
    printf("Server listening on port %d (receive timeout %ld.%03ld seconds)\n",
           port, (long)tv.tv_sec, (long)tv.tv_usec / 1000);

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

        /* The timeout goes on the connection, not on the listening
         * socket, where it would make accept() time out instead. */
        if (setsockopt(client_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
            perror("setsockopt");
            close(client_fd);
            continue;
        }

        /* 5. recv()/send() until the client closes or stays idle. */
        for (;;) {
            n = recv(client_fd, buffer, BUFFER_SIZE - 1, 0);
            if (n < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    printf("Timeout: client idle for more than %ld.%03ld seconds, closing connection\n",
                           (long)tv.tv_sec, (long)tv.tv_usec / 1000);
                else
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
