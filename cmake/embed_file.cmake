# Writes OUT: a C++ file defining NAMESPACE::NAME(), a std::string_view of the bytes of IN.
file(READ ${IN} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace ${NAMESPACE} {\nnamespace {\nconst unsigned char kData[] = {${bytes} 0x00};\n}\nstd::string_view ${NAME}() { return {reinterpret_cast<const char*>(kData), sizeof(kData) - 1}; }\n}\n")
