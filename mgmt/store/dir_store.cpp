#include "mgmt/store/dir_store.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <string>
#include <sys/file.h>
#include <system_error>
#include <unistd.h>
#include <utility>

#include "mgmt/store/atomic_file.hpp"
#include "mgmt/store/notifier.hpp"
#include "mgmt/store/object_meta.hpp"

namespace mgmt::store {

namespace {

constexpr std::string_view kRevisionFile = "REVISION";
constexpr std::string_view kLockFile = "LOCK";
constexpr std::string_view kObjectSuffix = ".json";

struct Stored {          // NOLINT(bugprone-exception-escape): json copies may throw, as intended
  nlohmann::json value;  // without metadata.resourceVersion
  std::uint64_t revision = 0;
};

using Objects = std::map<std::string, std::map<std::string, Stored, std::less<>>, std::less<>>;

Error corrupt(const std::filesystem::path& path, std::string_view why) {
  return {ErrorCode::unavailable,
          "corrupt datastore file " + path.string() + ": " + std::string(why)};
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

tl::expected<std::uint64_t, Error> load_revision_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return 0;
  auto text = read_file(path);
  if (!text) return tl::make_unexpected(text.error());
  std::string_view digits = *text;
  while (!digits.empty() && (digits.back() == '\n' || digits.back() == ' ')) {
    digits.remove_suffix(1);
  }
  std::uint64_t value = 0;
  const auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || err != std::errc{} || end != digits.data() + digits.size()) {
    return tl::make_unexpected(corrupt(path, "not a decimal revision"));
  }
  return value;
}

tl::expected<Stored, Error> load_object(const std::filesystem::path& path, std::string_view plural,
                                        std::string_view name) {
  if (!check_key(plural, name)) return tl::make_unexpected(corrupt(path, "invalid resource key"));
  auto text = read_file(path);
  if (!text) return tl::make_unexpected(text.error());
  auto doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return tl::make_unexpected(corrupt(path, "invalid JSON"));
  if (!doc.is_object()) return tl::make_unexpected(corrupt(path, "not a JSON object"));
  const auto revision = doc.find("revision");
  const auto value = doc.find("value");
  if (revision == doc.end() || !revision->is_number_unsigned() ||
      revision->get<std::uint64_t>() == 0) {
    return tl::make_unexpected(corrupt(path, "missing or invalid \"revision\""));
  }
  if (value == doc.end() || !value->is_object()) {
    return tl::make_unexpected(corrupt(path, "missing or invalid \"value\""));
  }
  return Stored{std::move(*value), revision->get<std::uint64_t>()};
}

// Loads every <plural>/<name>.json below `dir`, removing leftover temporary files.
tl::expected<void, Error> load_all(const std::filesystem::path& dir, Objects& objects,
                                   std::uint64_t& max_revision) {
  std::error_code ec;
  for (const auto& top : std::filesystem::directory_iterator(dir, ec)) {
    const std::string top_name = top.path().filename().string();
    if (top.is_regular_file(ec) && ends_with(top_name, kTempSuffix)) {
      std::filesystem::remove(top.path(), ec);
      continue;
    }
    if (!top.is_directory(ec)) continue;
    auto& by_name = objects[top_name];
    for (const auto& file : std::filesystem::directory_iterator(top.path(), ec)) {
      const std::string file_name = file.path().filename().string();
      if (!file.is_regular_file(ec)) continue;
      if (ends_with(file_name, kTempSuffix)) {
        std::filesystem::remove(file.path(), ec);  // an interrupted write: the old file stands
        continue;
      }
      if (!ends_with(file_name, kObjectSuffix)) continue;
      const std::string name = file_name.substr(0, file_name.size() - kObjectSuffix.size());
      auto stored = load_object(file.path(), top_name, name);
      if (!stored) return tl::make_unexpected(stored.error());
      max_revision = std::max(max_revision, stored->revision);
      by_name.emplace(name, std::move(*stored));
    }
    if (ec) {
      return tl::make_unexpected(
          Error{ErrorCode::unavailable,
                "cannot read directory " + top.path().string() + ": " + ec.message()});
    }
    if (by_name.empty()) objects.erase(top_name);
  }
  if (ec) {
    return tl::make_unexpected(Error{
        ErrorCode::unavailable, "cannot read directory " + dir.string() + ": " + ec.message()});
  }
  return {};
}

class DirStore final : public Store {
 public:
  DirStore(std::filesystem::path dir, int lock_fd, Objects objects, std::uint64_t revision)
      : dir_(std::move(dir)),
        lock_fd_(lock_fd),
        objects_(std::move(objects)),
        revision_(revision) {}

  ~DirStore() override { ::close(lock_fd_); }
  DirStore(const DirStore&) = delete;
  DirStore& operator=(const DirStore&) = delete;
  DirStore(DirStore&&) = delete;
  DirStore& operator=(DirStore&&) = delete;

  tl::expected<Object, Error> get(std::string_view plural, std::string_view name) override {
    if (auto key = check_key(plural, name); !key) return tl::make_unexpected(key.error());
    const std::lock_guard lock(mutex_);
    const Stored* stored = find(plural, name);
    if (stored == nullptr) return tl::make_unexpected(not_found_error(plural, name));
    return to_object(plural, name, *stored);
  }

  tl::expected<List, Error> list(std::string_view plural) override {
    if (auto key = check_key(plural, "x"); !key) return tl::make_unexpected(key.error());
    const std::lock_guard lock(mutex_);
    List out;
    out.revision = revision_;
    if (const auto it = objects_.find(plural); it != objects_.end()) {
      out.items.reserve(it->second.size());
      for (const auto& [name, stored] : it->second) {
        out.items.push_back(to_object(plural, name, stored));
      }
    }
    return out;
  }

  tl::expected<Object, Error> create(std::string_view plural, std::string_view name,
                                     nlohmann::json value) override {
    if (auto key = check_key(plural, name); !key) return tl::make_unexpected(key.error());
    auto prepared = prepare_create(std::move(value));
    if (!prepared) return tl::make_unexpected(prepared.error());
    const std::lock_guard lock(mutex_);
    if (find(plural, name) != nullptr) {
      return tl::make_unexpected(already_exists_error(plural, name));
    }
    return write(plural, name, std::move(*prepared));
  }

  tl::expected<Object, Error> update(std::string_view plural, std::string_view name,
                                     nlohmann::json value,
                                     std::string_view expected_version) override {
    if (auto key = check_key(plural, name); !key) return tl::make_unexpected(key.error());
    const auto expected = parse_resource_version(expected_version);
    if (!expected) return tl::make_unexpected(expected.error());
    const std::lock_guard lock(mutex_);
    const Stored* stored = find(plural, name);
    if (stored == nullptr) return tl::make_unexpected(not_found_error(plural, name));
    if (*expected != 0 && *expected != stored->revision) {
      return tl::make_unexpected(conflict_error(plural, name));
    }
    auto prepared = prepare_update(std::move(value), stored->value);
    if (!prepared) return tl::make_unexpected(prepared.error());
    return write(plural, name, std::move(*prepared));
  }

  tl::expected<Object, Error> remove(std::string_view plural, std::string_view name,
                                     std::string_view expected_version) override {
    if (auto key = check_key(plural, name); !key) return tl::make_unexpected(key.error());
    const auto expected = parse_resource_version(expected_version);
    if (!expected) return tl::make_unexpected(expected.error());
    const std::lock_guard lock(mutex_);
    const auto group = objects_.find(plural);
    if (group == objects_.end()) return tl::make_unexpected(not_found_error(plural, name));
    const auto it = group->second.find(name);
    if (it == group->second.end()) return tl::make_unexpected(not_found_error(plural, name));
    if (*expected != 0 && *expected != it->second.revision) {
      return tl::make_unexpected(conflict_error(plural, name));
    }
    const auto revision = next_revision();
    if (!revision) return tl::make_unexpected(revision.error());
    if (auto removed = remove_file_durable(object_path(plural, name)); !removed) {
      return tl::make_unexpected(removed.error());
    }
    Object object{std::string(plural), std::string(name),
                  with_resource_version(std::move(it->second.value), *revision), *revision};
    group->second.erase(it);
    if (group->second.empty()) objects_.erase(group);
    notifier_.post(Event{Event::Type::remove, object});
    return object;
  }

  std::uint64_t watch(Watcher watcher) override {
    const std::lock_guard lock(mutex_);
    return notifier_.add(std::move(watcher), revision_);
  }

  void unwatch(std::uint64_t id) override { notifier_.remove(id); }

  std::uint64_t revision() override {
    const std::lock_guard lock(mutex_);
    return revision_;
  }

 private:
  [[nodiscard]] std::filesystem::path object_path(std::string_view plural,
                                                  std::string_view name) const {
    return dir_ / std::string(plural) / (std::string(name) + std::string(kObjectSuffix));
  }

  const Stored* find(std::string_view plural, std::string_view name) const {
    const auto group = objects_.find(plural);
    if (group == objects_.end()) return nullptr;
    const auto it = group->second.find(name);
    return it == group->second.end() ? nullptr : &it->second;
  }

  static Object to_object(std::string_view plural, std::string_view name, const Stored& stored) {
    return Object{std::string(plural), std::string(name),
                  with_resource_version(stored.value, stored.revision), stored.revision};
  }

  // Hands out the next revision, persisting the counter first (caller holds mutex_). The
  // in-memory counter advances even when persisting fails, so a number is never handed out twice.
  tl::expected<std::uint64_t, Error> next_revision() {
    const std::uint64_t revision = ++revision_;
    if (auto saved =
            write_file_atomic(dir_ / std::string(kRevisionFile), std::to_string(revision) + "\n");
        !saved) {
      return tl::make_unexpected(saved.error());
    }
    return revision;
  }

  // Stores `value` under a new revision and queues the put event (caller holds mutex_).
  tl::expected<Object, Error> write(std::string_view plural, std::string_view name,
                                    nlohmann::json value) {
    if (auto made = ensure_directory(dir_ / std::string(plural)); !made) {
      return tl::make_unexpected(made.error());
    }
    const auto revision = next_revision();
    if (!revision) return tl::make_unexpected(revision.error());
    const nlohmann::json doc{{"revision", *revision}, {"value", value}};
    if (auto saved = write_file_atomic(object_path(plural, name), doc.dump(2) + "\n"); !saved) {
      return tl::make_unexpected(saved.error());
    }
    auto& slot = objects_[std::string(plural)][std::string(name)];
    slot = Stored{std::move(value), *revision};
    Object object = to_object(plural, name, slot);
    notifier_.post(Event{Event::Type::put, object});
    return object;
  }

  const std::filesystem::path dir_;
  const int lock_fd_;
  std::mutex mutex_;  // guards objects_, revision_ and the files below dir_
  Objects objects_;
  std::uint64_t revision_;
  Notifier notifier_;  // last: stopped before the rest is destroyed
};

}  // namespace

tl::expected<std::unique_ptr<Store>, Error> open_dir_store(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return tl::make_unexpected(
        Error{ErrorCode::unavailable, "cannot create " + dir.string() + ": " + ec.message()});
  }
  const std::filesystem::path lock_path = dir / std::string(kLockFile);
  const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) {
    return tl::make_unexpected(Error{
        ErrorCode::unavailable, "cannot open " + lock_path.string() + ": " + std::strerror(errno)});
  }
  if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(lock_fd);
    return tl::make_unexpected(Error{
        ErrorCode::unavailable,
        "cannot lock " + lock_path.string() + ": " +
            (error == EWOULDBLOCK ? std::string("store already open") : std::strerror(error))});
  }
  const auto fail = [lock_fd](Error error) {
    ::close(lock_fd);
    return tl::make_unexpected(std::move(error));
  };
  auto counter = load_revision_file(dir / std::string(kRevisionFile));
  if (!counter) return fail(counter.error());
  Objects objects;
  std::uint64_t max_revision = 0;
  if (auto loaded = load_all(dir, objects, max_revision); !loaded) return fail(loaded.error());
  return std::make_unique<DirStore>(dir, lock_fd, std::move(objects),
                                    std::max(*counter, max_revision));
}

}  // namespace mgmt::store
