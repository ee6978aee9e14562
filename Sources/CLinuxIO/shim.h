// Linux calls that Swift's Glibc module does not bring in: epoll, eventfd and sendfile, for
// StudioHTTP's event loop; inotify, for `studio serve --watch` (StudioServer's FileWatcher).
// Headers only; they live in the C library.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/sendfile.h>
