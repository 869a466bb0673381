using Blazar.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blazar.Storage;

internal sealed class ReportVersionRowConfiguration : IEntityTypeConfiguration<ReportVersionRow>
{
    public void Configure(EntityTypeBuilder<ReportVersionRow> version)
    {
        version.ToTable("report_versions");
        version.HasKey(v => new { v.ReportId, v.Number });
        version.Property(v => v.ReportId).HasColumnName("report_id").HasMaxLength(64);
        version.Property(v => v.Number).HasColumnName("number");
        version.Property(v => v.Spec).HasColumnName("spec");
        version.Property(v => v.Instruction).HasColumnName("instruction");
        version.Property(v => v.Section).HasColumnName("section");
        version.Property(v => v.Text).HasColumnName("text");
        version.Property(v => v.Status).HasColumnName("status").HasMaxLength(16)
            .HasConversion(s => StatusName(s), s => Enum.Parse<ReportStatus>(s, true));
        version.Property(v => v.CreatedAt).HasColumnName("created_at");
        version.Property(v => v.CompletedAt).HasColumnName("completed_at");
        version.Property(v => v.Length).HasColumnName("length");
        version.Property(v => v.Progress).HasColumnName("progress");
        version.Property(v => v.Error).HasColumnName("error");
        version.Property(v => v.Usage).HasColumnName("usage");
        version.Property(v => v.Truncated).HasColumnName("truncated");
        version.HasIndex(v => v.Status).HasDatabaseName("report_versions_status"); // recovery and takeover look for active ones
    }

    private static string StatusName(ReportStatus status) => status.ToString().ToLowerInvariant();
}
