#include "tests/fuzz/mysql_packet_fuzz.h"

#include <string>

#include "server/mysql/framing.h"
#include "server/mysql/handshake.h"
#include "server/mysql/prepared.h"
#include "server/mysql/wire.h"

namespace ordinal::fuzz {

using namespace server::mysql;

namespace {

void Framing(std::string_view bytes) {
  PacketDecoder decoder(1 << 20);
  // Fed in two parts, to cross a read boundary somewhere.
  decoder.Feed(bytes.substr(0, bytes.size() / 2));
  std::string payload;
  uint8_t seq = 0;
  uint8_t next = 0;
  while (decoder.Next(seq, &payload, &next) == PacketDecoder::Result::kPacket) seq = next;
  decoder.Feed(bytes.substr(bytes.size() / 2));
  while (decoder.Next(seq, &payload, &next) == PacketDecoder::Result::kPacket) seq = next;
}

void Execute(std::string_view bytes) {
  if (bytes.empty()) return;
  const size_t params = static_cast<uint8_t>(bytes[0]) % 20;
  ParamState state;
  if (params > 0 && bytes.size() > 1 && (bytes[1] & 1)) {
    state.long_data.assign(params, std::nullopt);
    state.long_data[0] = "long";
  }
  // Twice: the second execution may reuse the first one's types.
  if (ParseExecute(bytes.substr(1), params, state).has_value()) {
    ParseExecute(bytes.substr(1), params, state);
  }
}

void Text(std::string_view bytes) {
  const std::vector<size_t> markers = FindPlaceholders(bytes);
  std::vector<engine::Value> values(markers.size(), engine::Value::String("v'\\"));
  BindParameters(bytes, markers, values);
  SplitStatements(bytes);
}

void Wire(std::string_view bytes) {
  WireReader r(bytes);
  while (!r.empty()) {
    const uint8_t op = *r.Int1() % 5;
    if (op == 0 && !r.LenencInt()) break;
    if (op == 1 && !r.LenencString()) break;
    if (op == 2 && !r.NulString()) break;
    if (op == 3) r.NulOrRestString();
    if (op == 4 && !r.Int4()) break;
  }
}

}  // namespace

void FuzzMysqlPacket(std::string_view input) {
  if (input.empty()) return;
  const std::string_view rest = input.substr(1);
  switch (static_cast<uint8_t>(input[0]) % 7) {
    case 0: Framing(rest); break;
    case 1: ParseHandshakeResponse(rest); break;
    case 2: Execute(rest); break;
    case 3: ParseLongData(rest); break;
    case 4: Text(rest); break;
    case 5: Wire(rest); break;
    case 6: ParseChangeUser(rest, cap::kServer); break;
  }
}

}  // namespace ordinal::fuzz
