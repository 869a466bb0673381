using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blazar.Storage.Migrations.Sqlite
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
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "TEXT", nullable: false),
                    summary = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    current_version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "report_versions",
                columns: table => new
                {
                    report_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    spec = table.Column<string>(type: "TEXT", nullable: true),
                    instruction = table.Column<string>(type: "TEXT", nullable: true),
                    section = table.Column<string>(type: "TEXT", nullable: true),
                    text = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    length = table.Column<int>(type: "INTEGER", nullable: false),
                    progress = table.Column<int>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    usage = table.Column<string>(type: "TEXT", nullable: true),
                    truncated = table.Column<bool>(type: "INTEGER", nullable: false)
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

            // Full-text search (outside the model: EF has no FTS5 type): one row per report, kept by the store.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE report_search USING fts5(report_id UNINDEXED, title, summary, body, tokenize = 'porter unicode61');
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
