// The streamed backup's tar format (backup/tar_format.h): what the writer writes reads back
// with the reader and with GNU tar, and the reader refuses what it must.
#include "backup/tar_format.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/unit/engine/scoped_temp_dir.h"

namespace ordinal::backup {
namespace {

using Files = std::vector<std::pair<std::string, std::string>>;  // name, content

std::string Archive(const Files& files) {
  std::string out;
  for (const auto& [name, content] : files) {
    out += TarFileHeader(name, content.size(), 1764806400);
    out += content;
    out.append(TarPadding(content.size()), '\0');
  }
  return out + TarEnd();
}

// Every file of `archive`, read with TarReader in pieces of `step` bytes.
absl::StatusOr<Files> Extract(std::string archive, size_t step = 700) {
  std::string_view rest = archive;
  TarReader reader([&rest](char* out, size_t n) -> absl::StatusOr<size_t> {
    const size_t got = std::min({n, rest.size(), size_t{333}});  // short reads on purpose
    std::memcpy(out, rest.data(), got);
    rest.remove_prefix(got);
    return got;
  });
  Files files;
  for (;;) {
    absl::StatusOr<std::optional<TarEntry>> entry = reader.Next();
    if (!entry.ok()) return entry.status();
    if (!*entry) return files;
    std::string content;
    std::string buffer(step, '\0');
    for (;;) {
      absl::StatusOr<size_t> n = reader.ReadData(buffer.data(), buffer.size());
      if (!n.ok()) return n.status();
      if (*n == 0) break;
      content.append(buffer, 0, *n);
    }
    EXPECT_EQ(content.size(), (*entry)->size);
    files.emplace_back((*entry)->name, std::move(content));
  }
}

const Files& Sample() {
  static const Files files = {
      {"data/CURRENT", "MANIFEST-000012\n"},
      {"data/000012.sst", std::string(5000, 'x')},
      {"data/empty", ""},
      {"data/exactly-one-block", std::string(512, 'b')},
      {std::string(120, 'p') + "/" + std::string(90, 'n'), "split into prefix and name"},
      {"data/" + std::string(90, 'l') + "/" + std::string(90, 'm') + "/" + std::string(90, 'o') +
           "/f",
       "needs a pax path record"},
      {"backup-manifest.json", "{\"format_version\": 1}"},
  };
  return files;
}

TEST(TarFormatTest, WhatTheWriterWritesReadsBack) {
  absl::StatusOr<Files> files = Extract(Archive(Sample()));
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(*files, Sample());
}

TEST(TarFormatTest, EveryHeaderIsWholeBlocksWithAValidChecksum) {
  const std::string archive = Archive(Sample());
  EXPECT_EQ(archive.size() % kTarBlock, 0u);
  EXPECT_EQ(TarFileHeader("data/x", 1, 0).size(), kTarBlock);
  EXPECT_EQ(TarPadding(0), 0u);
  EXPECT_EQ(TarPadding(1), 511u);
  EXPECT_EQ(TarPadding(512), 0u);
}

TEST(TarFormatTest, GnuTarListsAndExtractsIt) {
  if (std::system("tar --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no tar on PATH";
  testing::ScopedTempDir dir;
  {
    std::ofstream out(dir.Sub("backup.tar"), std::ios::binary);
    out << Archive(Sample());
  }
  std::filesystem::create_directories(dir.Sub("x"));
  ASSERT_EQ(std::system(absl::StrCat("tar -xf ", dir.Sub("backup.tar"), " -C ", dir.Sub("x"))
                            .c_str()),
            0);
  for (const auto& [name, content] : Sample()) {
    std::ifstream in(dir.Sub("x/" + name), std::ios::binary);
    EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), {}), content) << name;
  }
}

TEST(TarFormatTest, ReadsWhatGnuTarWrites) {
  if (std::system("tar --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no tar on PATH";
  testing::ScopedTempDir dir;
  const std::string long_dir = std::string(70, 'd') + "/" + std::string(70, 'e');
  std::filesystem::create_directories(dir.Sub("in/data/" + long_dir));
  std::ofstream(dir.Sub("in/data/CURRENT")) << "MANIFEST-1\n";
  std::ofstream(dir.Sub("in/data/" + long_dir + "/f")) << "deep";
  for (const char* format : {"gnu", "pax", "ustar"}) {
    const std::string tar = dir.Sub(absl::StrCat(format, ".tar"));
    ASSERT_EQ(std::system(absl::StrCat("tar --format=", format, " --sort=name -C ",
                                       dir.Sub("in"), " -cf ", tar, " data")
                              .c_str()),
              0);
    std::ifstream in(tar, std::ios::binary);
    absl::StatusOr<Files> files = Extract(std::string((std::istreambuf_iterator<char>(in)), {}));
    ASSERT_TRUE(files.ok()) << format << ": " << files.status();
    EXPECT_EQ(*files, (Files{{"data/CURRENT", "MANIFEST-1\n"},
                             {"data/" + long_dir + "/f", "deep"}}))
        << format;
  }
}

TEST(TarFormatTest, ADamagedHeaderIsDataLoss) {
  std::string archive = Archive(Sample());
  archive[10] ^= 1;  // inside the first name: the header checksum no longer matches
  EXPECT_TRUE(absl::IsDataLoss(Extract(archive).status()));
}

TEST(TarFormatTest, ATruncatedArchiveIsDataLoss) {
  const std::string archive = Archive(Sample());
  for (size_t cut : {size_t{100}, kTarBlock + 10, archive.size() / 2, archive.size() - 1025}) {
    EXPECT_TRUE(absl::IsDataLoss(Extract(archive.substr(0, cut)).status())) << cut;
  }
}

TEST(TarFormatTest, ALinkIsRefused) {
  std::string header = TarFileHeader("data/link", 0, 0);
  header[156] = '2';  // a symbolic link; fix the checksum as a writer would
  std::memset(header.data() + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : header) sum += c;
  std::snprintf(header.data() + 148, 8, "%06o", sum);
  header[155] = ' ';
  absl::Status status = Extract(header + TarEnd()).status();
  EXPECT_TRUE(absl::IsDataLoss(status)) << status;
  EXPECT_NE(status.message().find("not a regular file"), std::string::npos) << status;
}

}  // namespace
}  // namespace ordinal::backup
