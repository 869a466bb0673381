using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blazar.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ManifestColumnsFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite reads a row's columns in order, and a long value lies on a chain of overflow pages that must be
            // walked to reach what follows it: with the spec and text before the status, listing 1,000 reports read
            // their whole texts. The manifest's columns now come first, the spec and the text last.
            migrationBuilder.Sql("""
                CREATE TABLE report_versions_new (
                    report_id TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    completed_at INTEGER NULL,
                    length INTEGER NOT NULL,
                    progress INTEGER NOT NULL,
                    truncated INTEGER NOT NULL,
                    error TEXT NULL,
                    usage TEXT NULL,
                    instruction TEXT NULL,
                    section TEXT NULL,
                    spec TEXT NULL,
                    text TEXT NOT NULL,
                    CONSTRAINT PK_report_versions PRIMARY KEY (report_id, number),
                    CONSTRAINT FK_report_versions_reports_report_id FOREIGN KEY (report_id) REFERENCES reports (id) ON DELETE CASCADE);
                INSERT INTO report_versions_new (report_id, number, status, created_at, completed_at, length, progress, truncated, error, usage, instruction, section, spec, text)
                    SELECT report_id, number, status, created_at, completed_at, length, progress, truncated, error, usage, instruction, section, spec, text FROM report_versions;
                DROP TABLE report_versions;
                ALTER TABLE report_versions_new RENAME TO report_versions;
                CREATE INDEX report_versions_status ON report_versions (status);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The order of columns changes no meaning: nothing to undo.
        }
    }
}
