// offload(): runs a blocking function on a thread pool from inside a coroutine, and resumes
// the coroutine on its own executor (its strand) with the result. The I/O thread is free
// meanwhile. Internal to the server.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <type_traits>
#include <utility>

namespace trellis::http {

// `function` must not throw (wrap it); its result type must be movable.
template <typename Function>
boost::asio::awaitable<std::invoke_result_t<Function&>> offload(boost::asio::thread_pool& pool,
                                                                Function function) {
  using Result = std::invoke_result_t<Function&>;
  auto initiate = [&pool, &function](auto handler) {
    // The work guard keeps the I/O context running while the coroutine waits for the pool.
    auto work = boost::asio::make_work_guard(boost::asio::get_associated_executor(handler));
    boost::asio::post(pool, [handler = std::move(handler), work = std::move(work),
                             function = std::move(function)]() mutable {
      Result result = function();
      auto executor = work.get_executor();
      boost::asio::post(executor,
                        [handler = std::move(handler), result = std::move(result)]() mutable {
                          std::move(handler)(std::move(result));
                        });
      work.reset();
    });
  };
  co_return co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>,
                                                 void(Result)>(std::move(initiate),
                                                               boost::asio::use_awaitable);
}

}  // namespace trellis::http
