// The command-line interface: `trellis <command> [options]`. One file per command.
#pragma once

namespace trellis::cli {

// Parses argv, runs the command, returns the process exit status
// (0 success, 2 bad usage or input, 1 any other failure).
int run(int argc, char** argv);

}  // namespace trellis::cli
