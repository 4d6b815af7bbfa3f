// Refusing a command whose output is one of its inputs, before anything is opened for
// writing. Input: the files a command reads and the ones it writes, as named. Output: false
// and a message naming both when one would overwrite the other.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace icp::cli {

// A file as the user named it. `role` names it in messages: an option (`--input`, `-o`) or
// words (`the profile`). `path` "" means not given; "-" means the standard stream.
struct NamedFile {
  std::string_view role;
  std::string path;
};

// Prints why and returns false when a named output, or standard output or error redirected to
// a file, is the same file as an input (the same path, or a symbolic or hard link to it: the
// same device and inode), or when two named outputs are the same file. Only regular files are
// compared: a terminal or /dev/null may well be both read and written.
bool outputs_apart_from_inputs(const std::vector<NamedFile>& inputs, const std::vector<NamedFile>& outputs);

}  // namespace icp::cli
