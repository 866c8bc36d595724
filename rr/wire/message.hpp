// Any BGP message, and the single entry point that decodes one framed message.
#pragma once

#include <variant>

#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/header.hpp"
#include "rr/wire/notification.hpp"
#include "rr/wire/open_message.hpp"
#include "rr/wire/route_refresh.hpp"
#include "rr/wire/update_message.hpp"

namespace rr::wire {

using Message = std::variant<OpenMessage, UpdateMessage, NotificationMessage, KeepaliveMessage,
                             RouteRefreshMessage>;

// Decodes one whole message (header included; `message.size()` must equal the header length).
Result<Message> decode_message(ByteView message, const CodecContext& ctx);

// Appends one whole message.
Result<std::monostate> encode(const Message& msg, const CodecContext& ctx, Bytes& out);

MessageType message_type(const Message& msg);

}  // namespace rr::wire
