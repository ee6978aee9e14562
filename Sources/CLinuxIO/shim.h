// Linux calls that Swift's Glibc module does not bring in: epoll, eventfd and sendfile, for
// StudioHTTP's event loop. Headers only; they live in the C library.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
