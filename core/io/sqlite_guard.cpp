// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/sqlite_guard.h"

#include <sqlite3.h>

namespace fuselab {

void limitUntrustedConnection(sqlite3 *db)
{
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 256 << 20);
    sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
    sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
}

std::string foreignSchemaObject(sqlite3 *db, const std::set<std::string> &tables)
{
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT type, name, coalesce(sql, '') FROM sqlite_master", -1, &st, nullptr) !=
        SQLITE_OK)
        return std::string("cannot read the schema: ") + sqlite3_errmsg(db);
    std::string reason;
    int rc = SQLITE_OK; // set by the first step: the loop always runs once (gcc -O1 cannot see it)
    while (reason.empty() && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        auto col = [&](int i) {
            const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(st, i));
            return p ? std::string(p) : std::string();
        };
        const std::string type = col(0), name = col(1), sql = col(2);
        if (type == "index")
            continue;
        if (type != "table")
            reason = "contains a " + type + " '" + name + "'; FuseLab writes only tables and indices and does not "
                     "run code stored in a file it reads";
        else if (sql.rfind("CREATE VIRTUAL TABLE", 0) == 0)
            reason = "contains a virtual table '" + name + "'; FuseLab writes only plain tables";
        else if (!tables.count(name) && name.rfind("sqlite_", 0) != 0)
            reason = "contains a table '" + name + "' FuseLab does not write";
    }
    if (reason.empty() && rc != SQLITE_DONE)
        reason = std::string("cannot read the schema: ") + sqlite3_errmsg(db);
    sqlite3_finalize(st);
    return reason;
}

} // namespace fuselab
