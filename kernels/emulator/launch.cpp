// Runs a launch on the pool of worker threads: blocks are handed out one at a time in the schedule's order (in
// order, reverse, or a seeded permutation), each run to completion on one worker, several workers at once.
#include <pthread.h>

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "block.h"
#include "diagnostics.h"
#include "kernel_library.h"

namespace wstal_emu {
namespace {

class Pool {
 public:
  void run(LaunchState* launch) {
    std::unique_lock<std::mutex> lock(mutex_);
    start_workers();
    launch_ = launch;
    participants_ = static_cast<int>(std::min<uint32_t>(launch->blocks, static_cast<uint32_t>(workers_.size())));
    active_ = static_cast<int>(workers_.size());
    ++generation_;
    work_.notify_all();
    done_.wait(lock, [this] { return active_ == 0; });
    launch_ = nullptr;
  }

 private:
  void start_workers() {
    if (!workers_.empty()) return;
    const int n = settings().workers;
    fibres_ = reserve_fibres(n);
    for (int i = 0; i < n; ++i) workers_.push_back(std::make_unique<Worker>());
    for (int i = 0; i < n; ++i) {
      std::thread([this, i] { loop(i); }).detach();  // lives as long as the process, like a driver's threads
    }
  }

  void loop(int index) {
    Worker* w = workers_[index].get();
    init_worker(w, index, fibres_ + static_cast<size_t>(index) * kMaxThreads);
    uint64_t seen = 0;
    for (;;) {
      LaunchState* launch;
      bool takes_part;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        launch = launch_;
        takes_part = index < participants_;
      }
      while (takes_part && !launch->failed.load(std::memory_order_relaxed)) {
        const uint32_t k = launch->next.fetch_add(1, std::memory_order_relaxed);
        if (k >= launch->blocks) break;
        run_block(w, launch, launch->order.empty() ? k : launch->order[k]);
      }
      std::lock_guard<std::mutex> lock(mutex_);
      if (--active_ == 0) done_.notify_one();
    }
  }

  std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable done_;
  std::vector<std::unique_ptr<Worker>> workers_;
  Fibre* fibres_ = nullptr;
  LaunchState* launch_ = nullptr;
  uint64_t generation_ = 0;
  int participants_ = 0;
  int active_ = 0;
};

Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: detached workers use it until the process exits
  return *p;
}

void make_order(LaunchState* launch) {
  switch (settings().schedule) {
    case Schedule::kInOrder:
      return;
    case Schedule::kReverse:
      launch->order.resize(launch->blocks);
      for (uint32_t i = 0; i < launch->blocks; ++i) launch->order[i] = launch->blocks - 1 - i;
      return;
    case Schedule::kRandom: {
      launch->order.resize(launch->blocks);
      for (uint32_t i = 0; i < launch->blocks; ++i) launch->order[i] = i;
      uint64_t state = settings().seed * 0x2545F4914F6CDD1Dull + launch->id;
      for (uint32_t i = launch->blocks; i > 1; --i) {  // Fisher-Yates
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        std::swap(launch->order[i - 1], launch->order[state % i]);
      }
      return;
    }
  }
}

}  // namespace

std::string run_launch(const LaunchConfig& config) {
  static std::mutex one_at_a_time;  // one stream: launches run in call order
  static uint64_t launches = 0;
  std::lock_guard<std::mutex> lock(one_at_a_time);
  LaunchState launch;
  launch.config = &config;
  launch.id = ++launches;
  launch.blocks = config.grid.x * config.grid.y * config.grid.z;
  launch.threads = static_cast<int>(config.block.x * config.block.y * config.block.z);
  make_order(&launch);
  hb_release(&launch.start_sync);
  pool().run(&launch);
  hb_acquire(&launch.end_sync);
  return launch.first_error;
}

}  // namespace wstal_emu
