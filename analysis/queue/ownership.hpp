// Account ownership taken from the opportunities export, for a CRM whose accounts export has
// no owner column (docs/queues.md "Ownership"): each account belongs to the owner of its most
// recent opportunity, the one with the latest engage date; of deals engaged the same day, the
// later row of the file. Input: the opportunities CSV and the mapping's [opportunities] key,
// owner, engage_date and date_format. Output: the owner per account key, with where it was read.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "analysis/crm/crm_mapping.hpp"
#include "analysis/error.hpp"
#include "analysis/source.hpp"
#include "icp/date.hpp"

namespace icp::analysis {

struct OwnerCell {
  std::string owner;  // as the CRM wrote it
  std::string file;
  std::size_t line = 0;
  Date engaged;
};

struct Ownership {
  std::map<std::string, OwnerCell, std::less<>> by_account;
  // Rows that could not be used: "FILE:LINE: `engage_date`: expected a date YYYY-MM-DD, found ..."
  // or a row that is not well-formed CSV. Deals never engaged (no engage date) or without an
  // account or owner are skipped without a word: they own nothing yet.
  std::vector<std::string> problems;
  std::size_t rows = 0;
};

// False with `error` when the file cannot be read, the mapping names no [opportunities] owner,
// or the header lacks a column the mapping names.
bool read_ownership(const Source& source, const CrmMapping& mapping, Ownership& out, Error& error);

}  // namespace icp::analysis
