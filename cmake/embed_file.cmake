# Writes OUT: a C++ file defining trellis::embedded_openapi_json() with the bytes of IN.
file(READ ${IN} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace trellis {\nstatic const unsigned char kData[] = {${bytes} 0x00};\nstd::string_view embedded_openapi_json() { return {reinterpret_cast<const char*>(kData), sizeof(kData) - 1}; }\n}\n")
