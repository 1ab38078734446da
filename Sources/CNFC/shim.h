#ifndef CNFC_SHIM_H
#define CNFC_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <nfc/nfc.h>

/// The size of one `nfc_connstring` (`NFC_BUFSIZE_CONNSTRING`), as a plain constant Swift can read.
static inline size_t CNFC_connstring_size(void) { return NFC_BUFSIZE_CONNSTRING; }

/// Wrapper around `nfc_list_devices`, whose `nfc_connstring[]` parameter imports into Swift as a pointer to a
/// 1024-element tuple. This takes a flat `char` buffer of `capacity * CNFC_connstring_size()` bytes instead.
static inline size_t CNFC_list_devices(nfc_context *context, char *buffer, size_t capacity) {
    return nfc_list_devices(context, (nfc_connstring *)buffer, capacity);
}

/// The pseudo-terminal calls of the virtual PN532 (which libnfc opens as a `pn532_uart` device). glibc declares them
/// only under _XOPEN_SOURCE/_GNU_SOURCE, which the Glibc module is not built with, so they are declared here as POSIX
/// specifies them and wrapped.
extern int posix_openpt(int flags);
extern int grantpt(int fd);
extern int unlockpt(int fd);
extern int ptsname_r(int fd, char *buf, size_t buflen);
static inline int CNFC_posix_openpt(int flags) { return posix_openpt(flags); }
static inline int CNFC_grantpt(int fd) { return grantpt(fd); }
static inline int CNFC_unlockpt(int fd) { return unlockpt(fd); }
static inline int CNFC_ptsname_r(int fd, char *buf, size_t buflen) { return ptsname_r(fd, buf, buflen); }
#endif
