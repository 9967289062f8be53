// A unique temporary directory for one test, removed with everything in it at scope exit.
#ifndef ORDINAL_TESTS_UNIT_ENGINE_SCOPED_TEMP_DIR_H_
#define ORDINAL_TESTS_UNIT_ENGINE_SCOPED_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace ordinal::testing {

class ScopedTempDir {
 public:
  ScopedTempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ordinal-engine-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScopedTempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::string& path() const { return path_; }
  // A path inside the directory (not created).
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_UNIT_ENGINE_SCOPED_TEMP_DIR_H_
