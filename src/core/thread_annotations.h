// Clang thread-safety annotations (-Wthread-safety). They state which mutex guards a member and
// which mutex a function needs held, and clang++ checks every access against them
// (scripts/check-thread-safety.sh, run by CTest as `thread_safety`). Other compilers see nothing.
// Use them through core/mutex.h, whose Mutex is the only capability the project declares.
#pragma once

#if defined(__clang__)
#define TRELLIS_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define TRELLIS_THREAD_ANNOTATION(x)
#endif

// A type that is a lock (a capability), named in messages by `name`.
#define CAPABILITY(name) TRELLIS_THREAD_ANNOTATION(capability(name))
// An RAII type that holds a capability from construction to destruction.
#define SCOPED_CAPABILITY TRELLIS_THREAD_ANNOTATION(scoped_lockable)
// The member may be read or written only with `mu` held.
#define GUARDED_BY(mu) TRELLIS_THREAD_ANNOTATION(guarded_by(mu))
// What the pointer points to may be used only with `mu` held.
#define PT_GUARDED_BY(mu) TRELLIS_THREAD_ANNOTATION(pt_guarded_by(mu))
// The caller must hold these capabilities.
#define REQUIRES(...) TRELLIS_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
// The caller must not hold these capabilities (the function takes them itself).
#define EXCLUDES(...) TRELLIS_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// The function takes, or gives back, these capabilities (none named: the object itself).
#define ACQUIRE(...) TRELLIS_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) TRELLIS_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
// The function is known to hold the capability at this point (for the analysis only).
#define ASSERT_CAPABILITY(x) TRELLIS_THREAD_ANNOTATION(assert_capability(x))
// Turns the analysis off for one function; say beside it why it is safe.
#define NO_THREAD_SAFETY_ANALYSIS TRELLIS_THREAD_ANNOTATION(no_thread_safety_analysis)
