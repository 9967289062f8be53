// The interactive prompt of the `ordinal` CLI: libedit line editing, history in
// ~/.ordinal_history (or $ORDINAL_HISTFILE), `ordinal> ` and continuation prompts.
#ifndef ORDINAL_CLIENT_CLI_INTERACTIVE_H_
#define ORDINAL_CLIENT_CLI_INTERACTIVE_H_

#include "client/cli/shell.h"
#include "client/client.h"

namespace ordinal::cli {

// Greets, then reads lines until quit or end of input. Returns the process exit code (0).
int RunInteractive(Client& client, Shell& shell);

}  // namespace ordinal::cli

#endif  // ORDINAL_CLIENT_CLI_INTERACTIVE_H_
