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
#endif
