// The trellis binary: hands its arguments to the command-line interface, nothing else.
#include "cli/cli.h"

int main(int argc, char** argv) {
  return trellis::cli::run(argc, argv);
}
