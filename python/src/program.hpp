// icp.Program for Python: an icp::Program and the Sessions its callers decide with. Input: a
// loaded or compiled program. Output: the object every decide call of the module goes through;
// any number of Python threads share one, each decision taking a Session of its own.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "icp/icp.hpp"

namespace icp::python {

namespace py = pybind11;

// A Session is one thread's, and costs buffers to make: the idle ones are kept here and lent
// to whichever thread decides next, so threads share a Program without sharing a Session.
class ProgramHandle {
 public:
  explicit ProgramHandle(Program program) : program_(std::move(program)) {}
  const Program& program() const { return program_; }

  // A Session lent for one decision and given back when the lease ends.
  class Lease {
   public:
    explicit Lease(ProgramHandle& owner);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Session& session() { return *session_; }

   private:
    ProgramHandle& owner_;
    std::unique_ptr<Session> session_;
  };

 private:
  Program program_;
  std::mutex mutex_;  // guards idle_ only; never held while deciding or while taking the GIL
  std::vector<std::unique_ptr<Session>> idle_;
};

using ProgramPtr = std::shared_ptr<ProgramHandle>;

// Binds icp.Program, icp.load and icp.compile (program.cpp), decide_many and icp.Decisions
// (batch.cpp, decisions.cpp) and the frame conversion (frame.cpp) into `module`.
void bind_program(py::module_& module, py::class_<ProgramHandle, ProgramPtr>& program);
void bind_decisions(py::module_& module);
void bind_batch(py::class_<ProgramHandle, ProgramPtr>& program);
void bind_frame(py::module_& module);

}  // namespace icp::python
