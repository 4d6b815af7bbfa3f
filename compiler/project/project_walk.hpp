// Which files below a folder belong to its project, for `icpc check DIR`, `icpc test DIR`
// and icp.toml's globs. Input: a folder. Output: its regular files, in path order.
#pragma once

#include <filesystem>
#include <system_error>
#include <vector>

namespace icp::project {

// Every regular file below `root`, in path order. Two kinds of folder are not entered:
// hidden ones (.git and the like, as a shell glob skips them), and one that holds an
// icp.toml of its own: it is another project (as examples/crm-sample is within examples/),
// checked and tested from its own folder. `root` itself is entered whatever it holds.
// `ec` is the first error met; what could be read is returned all the same.
std::vector<std::filesystem::path> project_files(const std::filesystem::path& root, std::error_code& ec);

// True when `folder` holds an icp.toml: a project of its own.
bool is_project_root(const std::filesystem::path& folder);

}  // namespace icp::project
