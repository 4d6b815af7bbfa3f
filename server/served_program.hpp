// The one file between the server and the evaluation API (icp::Program, icp::Session): a
// program the server serves (an .icpb's bytes or a compiled profile) and the per-thread
// deciders it lends out. Input: artifact bytes or an icp::Program. Output: decision lines,
// rejections.
#pragma once

#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "icp/batch.hpp"
#include "icp/date.hpp"
#include "icp/program.hpp"
#include "icp/session.hpp"

namespace icp::server {

// Why one record was not decided, as `icpc eval` reports it (RejectedRecord's fields).
struct Rejection {
  std::string id, field, expected, found, message;
};

class ServedProgram;

// One thread's evaluator for one program: decodes a JSON record and decides it. Borrowed from
// its ServedProgram for one request at a time (never shared between threads at once).
class Decider {
 public:
  explicit Decider(const ServedProgram& program);
  ~Decider();
  Decider(const Decider&) = delete;
  Decider& operator=(const Decider&) = delete;

  // False when the record is rejected: rejection() says why.
  bool decide(std::string_view json, Date as_of, bool audit);
  // The decision line without its newline, byte for byte what `icpc eval` writes. Valid
  // until the next decide().
  std::string_view decision_json();
  // The last decision's record as decoded, for the decision log (Decision::append_input_json).
  // Returns the names it left out.
  std::span<const std::string> append_input_json(std::string& out, std::span<const std::string> leave_out) const;
  std::string_view program_id() const;
  Date as_of() const;
  std::string_view verdict() const;       // "excluded", "tier" or "no_fit"
  std::string_view route_action() const;  // "disqualify", "ignore" or "queue"
  const Rejection& rejection() const { return rejection_; }

 private:
  Session session_;
  DecideResult result_;
  Rejection rejection_;
};

// An immutable, verified program ready to decide on any thread; shared by every request that
// started on it, so a reload never pulls it from under one.
class ServedProgram : public std::enable_shared_from_this<ServedProgram> {
 public:
  // Null, with `error` set, when the bytes are not a valid artifact.
  static std::shared_ptr<const ServedProgram> from_artifact(std::string_view bytes, std::string& error);
  static std::shared_ptr<const ServedProgram> from_program(Program program);
  ~ServedProgram();
  ServedProgram(const ServedProgram&) = delete;
  ServedProgram& operator=(const ServedProgram&) = delete;

  const std::string& id() const;  // "sha256:<hex>"
  const std::string& profile() const;  // the profile's declared name
  const std::string& version() const;
  const std::string& owner() const;
  // What the ordered batch API decides with.
  const Program& program() const { return program_; }

  // A Decider lent for one request; it goes back to the pool when the lease ends.
  class Lease {
   public:
    Lease(const ServedProgram& program, std::unique_ptr<Decider> decider)
        : program_(&program), decider_(std::move(decider)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = default;
    ~Lease();
    Decider& operator*() const { return *decider_; }
    Decider* operator->() const { return decider_.get(); }

   private:
    const ServedProgram* program_;
    std::unique_ptr<Decider> decider_;
  };
  Lease borrow() const;

 private:
  friend class Decider;
  struct Private {};

 public:
  ServedProgram(Private, Program program);

 private:
  Program program_;
  // Deciders hold decoder, evaluator and output buffers: kept, not rebuilt per request.
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<Decider>> pool_;
};

}  // namespace icp::server
