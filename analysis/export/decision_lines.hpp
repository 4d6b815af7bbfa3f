// Decision lines read back (`icpc eval`'s output, docs/language.md "The decision record"), for
// `icpc export`: the decisions to export and the old ones --changed-since compares them with.
// Input: JSON Lines. Output: the fields an export writes, per line; a line that is not a
// decision is reported with its line and the rest still go through.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/error.hpp"
#include "analysis/source.hpp"

namespace icp::analysis {

// Each member as the decision line writes it ("" for null); numbers as their exact JSON text.
struct DecisionLine {
  std::size_t line = 0;
  std::string id, profile, version, program, as_of, verdict;
  std::string tier, tier_label, excluded_by, score;
  std::string action, queue, sla, cadence, rule;
};

struct DecisionLines {
  std::string file;
  std::vector<DecisionLine> lines;    // in file order
  std::vector<std::string> problems;  // "FILE:LINE: message", one per line that is no decision
};

// False with `error` only when the input cannot be read to its end.
bool read_decision_lines(const Source& source, DecisionLines& out, Error& error);

}  // namespace icp::analysis
