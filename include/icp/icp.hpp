// The whole public C++ API of icp in one include (docs/embedding.md). Input: nothing.
// Output: the declarations of each public header; a host may include just the ones it uses.
#pragma once

#include "icp/batch.hpp"
#include "icp/csv_columns.hpp"
#include "icp/compile.hpp"
#include "icp/date.hpp"
#include "icp/decimal.hpp"
#include "icp/decision.hpp"
#include "icp/error.hpp"
#include "icp/program.hpp"
#include "icp/record.hpp"
#include "icp/session.hpp"
