// One function per subcommand. Each returns the process exit code:
// 0 ok; 1 finished with some inputs unreadable; 2 usage or fatal error.
#pragma once

#include <string>
#include <vector>

namespace leakscope::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUnreadable = 1;
inline constexpr int kExitUsage = 2;

int cmd_ingest(const std::vector<std::string>& args,
               const std::string& command_line);
int cmd_info(const std::vector<std::string>& args);
int cmd_report(const std::vector<std::string>& args);
int cmd_verify(const std::vector<std::string>& args);
int cmd_tables(const std::vector<std::string>& args);
int cmd_dump_table(const std::vector<std::string>& args);
int cmd_notify(const std::vector<std::string>& args);
int cmd_lookup(const std::vector<std::string>& args);
int cmd_merge(const std::vector<std::string>& args);
int cmd_export_index(const std::vector<std::string>& args);

}  // namespace leakscope::cli
