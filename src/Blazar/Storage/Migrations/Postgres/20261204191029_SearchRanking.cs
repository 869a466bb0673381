using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blazar.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchRanking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Ranking read every matching report's whole tsvector (ts_rank detoasts it): a word found in 10,000 reports
            // cost a third of a second. Two small vectors are read for every match instead: the title and summary
            // (heading), and the document's most frequent words with all their positions (keywords, kept by the store);
            // the whole document is read only for the best of them. seq: newest first among equals.
            migrationBuilder.Sql("""
                ALTER TABLE report_search
                    ADD COLUMN heading tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('english', title), 'A') ||
                        setweight(to_tsvector('english', summary), 'B')) STORED,
                    ADD COLUMN keywords tsvector NOT NULL DEFAULT ''::tsvector,
                    ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
                UPDATE report_search SET keywords = ts_delete(document,
                    ARRAY(SELECT lexeme FROM unnest(document) ORDER BY cardinality(positions) DESC, lexeme OFFSET 64));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE report_search DROP COLUMN heading, DROP COLUMN keywords, DROP COLUMN seq;");
        }
    }
}
