// libphonenumber behind a C API (see include/phone_shim.h).
#include "phone_shim.h"

#include <cstring>
#include <string>

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::NullLogger;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

// The singleton, with the library's stderr logging muted. C++11 guarantees that the
// initialisation of a function-local static runs exactly once, even with concurrent callers.
const PhoneNumberUtil &util() {
    static PhoneNumberUtil *const instance = [] {
        PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
        u->SetLogger(new NullLogger());  // takes ownership
        return u;
    }();
    return *instance;
}

bool copy_out(const std::string &value, char *out, size_t size) {
    if (value.size() + 1 > size) return false;
    std::memcpy(out, value.data(), value.size());
    out[value.size()] = '\0';
    return true;
}

// Parses and validates; returns the WINNOW_PHONE_* code.
int parse(const std::string &text, const std::string &region, PhoneNumber *number) {
    const PhoneNumberUtil &u = util();
    if (u.Parse(text, region, number) != PhoneNumberUtil::NO_PARSING_ERROR) return WINNOW_PHONE_UNPARSEABLE;
    return u.IsValidNumber(*number) ? WINNOW_PHONE_VALID : WINNOW_PHONE_INVALID;
}

// "  (00 41) 44 ..." -> "+41) 44 ...": the first two digits are "00" and nothing but blanks or
// opening brackets precede them. Returns false when the text does not start that way.
bool rewrite_double_zero(const std::string &text, std::string *out) {
    size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '(' || text[i] == '[')) ++i;
    if (text.compare(i, 2, "00") != 0) return false;
    if (i + 2 < text.size() && text[i + 2] == '0') return false;  // "000..." is no international prefix
    *out = "+" + text.substr(i + 2);
    return true;
}

}  // namespace

extern "C" int winnow_phone_normalize(const char *text, const char *region,
                                      char *e164, size_t e164_size,
                                      char *extension, size_t extension_size) {
    if (text == nullptr || e164 == nullptr || extension == nullptr || e164_size < 32 || extension_size < 32)
        return WINNOW_PHONE_BAD_ARGUMENT;
    e164[0] = '\0';
    extension[0] = '\0';
    try {
        const std::string input(text);
        const std::string country = (region == nullptr || region[0] == '\0') ? std::string("ZZ") : std::string(region);

        PhoneNumber number;
        int status = parse(input, country, &number);
        if (status != WINNOW_PHONE_VALID) {
            // "0041 44 ..." written for a row whose country dials abroad with another prefix
            // (US 011, ...) or with no country at all: the 00 is the usual international prefix.
            std::string plus;
            PhoneNumber retry;
            if (rewrite_double_zero(input, &plus) && parse(plus, "ZZ", &retry) == WINNOW_PHONE_VALID) {
                number = retry;
                status = WINNOW_PHONE_VALID;
            }
        }
        if (status != WINNOW_PHONE_VALID) return status;

        std::string formatted;
        util().Format(number, PhoneNumberUtil::E164, &formatted);
        if (!copy_out(formatted, e164, e164_size)) return WINNOW_PHONE_BAD_ARGUMENT;
        if (number.has_extension() && !copy_out(number.extension(), extension, extension_size)) {
            e164[0] = '\0';
            return WINNOW_PHONE_BAD_ARGUMENT;
        }
        return WINNOW_PHONE_VALID;
    } catch (...) {  // never let a C++ exception cross into Swift
        e164[0] = '\0';
        extension[0] = '\0';
        return WINNOW_PHONE_UNPARSEABLE;
    }
}
