using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blazar.Storage;

internal sealed class ReportRowConfiguration : IEntityTypeConfiguration<ReportRow>
{
    public void Configure(EntityTypeBuilder<ReportRow> report)
    {
        report.ToTable("reports");
        report.HasKey(r => r.Id);
        report.Property(r => r.Id).HasColumnName("id").HasMaxLength(64);
        report.Property(r => r.Title).HasColumnName("title");
        report.Property(r => r.Summary).HasColumnName("summary");
        report.Property(r => r.CreatedAt).HasColumnName("created_at");
        report.Property(r => r.CurrentVersion).HasColumnName("current_version");
        report.HasIndex(r => new { r.CreatedAt, r.Id }).HasDatabaseName("reports_created").IsDescending(true, true);
        report.HasMany(r => r.Versions).WithOne().HasForeignKey(v => v.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}
