// Schema migrations: kMigrations[i] takes the store from version i to i+1.
// A new schema version appends one entry; existing entries never change.
#pragma once

#include <vector>

namespace leakscope {
const std::vector<const char*>& schema_migrations();
}
