// The project walk (project_walk.hpp): one recursive listing with the two folder rules.
// Input: a folder. Output: its project's files, sorted.
#include "compiler/project/project_walk.hpp"

#include <algorithm>

namespace icp::project {
namespace fs = std::filesystem;

bool is_project_root(const fs::path& folder) {
  std::error_code ignored;
  return fs::is_regular_file(folder / "icp.toml", ignored);
}

std::vector<fs::path> project_files(const fs::path& root, std::error_code& ec) {
  std::vector<fs::path> found;
  ec.clear();
  auto it = fs::recursive_directory_iterator(root, ec);
  for (std::error_code step; !ec && it != fs::recursive_directory_iterator(); it.increment(step), ec = step) {
    std::error_code kind;
    if (it->is_directory(kind)) {
      if (it->path().filename().string().starts_with('.') || is_project_root(it->path())) it.disable_recursion_pending();
    } else if (it->is_regular_file(kind)) {
      found.push_back(it->path());
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace icp::project
