// Which database a storage or API test run uses, read from the environment that CTest sets:
// TRELLIS_TEST_BACKEND=sqlite (a fresh file in a temp folder) or postgres (a fresh database in
// the cluster named by TRELLIS_TEST_POSTGRES_URL, which `make test` starts). A postgres run
// without that URL fails loudly instead of skipping, so "passed" always means "ran".
#pragma once

#include <string>

namespace trellis::test {

// A database URL for a brand-new, empty database of the selected backend. Each call gives a
// different database. Aborts the test program with a clear message when the environment is
// incomplete.
std::string fresh_database_url();

// "sqlite" or "postgres".
std::string backend_name();

// A new empty temporary directory, removed at process exit.
std::string temp_dir();

}  // namespace trellis::test
