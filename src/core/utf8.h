// UTF-8 checks shared by validation, imports and text offsets.
#pragma once

#include <cstddef>
#include <string_view>

namespace trellis {

// True when s is valid UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
// When invalid and first_bad is given, it receives the byte offset of the first bad sequence.
bool is_valid_utf8(std::string_view s, std::size_t* first_bad = nullptr);

// Number of Unicode code points in valid UTF-8 text.
std::size_t count_code_points(std::string_view s);

}  // namespace trellis
