/* Prints "name value" lines: the size, alignment and field offsets of the
 * address structs as this machine's C compiler lays them out, and the
 * offsets of in6_addr and sockaddr_in6 inside structs a program declares
 * around them. The test prints the same lines from unsafe.Sizeof, Alignof
 * and Offsetof and compares. */
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>

#define SIZE(T) printf("sizeof %s %zu\n", #T, sizeof(T))
#define ALIGN(T) printf("alignof %s %zu\n", #T, _Alignof(T))
#define OFF(T, f) printf("offsetof %s.%s %zu\n", #T, #f, offsetof(T, f))

/* What a caller might declare around the library's structs. */
struct after_byte6 { char c; struct in6_addr a; };
struct after_short6 { uint16_t s; struct in6_addr a; uint16_t t; };
struct pair6 { struct in6_addr a, b; uint32_t ifindex; };
struct after_byte_sin6 { char c; struct sockaddr_in6 sin6; char d; };
struct after_byte_sin { char c; struct sockaddr_in sin; };

int main(void)
{
	SIZE(struct in_addr);
	ALIGN(struct in_addr);
	SIZE(struct in6_addr);
	ALIGN(struct in6_addr);

	SIZE(struct sockaddr_in);
	ALIGN(struct sockaddr_in);
	OFF(struct sockaddr_in, sin_family);
	OFF(struct sockaddr_in, sin_port);
	OFF(struct sockaddr_in, sin_addr);
	OFF(struct sockaddr_in, sin_zero);

	SIZE(struct sockaddr_in6);
	ALIGN(struct sockaddr_in6);
	OFF(struct sockaddr_in6, sin6_family);
	OFF(struct sockaddr_in6, sin6_port);
	OFF(struct sockaddr_in6, sin6_flowinfo);
	OFF(struct sockaddr_in6, sin6_addr);
	OFF(struct sockaddr_in6, sin6_scope_id);

	SIZE(struct sockaddr_un);
	ALIGN(struct sockaddr_un);
	OFF(struct sockaddr_un, sun_path);

	SIZE(struct sockaddr_storage);
	ALIGN(struct sockaddr_storage);
	OFF(struct sockaddr_storage, ss_family);

	SIZE(struct after_byte6);
	OFF(struct after_byte6, a);
	SIZE(struct after_short6);
	OFF(struct after_short6, a);
	OFF(struct after_short6, t);
	SIZE(struct pair6);
	OFF(struct pair6, b);
	OFF(struct pair6, ifindex);
	SIZE(struct after_byte_sin6);
	OFF(struct after_byte_sin6, sin6);
	OFF(struct after_byte_sin6, d);
	SIZE(struct after_byte_sin);
	OFF(struct after_byte_sin, sin);
	return 0;
}
