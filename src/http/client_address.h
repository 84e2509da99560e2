// Which address a request comes from when Trellis runs behind reverse proxies. The TCP peer is
// the client unless it is a trusted proxy; then X-Forwarded-For is read from the right, skipping
// trusted proxies, and the first address that is not one is the client. Nothing a client
// writes into the header can make it look like another client: only hops appended by trusted
// proxies are believed. Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/ip_network.h"

namespace trellis::http {

// `forwarded_for` holds the X-Forwarded-For header values in the order they came.
// Returns the client address in canonical form (the peer as given when it does not parse).
// When every hop is a trusted proxy, the left-most one is the client; an entry that is not an
// address ends the walk at the trusted hop before it.
std::string client_address(std::string_view peer,
                           const std::vector<std::string_view>& forwarded_for,
                           const std::vector<IpNetwork>& trusted_proxies);

}  // namespace trellis::http
