// `ordinal backup ...`, `ordinal backup verify DIR` and `ordinal restore ...` are run by the
// `ordinal-backup` binary (backup/main.cc), which sits above the replication layer; the
// client library stays on proto and common (DESIGN.md, "Layers"). This file hands such a
// command line over: `-p` is answered here (the prompt, then ORDINAL_PASSWORD in the child's
// environment, never argv), then the process image is replaced by ordinal-backup.
//
// ordinal-backup is looked for in $ORDINAL_BACKUP_BIN, next to this executable, in the build
// tree's backup/ folder beside client/, then on PATH.
#ifndef ORDINAL_CLIENT_CLI_BACKUP_DISPATCH_H_
#define ORDINAL_CLIENT_CLI_BACKUP_DISPATCH_H_

#include <string>
#include <vector>

namespace ordinal::cli {

// Whether `args` (argv without the program name) is a backup or restore command.
bool IsBackupCommand(const std::vector<std::string>& args);

// Execs ordinal-backup with `args`; returns only on failure, with the exit status to use.
int RunBackupCommand(std::vector<std::string> args);

}  // namespace ordinal::cli

#endif  // ORDINAL_CLIENT_CLI_BACKUP_DISPATCH_H_
