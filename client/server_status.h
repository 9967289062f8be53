// ServerStatus: what one ordinald says about itself (Admin.GetStatus).
#ifndef ORDINAL_CLIENT_SERVER_STATUS_H_
#define ORDINAL_CLIENT_SERVER_STATUS_H_

#include <cstdint>
#include <string>

namespace ordinal {

struct ServerStatus {
  std::string version;
  // The server's ordinal; 0 is the primary.
  uint32_t ordinal = 0;
  // "primary" or "replica".
  std::string role;
  uint64_t uptime_seconds = 0;
  // The newest position the server holds (on the primary: the last committed one).
  uint64_t latest_position = 0;
  uint32_t open_sessions = 0;
  // The cluster's history id; empty before it is known.
  std::string cluster_id;
  // Where writes go.
  std::string primary_address;
};

}  // namespace ordinal

#endif  // ORDINAL_CLIENT_SERVER_STATUS_H_
