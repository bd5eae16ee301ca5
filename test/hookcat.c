/* hookcat -- the cheapest filter hook: copies stdin to stdout and writes
 * one line to stderr.  One exec per call, so that tests of many calls
 * measure the library, not a shell. */
#include <errno.h>
#include <unistd.h>

int main(void)
{
    char buf[65536];
    ssize_t n, w, off;

    if (write(2, "progress\n", 9) != 9)
        return 1;
    for (;;) {
        n = read(0, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0;
        for (off = 0; off < n; off += w) {
            w = write(1, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                w = 0;
            else if (w < 0)
                return 1;
        }
    }
}
