# Writes OUT: a C++ file defining trellis::interchange::qda::NAME() with the bytes of IN, so the
# QDA-XML schemas travel inside the binary (the same pattern as cmake/embed_file.cmake).
file(READ ${IN} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace trellis::interchange::qda {\nnamespace {\nconst unsigned char kData[] = {${bytes} 0x00};\n}\nstd::string_view ${NAME}() { return {reinterpret_cast<const char*>(kData), sizeof(kData) - 1}; }\n}\n")
