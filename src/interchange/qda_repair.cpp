#include "interchange/qda_repair.h"

#include "interchange/qda_common.h"
#include "interchange/xml_support.h"

namespace trellis::interchange::qda::detail {
namespace {

// Every Code element below `node`, at any depth.
void collect_codes(xmlNode* node, std::vector<xmlNode*>& out) {
  for (xmlNode* code : children(node, "Code")) {
    out.push_back(code);
    collect_codes(code, out);
  }
}

void drop_if_empty(xmlNode* node, std::string_view what, WarningList& warnings) {
  if (node == nullptr || !children(node).empty()) return;
  warnings.add(
      "an empty " + element_name(node) + " element, which the schema does not allow, was ignored",
      at(what, node));
  remove_node(node);
}

// Removes user references that are empty strings (not GUIDs, so schema-invalid) everywhere below
// `node`; the number removed.
std::size_t drop_empty_user_refs(xmlNode* node) {
  std::size_t dropped = 0;
  for (const char* name :
       {"creatingUser", "modifyingUser", "creatingUserGUID", "modifyingUserGUID"}) {
    auto value = attribute(node, name);
    if (value && trim(*value).empty()) {
      xmlUnsetProp(node, reinterpret_cast<const xmlChar*>(name));
      ++dropped;
    }
  }
  for (xmlNode* child : children(node)) dropped += drop_empty_user_refs(child);
  return dropped;
}

}  // namespace

// Deviations from the schema that real exports show and that do not change the meaning: a code
// without isCodable (every code is codable then), and containers left empty. Each repair is
// reported as a warning.
void tolerate_codes(xmlNode* codes_parent, std::string_view what, WarningList& warnings) {
  std::vector<xmlNode*> codes;
  collect_codes(codes_parent, codes);
  std::size_t repaired = 0;
  for (xmlNode* code : codes) {
    if (attribute(code, "isCodable")) continue;
    set_attribute(code, "isCodable", "true");
    ++repaired;
  }
  if (repaired > 0)
    warnings.add(
        std::to_string(repaired) + " code(s) had no isCodable attribute and were taken as codable",
        std::string(what));
}

void tolerate_project(xmlNode* root, WarningList& warnings) {
  const std::string_view what = "project.qde";
  for (const char* part : {"Variables", "Cases", "Links", "Sets", "Graphs"}) {
    for (xmlNode* node : children(root, part)) {
      warnings.add(std::string(part) + " are not imported", at(what, node));
      remove_node(node);
    }
  }
  if (const std::size_t empty_users = drop_empty_user_refs(root); empty_users > 0)
    warnings.add(std::to_string(empty_users) +
                     " empty user reference(s) (creatingUser=\"\" and the like) were ignored",
                 std::string(what));
  std::size_t variable_values = 0;
  auto drop_variable_values = [&](xmlNode* holder) {
    for (xmlNode* value : children(holder, "VariableValue")) {
      remove_node(value);
      ++variable_values;
    }
  };
  if (xmlNode* sources = first_child(root, "Sources")) {
    for (xmlNode* source : children(sources)) {
      if (detail::is_element(source, "TextSource")) {
        drop_variable_values(source);
        continue;
      }
      warnings.add(element_name(source) + " sources are not imported; only text sources are",
                   at(what, source) + ", " + quoted(attribute(source, "name").value_or("")));
      remove_node(source);
    }
    drop_if_empty(sources, what, warnings);
  }
  if (xmlNode* notes = first_child(root, "Notes")) {
    for (xmlNode* note : children(notes, "Note")) drop_variable_values(note);
    drop_if_empty(notes, what, warnings);
  }
  if (variable_values > 0)
    warnings.add(
        std::to_string(variable_values) + " variable value(s) of sources were not imported",
        std::string(what));
  drop_if_empty(first_child(root, "Users"), what, warnings);
  if (xmlNode* codebook = first_child(root, "CodeBook")) {
    xmlNode* codes = first_child(codebook, "Codes");
    drop_if_empty(codes, what, warnings);
    if (first_child(codebook, "Codes") == nullptr) {
      remove_node(codebook);
    } else {
      tolerate_codes(first_child(codebook, "Codes"), what, warnings);
    }
  }
}

}  // namespace trellis::interchange::qda::detail
