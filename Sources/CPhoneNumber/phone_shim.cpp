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

// Parses and validates; returns the WINNOW_PHONE_* code. `keep_source` also records how the country
// code was found (number->country_code_source()), at the cost of a copy of the text.
int parse(const std::string &text, const std::string &region, PhoneNumber *number, bool keep_source = false) {
    const PhoneNumberUtil &u = util();
    const PhoneNumberUtil::ErrorType error = keep_source ? u.ParseAndKeepRawInput(text, region, number)
                                                         : u.Parse(text, region, number);
    if (error != PhoneNumberUtil::NO_PARSING_ERROR) return WINNOW_PHONE_UNPARSEABLE;
    return u.IsValidNumber(*number) ? WINNOW_PHONE_VALID : WINNOW_PHONE_INVALID;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "+49 (0)30 / 123-45.67" -> "+49030123456": the digits, after a "+" when the number starts with one.
// Parse reads both the same way: it keeps the digits of the first run that starts with "+" or a digit, and
// these separators are all in its punctuation class. The short form makes each of its dozen ICU regex
// passes (start, viability, extension, IDD, national prefix) cheaper, about a fifth of a call in all.
// Returns false, leaving the text to Parse as it is, for anything else: letters (extensions, vanity
// numbers, "tel:"), "#", ";", ",", tabs or a "+" after the start, non-ASCII text, fewer than three digits.
bool digits_only(const std::string &text, std::string *out) {
    out->clear();
    size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '(' || text[i] == '[')) ++i;
    if (i < text.size() && text[i] == '+') out->push_back(text[i++]);
    size_t digits = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (is_digit(c)) {
            out->push_back(c);
            ++digits;
        } else if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')' && c != '[' && c != ']') {
            return false;
        }
    }
    return digits >= 3;
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

// True when the "+" form of a "00" number cannot parse differently from the number already parsed, so
// retrying it would only repeat the same verdict. That is so when the region took the "00" as its
// international prefix and the number's E.164 digits are exactly the digits after it: the retry then finds
// the same country code (codes are prefix-free) and the same national number, checked against the same
// metadata. A longer prefix ("0014", a carrier's) or a national prefix stripped afterwards would leave
// fewer digits than the text has, so the comparison fails and the retry runs.
bool same_as_plus_form(const PhoneNumber &number, int status, const std::string &plus) {
    if (status == WINNOW_PHONE_UNPARSEABLE) return false;
    if (number.country_code_source() != PhoneNumber::FROM_NUMBER_WITH_IDD) return false;
    std::string formatted;
    util().Format(number, PhoneNumberUtil::E164, &formatted);
    std::string plus_digits;
    for (char c : plus) if (c == '+' || is_digit(c)) plus_digits.push_back(c);
    return formatted == plus_digits;
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
        const std::string given(text);
        const std::string country = (region == nullptr || region[0] == '\0') ? std::string("ZZ") : std::string(region);
        std::string plus;
        const bool double_zero = rewrite_double_zero(given, &plus);

        std::string digits;
        PhoneNumber number;
        int status = parse(digits_only(given, &digits) ? digits : given, country, &number, double_zero);
        if (status != WINNOW_PHONE_VALID && double_zero && !same_as_plus_form(number, status, plus)) {
            // "0041 44 ..." written for a row whose country dials abroad with another prefix
            // (US 011, ...) or with no country at all: the 00 is the usual international prefix.
            PhoneNumber retry;
            if (parse(digits_only(plus, &digits) ? digits : plus, "ZZ", &retry) == WINNOW_PHONE_VALID) {
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
