#include "engine/types/charsets.h"

namespace ordinal::engine {
namespace {

constexpr CharsetInfo kCharsets[] = {
    {"ascii", "ascii_general_ci", "US ASCII", 1},
    {"binary", "binary", "Binary pseudo charset", 1},
    {"latin1", "latin1_swedish_ci", "cp1252 West European", 1},
    {"utf8mb3", "utf8mb3_general_ci", "UTF-8 Unicode", 3},
    {"utf8mb4", "utf8mb4_0900_ai_ci", "UTF-8 Unicode", 4},
};

constexpr CollationInfo kCollations[] = {
    {"ascii_bin", "ascii", 65, 1, false},
    {"ascii_general_ci", "ascii", 11, 1, false},
    {"binary", "binary", 63, 1, true},
    {"latin1_bin", "latin1", 47, 1, false},
    {"latin1_general_ci", "latin1", 48, 1, false},
    {"latin1_swedish_ci", "latin1", 8, 1, false},
    {"utf8mb3_bin", "utf8mb3", 83, 1, false},
    {"utf8mb3_general_ci", "utf8mb3", 33, 1, false},
    {"utf8mb3_unicode_ci", "utf8mb3", 192, 8, false},
    {"utf8mb4_0900_ai_ci", "utf8mb4", 255, 0, true},
    {"utf8mb4_0900_as_ci", "utf8mb4", 305, 0, true},
    {"utf8mb4_0900_as_cs", "utf8mb4", 278, 0, true},
    {"utf8mb4_0900_bin", "utf8mb4", 309, 1, true},
    {"utf8mb4_bin", "utf8mb4", 46, 1, false},
    {"utf8mb4_general_ci", "utf8mb4", 45, 1, false},
    {"utf8mb4_unicode_520_ci", "utf8mb4", 246, 8, false},
    {"utf8mb4_unicode_ci", "utf8mb4", 224, 8, false},
};

}  // namespace

std::span<const CharsetInfo> Charsets() { return kCharsets; }
std::span<const CollationInfo> Collations() { return kCollations; }

}  // namespace ordinal::engine
