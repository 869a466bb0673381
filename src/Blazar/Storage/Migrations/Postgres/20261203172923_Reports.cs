using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blazar.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Reports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reports",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    summary = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    current_version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "report_versions",
                columns: table => new
                {
                    report_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    spec = table.Column<string>(type: "text", nullable: true),
                    instruction = table.Column<string>(type: "text", nullable: true),
                    section = table.Column<string>(type: "text", nullable: true),
                    text = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    length = table.Column<int>(type: "integer", nullable: false),
                    progress = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    usage = table.Column<string>(type: "text", nullable: true),
                    truncated = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_versions", x => new { x.report_id, x.number });
                    table.ForeignKey(
                        name: "FK_report_versions_reports_report_id",
                        column: x => x.report_id,
                        principalTable: "reports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "report_versions_status",
                table: "report_versions",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "reports_created",
                table: "reports",
                columns: new[] { "created_at", "id" },
                descending: new bool[0]);

            // Full-text search (outside the model): one row per report, kept by the store; title weighs most.
            migrationBuilder.Sql("""
                CREATE TABLE report_search (
                    report_id character varying(64) PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
                    title text NOT NULL,
                    summary text NOT NULL,
                    body text NOT NULL,
                    document tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('english', title), 'A') ||
                        setweight(to_tsvector('english', summary), 'B') ||
                        setweight(to_tsvector('english', body), 'C')) STORED);
                CREATE INDEX report_search_document ON report_search USING GIN (document);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE report_search;");

            migrationBuilder.DropTable(
                name: "report_versions");

            migrationBuilder.DropTable(
                name: "reports");
        }
    }
}
