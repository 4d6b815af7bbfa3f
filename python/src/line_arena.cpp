// LineArena (line_arena.hpp): blocks from mmap, each large one aligned to 2 MiB and advised
// for transparent huge pages. Input: text to keep. Output: views of it; munmap at the end.
#include "python/src/line_arena.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>

namespace icp::python {
namespace {

constexpr std::size_t kFirstBlock = std::size_t{256} << 10;
constexpr std::size_t kLargestBlock = std::size_t{8} << 20;
constexpr std::size_t kHugePage = std::size_t{2} << 20;

}  // namespace

LineArena::~LineArena() {
  for (const Block& block : blocks_) munmap(block.mapping, block.mapped);
}

void LineArena::add_block(std::size_t at_least) {
  const std::size_t grown = blocks_.empty() ? kFirstBlock : std::min(blocks_.back().capacity * 2, kLargestBlock);
  const std::size_t capacity = (std::max(grown, at_least) + kHugePage - 1) / kHugePage * kHugePage;
  const bool huge = capacity >= kHugePage && grown >= kHugePage;
  const std::size_t mapped = huge ? capacity + kHugePage : std::max(grown, at_least);
  void* mapping = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping == MAP_FAILED) throw std::bad_alloc();
  auto address = reinterpret_cast<std::uintptr_t>(mapping);
  if (huge) {
    address = (address + kHugePage - 1) / kHugePage * kHugePage;
    // Only advice: where the kernel gives no huge pages the block works the same.
    madvise(reinterpret_cast<void*>(address), capacity, MADV_HUGEPAGE);
  }
  blocks_.push_back({reinterpret_cast<char*>(address), huge ? capacity : mapped, 0, mapping, mapped});
}

std::string_view LineArena::append(std::string_view text) {
  if (blocks_.empty() || blocks_.back().capacity - blocks_.back().used < text.size()) add_block(text.size());
  Block& block = blocks_.back();
  char* at = block.data + block.used;
  std::memcpy(at, text.data(), text.size());
  block.used += text.size();
  size_ += text.size();
  return {at, text.size()};
}

}  // namespace icp::python
