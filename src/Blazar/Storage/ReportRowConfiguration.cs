using Blazar.Reports;
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
        report.Property(r => r.OwnerId).HasColumnName("owner_id");
        report.Property(r => r.Visibility).HasColumnName("visibility").HasMaxLength(16).HasDefaultValue(ReportVisibility.Private)
            .HasSentinel((ReportVisibility)(-1))
            .HasConversion(v => v.ToString().ToLowerInvariant(), v => Enum.Parse<ReportVisibility>(v, true));
        report.HasIndex(r => r.OwnerId).HasDatabaseName("reports_owner");
        report.HasIndex(r => new { r.CreatedAt, r.Id }).HasDatabaseName("reports_created").IsDescending(true, true);
        report.HasMany(r => r.Versions).WithOne().HasForeignKey(v => v.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}
