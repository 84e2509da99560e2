// Repairs of a parsed QDA-XML document before it is validated: the parts Trellis does not import
// are removed, so that neither their content nor their deviations from the schema stop an
// import, and the harmless deviations real exports show are repaired. Each removal or repair is
// reported as a warning. Internal to src/interchange.
#pragma once

#include <libxml/tree.h>

#include <string_view>

#include "core/warning_list.h"

namespace trellis::interchange::qda::detail {

// A code without isCodable is taken as codable (at any depth below `codes_parent`).
void tolerate_codes(xmlNode* codes_parent, std::string_view what, WarningList& warnings);

// The project's unsupported parts (variables, cases, links, sets, graphs, sources other than
// text) removed, empty containers dropped, empty user references (creatingUser="", which
// QualCoder writes for an owner it does not list) removed, and its codes repaired as
// tolerate_codes does.
void tolerate_project(xmlNode* root, WarningList& warnings);

}  // namespace trellis::interchange::qda::detail
