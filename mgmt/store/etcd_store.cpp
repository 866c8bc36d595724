#include "mgmt/store/etcd_store.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "mgmt/store/etcd_client.hpp"
#include "mgmt/store/notifier.hpp"
#include "mgmt/store/object_meta.hpp"

namespace mgmt::store {

namespace {

constexpr int kUpdateAttempts = 5;

struct Cached {  // NOLINT(bugprone-exception-escape): json/string copies may throw, as intended
  std::string plural;
  std::string name;
  nlohmann::json value;  // stored value (no resourceVersion)
  std::uint64_t mod_revision = 0;
};

nlohmann::json compare(const std::string& key, std::string_view target, std::string_view result,
                       std::string_view field, std::uint64_t number) {
  return {{"key", base64_encode(key)},
          {"target", target},
          {"result", result},
          {std::string(field), std::to_string(number)}};
}

nlohmann::json range_op(const std::string& key) {
  return {{"request_range", {{"key", base64_encode(key)}}}};
}

nlohmann::json txn(nlohmann::json cmp, nlohmann::json success, nlohmann::json failure) {
  return {{"compare", nlohmann::json::array({std::move(cmp)})},
          {"success", nlohmann::json::array({std::move(success)})},
          {"failure", nlohmann::json::array({std::move(failure)})}};
}

bool succeeded(const nlohmann::json& response) {
  const auto it = response.find("succeeded");
  return it != response.end() && it->is_boolean() && it->get<bool>();
}

// The first member `kind` ("response_range", ...) of the first op response of a txn answer.
const nlohmann::json* first_response(const nlohmann::json& response, std::string_view kind) {
  const auto responses = response.find("responses");
  if (responses == response.end() || !responses->is_array() || responses->empty()) return nullptr;
  const auto& first = responses->front();
  const auto it = first.find(kind);
  return it == first.end() ? nullptr : &*it;
}

// The kvs of a RangeResponse (an empty array when absent, as the gateway omits empty lists).
const nlohmann::json& kvs_of(const nlohmann::json* range) {
  static const nlohmann::json empty = nlohmann::json::array();
  if (range == nullptr) return empty;
  const auto it = range->find("kvs");
  return it == range->end() || !it->is_array() ? empty : *it;
}

tl::expected<nlohmann::json, Error> parse_value(const KeyValue& kv) {
  auto value = nlohmann::json::parse(kv.value, nullptr, /*allow_exceptions=*/false);
  if (!value.is_object()) {
    return tl::make_unexpected(
        Error{ErrorCode::unavailable, "etcd key " + kv.key + " does not hold a JSON object"});
  }
  return value;
}

class EtcdStore final : public Store {
 public:
  EtcdStore(std::vector<EtcdEndpoint> endpoints, std::string prefix, EtcdStoreOptions options)
      : client_(std::move(endpoints), options.request_timeout),
        prefix_(std::move(prefix)),
        options_(options) {
    // One synchronous attempt, so that watchers registered right after open see every change
    // made through this store; if etcd is down the watch thread keeps trying.
    if (auto listed = relist(/*emit=*/false)) next_revision_ = *listed + 1;
    thread_ = std::thread([this] { run_watch(); });
  }

  ~EtcdStore() override {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
      if (stream_) stream_->cancel();
    }
    wake_.notify_all();
    thread_.join();
  }
  EtcdStore(const EtcdStore&) = delete;
  EtcdStore& operator=(const EtcdStore&) = delete;
  EtcdStore(EtcdStore&&) = delete;
  EtcdStore& operator=(EtcdStore&&) = delete;

  tl::expected<Object, Error> get(std::string_view plural, std::string_view name) override {
    if (auto key = check_key(plural, name); !key) return tl::make_unexpected(key.error());
    const std::string key = key_of(plural, name);
    auto response = call("/v3/kv/range", {{"key", base64_encode(key)}});
    if (!response) return tl::make_unexpected(response.error());
    const auto& kvs = kvs_of(&*response);
    if (kvs.empty()) return tl::make_unexpected(not_found_error(plural, name));
    return to_object(plural, name, kvs.front());
  }

  tl::expected<List, Error> list(std::string_view plural) override {
    if (auto key = check_key(plural, "x"); !key) return tl::make_unexpected(key.error());
    const std::string dir = prefix_ + std::string(plural) + "/";
    auto response = call("/v3/kv/range", {{"key", base64_encode(dir)},
                                          {"range_end", base64_encode(prefix_range_end(dir))}});
    if (!response) return tl::make_unexpected(response.error());
    List out;
    out.revision = header_revision(*response);
    for (const auto& item : kvs_of(&*response)) {
      auto kv = parse_key_value(item);
      if (!kv) return tl::make_unexpected(kv.error());
      const std::string name = kv->key.substr(dir.size());
      if (name.find('/') != std::string::npos) continue;  // a namespaced key: not ours
      auto value = parse_value(*kv);
      if (!value) return tl::make_unexpected(value.error());
      out.items.push_back(Object{std::string(plural), name,
                                 with_resource_version(std::move(*value), kv->mod_revision),
                                 kv->mod_revision});
    }
    return out;  // etcd returns keys sorted, so items are sorted by name
  }

  tl::expected<Object, Error> create(std::string_view plural, std::string_view name,
                                     nlohmann::json value) override {
    if (auto key = check_key(plural, name); !key) return tl::make_unexpected(key.error());
    auto prepared = prepare_create(std::move(value));
    if (!prepared) return tl::make_unexpected(prepared.error());
    const std::string key = key_of(plural, name);
    auto response = call("/v3/kv/txn", txn(compare(key, "VERSION", "EQUAL", "version", 0),
                                           put_op(key, *prepared), range_op(key)));
    if (!response) return tl::make_unexpected(response.error());
    if (!succeeded(*response)) return tl::make_unexpected(already_exists_error(plural, name));
    const auto revision = header_revision(*response);
    return Object{std::string(plural), std::string(name),
                  with_resource_version(std::move(*prepared), revision), revision};
  }

  tl::expected<Object, Error> update(std::string_view plural, std::string_view name,
                                     nlohmann::json value,
                                     std::string_view expected_version) override {
    if (auto key = check_key(plural, name); !key) return tl::make_unexpected(key.error());
    const auto expected = parse_resource_version(expected_version);
    if (!expected) return tl::make_unexpected(expected.error());
    const std::string key = key_of(plural, name);
    for (int attempt = 0; attempt < kUpdateAttempts; ++attempt) {
      nlohmann::json cmp;
      tl::expected<nlohmann::json, Error> prepared;
      if (needs_stored_metadata(value)) {
        // Copy uid/creationTimestamp from the current value, and make the write conditional on
        // that very version so a concurrent delete + re-create cannot lend us a foreign uid.
        auto response = call("/v3/kv/range", {{"key", base64_encode(key)}});
        if (!response) return tl::make_unexpected(response.error());
        const auto& kvs = kvs_of(&*response);
        if (kvs.empty()) return tl::make_unexpected(not_found_error(plural, name));
        auto kv = parse_key_value(kvs.front());
        if (!kv) return tl::make_unexpected(kv.error());
        if (*expected != 0 && kv->mod_revision != *expected) {
          return tl::make_unexpected(conflict_error(plural, name));
        }
        auto stored = parse_value(*kv);
        if (!stored) return tl::make_unexpected(stored.error());
        prepared = prepare_update(value, *stored);
        cmp = compare(key, "MOD", "EQUAL", "mod_revision", kv->mod_revision);
      } else {
        prepared = prepare_update(value, nlohmann::json::object());
        cmp = *expected != 0 ? compare(key, "MOD", "EQUAL", "mod_revision", *expected)
                             : compare(key, "VERSION", "GREATER", "version", 0);
      }
      if (!prepared) return tl::make_unexpected(prepared.error());
      auto response =
          call("/v3/kv/txn", txn(std::move(cmp), put_op(key, *prepared), range_op(key)));
      if (!response) return tl::make_unexpected(response.error());
      if (succeeded(*response)) {
        const auto revision = header_revision(*response);
        return Object{std::string(plural), std::string(name),
                      with_resource_version(std::move(*prepared), revision), revision};
      }
      if (kvs_of(first_response(*response, "response_range")).empty()) {
        return tl::make_unexpected(not_found_error(plural, name));
      }
      if (*expected != 0) return tl::make_unexpected(conflict_error(plural, name));
      // Unconditional update that raced with another writer: read again and retry.
    }
    return tl::make_unexpected(conflict_error(plural, name));
  }

  tl::expected<Object, Error> remove(std::string_view plural, std::string_view name,
                                     std::string_view expected_version) override {
    if (auto key = check_key(plural, name); !key) return tl::make_unexpected(key.error());
    const auto expected = parse_resource_version(expected_version);
    if (!expected) return tl::make_unexpected(expected.error());
    const std::string key = key_of(plural, name);
    auto cmp = *expected != 0 ? compare(key, "MOD", "EQUAL", "mod_revision", *expected)
                              : compare(key, "VERSION", "GREATER", "version", 0);
    const nlohmann::json del = {
        {"request_delete_range", {{"key", base64_encode(key)}, {"prev_kv", true}}}};
    auto response = call("/v3/kv/txn", txn(std::move(cmp), del, range_op(key)));
    if (!response) return tl::make_unexpected(response.error());
    if (!succeeded(*response)) {
      if (kvs_of(first_response(*response, "response_range")).empty()) {
        return tl::make_unexpected(not_found_error(plural, name));
      }
      return tl::make_unexpected(conflict_error(plural, name));
    }
    const auto revision = header_revision(*response);
    nlohmann::json last = nlohmann::json::object();
    if (const auto* deleted = first_response(*response, "response_delete_range")) {
      if (const auto prev = deleted->find("prev_kvs");
          prev != deleted->end() && prev->is_array() && !prev->empty()) {
        auto kv = parse_key_value(prev->front());
        if (!kv) return tl::make_unexpected(kv.error());
        auto value = parse_value(*kv);
        if (value) last = std::move(*value);
      }
    }
    return Object{std::string(plural), std::string(name),
                  with_resource_version(std::move(last), revision), revision};
  }

  std::uint64_t watch(Watcher watcher) override {
    return notifier_.add(std::move(watcher), known_revision_.load());
  }

  void unwatch(std::uint64_t id) override { notifier_.remove(id); }

  std::uint64_t revision() override { return known_revision_.load(); }

 private:
  [[nodiscard]] std::string key_of(std::string_view plural, std::string_view name) const {
    return prefix_ + std::string(plural) + "/" + std::string(name);
  }

  static nlohmann::json put_op(const std::string& key, const nlohmann::json& value) {
    return {{"request_put", {{"key", base64_encode(key)}, {"value", base64_encode(value.dump())}}}};
  }

  void see_revision(std::uint64_t revision) {
    std::uint64_t known = known_revision_.load();
    while (revision > known && !known_revision_.compare_exchange_weak(known, revision)) {
    }
  }

  tl::expected<nlohmann::json, Error> call(std::string_view path, const nlohmann::json& request) {
    auto response = client_.call(path, request);
    if (response) see_revision(header_revision(*response));
    return response;
  }

  static tl::expected<Object, Error> to_object(std::string_view plural, std::string_view name,
                                               const nlohmann::json& item) {
    auto kv = parse_key_value(item);
    if (!kv) return tl::make_unexpected(kv.error());
    auto value = parse_value(*kv);
    if (!value) return tl::make_unexpected(value.error());
    return Object{std::string(plural), std::string(name),
                  with_resource_version(std::move(*value), kv->mod_revision), kv->mod_revision};
  }

  // <plural>/<name> below the prefix, or nothing for other keys.
  [[nodiscard]] std::optional<std::pair<std::string, std::string>> split_key(
      std::string_view key) const {
    if (key.substr(0, prefix_.size()) != prefix_) return std::nullopt;
    const std::string_view rest = key.substr(prefix_.size());
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size() ||
        rest.find('/', slash + 1) != std::string_view::npos) {
      return std::nullopt;
    }
    return std::pair{std::string(rest.substr(0, slash)), std::string(rest.substr(slash + 1))};
  }

  // Lists the whole prefix into cache_ (watch thread, or the constructor before it starts).
  // With `emit`, posts the difference against the previous cache as events. Returns the
  // header revision.
  tl::expected<std::uint64_t, Error> relist(bool emit) {
    auto response = call("/v3/kv/range", {{"key", base64_encode(prefix_)},
                                          {"range_end", base64_encode(prefix_range_end(prefix_))}});
    if (!response) return tl::make_unexpected(response.error());
    const auto revision = header_revision(*response);
    std::map<std::string, Cached> fresh;
    for (const auto& item : kvs_of(&*response)) {
      auto kv = parse_key_value(item);
      if (!kv) continue;
      auto parts = split_key(kv->key);
      auto value = parse_value(*kv);
      if (!parts || !value) continue;
      fresh.emplace(kv->key, Cached{std::move(parts->first), std::move(parts->second),
                                    std::move(*value), kv->mod_revision});
    }
    if (emit) {
      std::vector<const Cached*> changed;
      for (const auto& [key, entry] : fresh) {
        const auto old = cache_.find(key);
        if (old == cache_.end() || old->second.mod_revision != entry.mod_revision) {
          changed.push_back(&entry);
        }
      }
      std::sort(changed.begin(), changed.end(),
                [](const Cached* a, const Cached* b) { return a->mod_revision < b->mod_revision; });
      for (const Cached* entry : changed)
        post(Event::Type::put, *entry, entry->mod_revision);
      for (const auto& [key, entry] : cache_) {
        if (fresh.find(key) == fresh.end()) post(Event::Type::remove, entry, revision);
      }
    }
    cache_ = std::move(fresh);
    return revision;
  }

  void post(Event::Type type, const Cached& entry, std::uint64_t revision) {
    notifier_.post(Event{type, Object{entry.plural, entry.name,
                                      with_resource_version(entry.value, revision), revision}});
  }

  // Applies one mvccpb.Event of the watch stream to cache_ and posts it.
  void apply_event(const nlohmann::json& event) {
    const auto kv_json = event.find("kv");
    if (kv_json == event.end()) return;
    auto kv = parse_key_value(*kv_json);
    if (!kv) return;
    next_revision_ = std::max(next_revision_, kv->mod_revision + 1);
    auto parts = split_key(kv->key);
    if (!parts) return;
    const auto type = event.find("type");
    const bool is_delete = type != event.end() && type->is_string() && *type == "DELETE";
    if (!is_delete) {
      auto value = parse_value(*kv);
      if (!value) return;  // not a resource document: nothing a watcher could use
      auto& entry = cache_[kv->key];
      entry = Cached{std::move(parts->first), std::move(parts->second), std::move(*value),
                     kv->mod_revision};
      post(Event::Type::put, entry, kv->mod_revision);
      return;
    }
    Cached last{std::move(parts->first), std::move(parts->second), nlohmann::json::object(), 0};
    if (const auto prev = event.find("prev_kv"); prev != event.end()) {
      if (auto prev_kv = parse_key_value(*prev)) {
        if (auto value = parse_value(*prev_kv)) last.value = std::move(*value);
      }
    } else if (const auto cached = cache_.find(kv->key); cached != cache_.end()) {
      last.value = cached->second.value;
    }
    cache_.erase(kv->key);
    post(Event::Type::remove, last, kv->mod_revision);
  }

  // Sleeps for `delay` unless the store is being destroyed; returns false when it is.
  bool sleep_for(std::chrono::milliseconds delay) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, delay, [this] { return stopping_; });
  }

  void run_watch() {
    auto backoff = options_.min_backoff;
    const auto fail = [&] {
      const auto delay = backoff;
      backoff = std::min(backoff * 2, options_.max_backoff);
      return sleep_for(delay);
    };
    bool synced = next_revision_ != 0;
    bool cache_valid = synced;  // the first sync after an unreachable start emits nothing
    for (;;) {
      {
        const std::lock_guard lock(mutex_);
        if (stopping_) return;
      }
      if (!synced) {
        auto listed = relist(cache_valid);
        if (!listed) {
          if (!fail()) return;
          continue;
        }
        next_revision_ = *listed + 1;
        synced = true;
        cache_valid = true;
      }
      auto stream = std::make_shared<EtcdWatchStream>();
      {
        const std::lock_guard lock(mutex_);
        if (stopping_) return;
        stream_ = stream;
      }
      const nlohmann::json request = {{"key", base64_encode(prefix_)},
                                      {"range_end", base64_encode(prefix_range_end(prefix_))},
                                      {"start_revision", std::to_string(next_revision_)},
                                      {"prev_kv", true}};
      if (auto opened = client_.open_watch(*stream, request); opened) {
        while (auto response = stream->next()) {
          if (json_uint(*response, "compact_revision") != 0) {
            synced = false;  // our revision is gone: re-list and emit the difference
            break;
          }
          if (const auto canceled = response->find("canceled");
              canceled != response->end() && *canceled == true) {
            break;
          }
          backoff = options_.min_backoff;
          see_revision(header_revision(*response));
          if (const auto events = response->find("events");
              events != response->end() && events->is_array()) {
            for (const auto& event : *events)
              apply_event(event);
          }
        }
      }
      {
        const std::lock_guard lock(mutex_);
        stream_.reset();
      }
      if (!synced) continue;
      if (!fail()) return;
    }
  }

  EtcdClient client_;
  const std::string prefix_;
  const EtcdStoreOptions options_;
  std::atomic<std::uint64_t> known_revision_{0};

  // Watch-thread state (the constructor fills it before the thread starts).
  std::map<std::string, Cached> cache_;
  std::uint64_t next_revision_ = 0;

  std::mutex mutex_;  // guards stopping_ and stream_
  std::condition_variable wake_;
  bool stopping_ = false;
  std::shared_ptr<EtcdWatchStream> stream_;

  Notifier notifier_;
  std::thread thread_;  // last: started in the constructor body, joined in the destructor
};

}  // namespace

tl::expected<std::unique_ptr<Store>, Error> open_etcd_store(
    const std::vector<std::string>& endpoints, std::string prefix, EtcdStoreOptions options) {
  if (endpoints.empty()) {
    return tl::make_unexpected(Error{ErrorCode::invalid, "no etcd endpoint given"});
  }
  if (prefix.empty() || prefix.back() != '/') {
    return tl::make_unexpected(
        Error{ErrorCode::invalid, "etcd prefix must end with '/': '" + prefix + "'"});
  }
  std::vector<EtcdEndpoint> parsed;
  for (const auto& url : endpoints) {
    auto endpoint = parse_etcd_endpoint(url);
    if (!endpoint) return tl::make_unexpected(endpoint.error());
    parsed.push_back(std::move(*endpoint));
  }
  return std::make_unique<EtcdStore>(std::move(parsed), std::move(prefix), options);
}

}  // namespace mgmt::store
