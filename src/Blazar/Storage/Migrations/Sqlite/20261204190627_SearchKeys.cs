using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blazar.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // FTS5 cannot look a row up by an UNINDEXED column: replacing or removing a report's row by report_id read
            // the whole search table. Each report's row now has a rowid of its own, found through this table.
            migrationBuilder.Sql("""
                CREATE TABLE report_search_keys (id INTEGER PRIMARY KEY, report_id TEXT NOT NULL UNIQUE);
                INSERT OR IGNORE INTO report_search_keys (id, report_id) SELECT rowid, report_id FROM report_search ORDER BY rowid DESC;
                DELETE FROM report_search WHERE rowid NOT IN (SELECT id FROM report_search_keys);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE report_search_keys;");
        }
    }
}
