// Where icp.Decisions keeps its decision lines: blocks that grow from 256 KiB to 8 MiB, the
// large ones mapped for transparent huge pages. Input: each batch's decision lines. Output:
// stable views of them, and the whole text in order. Decisions held in memory are what a
// Python caller asks for, so their pages are new memory; with 4 KiB pages, faulting them in
// cost as much as deciding (bench/python/run measured it), with 2 MiB pages a few hundredth.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace icp::python {

class LineArena {
 public:
  LineArena() = default;
  ~LineArena();
  LineArena(const LineArena&) = delete;
  LineArena& operator=(const LineArena&) = delete;

  // Copies `text` in, contiguous; the view stays valid as long as the arena.
  std::string_view append(std::string_view text);
  std::size_t size() const { return size_; }
  // Each block's text, in the order appended.
  template <typename Visit>
  void for_each(Visit visit) const {
    for (const Block& block : blocks_) visit(std::string_view(block.data, block.used));
  }

 private:
  struct Block {
    char* data = nullptr;
    std::size_t capacity = 0, used = 0;
    void* mapping = nullptr;  // what munmap releases (data is aligned within it)
    std::size_t mapped = 0;
  };
  void add_block(std::size_t at_least);

  std::vector<Block> blocks_;
  std::size_t size_ = 0;
};

}  // namespace icp::python
