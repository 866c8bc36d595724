// The per-kind halves of decode()/encode() (codec.hpp), one .cpp per kind, plus the shared
// metadata codec. decode_*() read a resource's body (spec, status, data…) from the root reader of
// one JSON object and validate it, appending FieldErrors; encode_*() write the canonical stored
// form of that body into `out` (kind, apiVersion and metadata are written by codec.cpp).
// Internal to mgmt/resource; pure functions, any thread.
#pragma once

#include <nlohmann/json.hpp>

#include "mgmt/resource/codec.hpp"
#include "mgmt/resource/field_reader.hpp"
#include "mgmt/resource/types.hpp"

namespace mgmt::resource {

// metadata: name (required, valid), namespace (Secret only), resourceVersion, uid,
// creationTimestamp, labels, annotations; other Kubernetes ObjectMeta fields are tolerated and
// dropped (as calicoctl does); anything else is an unknown field.
[[nodiscard]] ObjectMeta decode_metadata(ObjectReader& root, Kind kind, FieldErrors& errors);
[[nodiscard]] nlohmann::json encode_metadata(const ObjectMeta& metadata);

[[nodiscard]] Node decode_node(ObjectReader& root, ObjectMeta metadata, FieldErrors& errors);
void encode_node(const Node& node, nlohmann::json& out);

[[nodiscard]] BgpConfiguration decode_bgp_configuration(ObjectReader& root, ObjectMeta metadata,
                                                        FieldErrors& errors);
void encode_bgp_configuration(const BgpConfiguration& config, nlohmann::json& out);

[[nodiscard]] BgpPeer decode_bgp_peer(ObjectReader& root, ObjectMeta metadata, FieldErrors& errors);
void encode_bgp_peer(const BgpPeer& peer, nlohmann::json& out);

[[nodiscard]] BgpFilter decode_bgp_filter(ObjectReader& root, ObjectMeta metadata,
                                          FieldErrors& errors);
void encode_bgp_filter(const BgpFilter& filter, nlohmann::json& out);

[[nodiscard]] Secret decode_secret(ObjectReader& root, ObjectMeta metadata, FieldErrors& errors);
void encode_secret(const Secret& secret, nlohmann::json& out);

// Shared pieces of the kind codecs.
// {secretKeyRef: {name, key}} (BGPPeer.password, BGPConfiguration.nodeMeshPassword).
[[nodiscard]] std::optional<SecretKeyRef> decode_secret_key_ref_holder(const nlohmann::json& value,
                                                                       const std::string& path,
                                                                       FieldErrors& errors);
[[nodiscard]] nlohmann::json encode_secret_key_ref_holder(const SecretKeyRef& ref);
// Validates with `verdict` and reports a failure at `path`; returns whether it was valid.
bool check(FieldErrors& errors, const std::string& path, const std::optional<std::string>& verdict);

}  // namespace mgmt::resource
