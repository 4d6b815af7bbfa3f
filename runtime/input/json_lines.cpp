// JSON Lines -> lines (json_lines.hpp). A cut line is recognised by where it starts in the
// buffer, so the splitter needs no copy of it.
#include "runtime/input/json_lines.hpp"

namespace icp::vm {

LineSplitter::LineSplitter(std::string_view buffer, std::size_t first_number, std::span<const CutLine> cut)
    : begin_(buffer.data()), rest_(buffer), number_(first_number - 1), cut_(cut) {}

bool LineSplitter::next(JsonLine& line) {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  while (!rest_.empty()) {
    const std::size_t offset = static_cast<std::size_t>(rest_.data() - begin_);
    const std::size_t end = rest_.find('\n');
    std::string_view text = rest_.substr(0, end);
    rest_ = end == std::string_view::npos ? std::string_view{} : rest_.substr(end + 1);
    ++number_;
    if (!cut_.empty() && cut_.front().offset == offset) {  // a cut line is never blank
      line = JsonLine{text, number_, cut_.front().bytes};
      cut_ = cut_.subspan(1);
      return true;
    }
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (number_ == 1 && text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;  // blank line
    line = JsonLine{text, number_, text.size()};
    return true;
  }
  return false;
}

}  // namespace icp::vm
