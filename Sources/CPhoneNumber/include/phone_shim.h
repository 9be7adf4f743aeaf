/*
 * C face of libphonenumber for Winnow. Plain C types only: the Swift side never sees C++.
 * All functions are thread-safe (they only use the PhoneNumberUtil singleton's const API).
 */
#ifndef WINNOW_PHONE_SHIM_H
#define WINNOW_PHONE_SHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Results of winnow_phone_normalize. */
enum {
    WINNOW_PHONE_VALID = 0,          /* valid number: e164 (and maybe extension) filled */
    WINNOW_PHONE_INVALID = 1,        /* parsed, but not a valid number for its country */
    WINNOW_PHONE_UNPARSEABLE = 2,    /* not a phone number at all */
    WINNOW_PHONE_BAD_ARGUMENT = 3    /* NULL text or output buffers too small (use >= 32 bytes each) */
};

/*
 * Parses `text` (UTF-8) as a phone number dialled from `region` (ISO 3166-1 alpha-2 such as "DE";
 * NULL, "" or "ZZ" when unknown: then only numbers written with + (or 00) can be parsed).
 * Numbers written with a leading 00 that do not parse as valid for `region` are retried as "+".
 * On WINNOW_PHONE_VALID writes the E.164 form ("+49301234567") into `e164` and the extension
 * digits ("" when none) into `extension`, both NUL-terminated; otherwise both are set to "".
 */
int winnow_phone_normalize(const char *text, const char *region,
                           char *e164, size_t e164_size,
                           char *extension, size_t extension_size);

#ifdef __cplusplus
}
#endif

#endif /* WINNOW_PHONE_SHIM_H */
