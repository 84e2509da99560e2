# Writes OUT: a C++ file defining trellis::embedded_migrations(), the SQL files of DIR in name
# order. File names are NNNN_title.sql (both backends), NNNN_title.sqlite.sql or
# NNNN_title.postgres.sql (one backend).
file(GLOB files ${DIR}/*.sql)
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(name ${f} NAME)
  file(READ ${f} content HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
  string(MAKE_C_IDENTIFIER ${name} ident)
  string(APPEND decls "static const unsigned char k_${ident}[] = {${bytes} 0x00};\n")
  string(APPEND body "    {\"${name}\", {reinterpret_cast<const char*>(k_${ident}), sizeof(k_${ident}) - 1}},\n")
endforeach()
file(WRITE ${OUT} "// Generated from the migrations folder; do not edit.\n#include \"storage/migrations/embedded.h\"\nnamespace trellis {\n${decls}\nconst std::vector<EmbeddedMigrationFile>& embedded_migrations() {\n  static const std::vector<EmbeddedMigrationFile> files = {\n${body}  };\n  return files;\n}\n}\n")
